import { MessageChannel, Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../package-root.js';
import type { Batch } from './batch.js';
import type { BuilderSeed } from './batch-builder.js';
import type { DecodeWorkerInput } from './decode-worker.js';
import type { EncodeWorkerInput } from './encode-worker.js';

/** What the encoding thread tells the writer, in file order. */
export type WorkerMessage =
  | { type: 'batch'; batch: Batch }
  | { type: 'file-error'; fileId: number; message: string }
  | { type: 'done' };

/** Three stretches in flight per hop keep every thread busy; more only costs memory (performance.md 6). */
const maxInFlight = 3;

/**
 * A compiled worker script. Under vitest this module runs from src/*.ts, which a
 * worker thread cannot load, so it uses the build in dist/ (npm test builds first).
 */
function workerFile(name: string): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? join(packageRoot(), 'dist', 'src', 'ingest', `${name}.js`) : join(here, '..', `${name}.js`);
}

/**
 * Parses files on two threads and hands each batch to `onBatch` on this one (the
 * SQLite writer), acknowledging it afterwards so no thread runs more than
 * `maxInFlight` stretches ahead. One thread reads and decodes lines, the other
 * turns them into dictionary ids and devices: each took about half of the one
 * parser thread that used to be the ingest's bottleneck, and the single builder
 * still sees every line in file order.
 */
export function parseInWorker(
  input: { seed: BuilderSeed; files: DecodeWorkerInput['files'] },
  onBatch: (batch: Batch) => void,
  onFileError: (fileId: number, message: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const { port1, port2 } = new MessageChannel();
    const decoder = new Worker(workerFile('decode-worker'), {
      workerData: { files: input.files, port: port1, maxInFlight } satisfies DecodeWorkerInput, transferList: [port1],
    });
    const encoder = new Worker(workerFile('encode-worker'), {
      workerData: { seed: input.seed, port: port2, maxInFlight } satisfies EncodeWorkerInput, transferList: [port2],
    });
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      void decoder.terminate();
      void encoder.terminate();
      reject(error);
    };
    encoder.on('message', (message: WorkerMessage) => {
      if (failed) return;
      try {
        if (message.type === 'batch') {
          onBatch(message.batch);
          encoder.postMessage('ack');
        } else if (message.type === 'file-error') {
          onFileError(message.fileId, message.message);
        } else {
          resolve();
        }
      } catch (error) {
        fail(error);
      }
    });
    for (const [name, worker] of [['decoding', decoder], ['encoding', encoder]] as const) {
      worker.on('error', fail);
      worker.on('exit', (code) => { if (code !== 0) fail(new Error(`${name} thread exited with code ${code}`)); });
    }
  });
}
