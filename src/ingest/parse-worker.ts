import { parentPort, workerData } from 'node:worker_threads';
import { BatchBuilder, type BuilderSeed } from './batch-builder.js';
import { parseFile, type FileStart } from './parse-file.js';
import type { WorkerMessage } from './parse-in-worker.js';

/** What the main thread hands the parser thread. */
export interface ParseWorkerInput {
  seed: BuilderSeed;
  files: { start: FileStart; folderServer: string | null }[];
  /** Batches sent but not yet written; past this the worker stops reading (bounded memory). */
  maxInFlight: number;
}

const port = parentPort!;
const input = workerData as ParseWorkerInput;
const builder = new BatchBuilder(input.seed);
let credits = input.maxInFlight;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits++;
  wake?.();
  wake = null;
});

const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

for (const file of input.files) {
  try {
    for await (const batch of parseFile(file.start, file.folderServer, builder)) {
      while (credits === 0) await new Promise<void>((resolve) => { wake = resolve; });
      credits--;
      send({ type: 'batch', batch }, [batch.rows.buffer as ArrayBuffer]);
    }
  } catch (error) {
    builder.dropUncommitted();
    send({ type: 'file-error', fileId: file.start.id, message: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
  }
}
send({ type: 'done' });
port.close();
