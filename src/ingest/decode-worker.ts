import { workerData, type MessagePort } from 'node:worker_threads';
import { parseFile, type FileStart } from './parse-file.js';
import { RecordPacker, type PackedRecords } from './record-stream.js';

/** What the main thread hands the decoding thread. */
export interface DecodeWorkerInput {
  files: { start: FileStart; folderServer: string | null }[];
  /** To the encoding thread, which acknowledges every records message. */
  port: MessagePort;
  /** Records messages sent but not yet encoded; past this the worker stops reading (bounded memory). */
  maxInFlight: number;
}

/** In file order, what the decoding thread tells the encoding thread. */
export type DecodedMessage =
  | { type: 'file'; fileId: number; folderServer: string | null }
  | { type: 'records'; packed: PackedRecords }
  | { type: 'file-error'; fileId: number; message: string }
  | { type: 'done' };

const input = workerData as DecodeWorkerInput;
const port = input.port;
const packer = new RecordPacker();
let credits = input.maxInFlight;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits++;
  wake?.();
  wake = null;
});

const send = (message: DecodedMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

for (const file of input.files) {
  send({ type: 'file', fileId: file.start.id, folderServer: file.folderServer });
  try {
    for await (const packed of parseFile(file.start, file.folderServer, packer)) {
      while (credits === 0) await new Promise<void>((resolve) => { wake = resolve; });
      credits--;
      const chunks = packed.texts.filter((t): t is Uint8Array => typeof t !== 'string').map((t) => t.buffer as ArrayBuffer);
      send({ type: 'records', packed }, [packed.numbers.buffer as ArrayBuffer, packed.spans.buffer as ArrayBuffer, ...chunks]);
    }
  } catch (error) {
    packer.dropUncommitted();
    send({ type: 'file-error', fileId: file.start.id, message: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
  }
}
send({ type: 'done' });
port.close();
