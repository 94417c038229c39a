import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { BatchBuilder, type BuilderSeed } from './batch-builder.js';
import type { DecodedMessage } from './decode-worker.js';
import type { WorkerMessage } from './parse-in-worker.js';
import { unpackRecords } from './record-stream.js';

/** What the main thread hands the encoding thread. */
export interface EncodeWorkerInput {
  seed: BuilderSeed;
  /** From the decoding thread. */
  port: MessagePort;
  /** Batches sent to the writer but not yet written; past this the worker waits. */
  maxInFlight: number;
}

const input = workerData as EncodeWorkerInput;
const writer = parentPort!;
const builder = new BatchBuilder(input.seed);
let credits = input.maxInFlight;
let wake: (() => void) | null = null;
writer.on('message', () => {
  credits++;
  wake?.();
  wake = null;
});

/** Messages from the decoding thread, taken one at a time in their order. */
const queue: DecodedMessage[] = [];
let arrived: (() => void) | null = null;
input.port.on('message', (message: DecodedMessage) => {
  queue.push(message);
  arrived?.();
  arrived = null;
});

const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => writer.postMessage(message, transfer);

for (;;) {
  while (queue.length === 0) await new Promise<void>((resolve) => { arrived = resolve; });
  const message = queue.shift()!;
  if (message.type === 'file') {
    builder.startFile(message.fileId, message.folderServer);
  } else if (message.type === 'records') {
    unpackRecords(message.packed, builder);
    const batch = builder.take(message.packed.end);
    input.port.postMessage('ack');
    while (credits === 0) await new Promise<void>((resolve) => { wake = resolve; });
    credits--;
    send({ type: 'batch', batch }, [batch.rows.buffer as ArrayBuffer]);
  } else if (message.type === 'file-error') {
    builder.dropUncommitted();
    send(message);
  } else {
    send(message);
    break;
  }
}
input.port.close();
writer.close();
