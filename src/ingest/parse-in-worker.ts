import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../package-root.js';
import type { Batch } from './batch.js';
import type { ParseWorkerInput } from './parse-worker.js';

export type WorkerMessage =
  | { type: 'batch'; batch: Batch }
  | { type: 'file-error'; fileId: number; message: string }
  | { type: 'done' };

/**
 * Batches sent ahead of the writer. With three the parser waited 0.1-0.3 s per
 * million lines while the writer committed (its rollup upserts take a while);
 * five absorb those pauses for ~6 MB more (1M and 4M lines still peak under 290 MB).
 */
const maxInFlight = 5;

/**
 * The compiled worker. Under vitest this module runs from src/*.ts, which a
 * worker thread cannot load, so it uses the build in dist/ (npm test builds first).
 */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? join(packageRoot(), 'dist', 'src', 'ingest', 'parse-worker.js') : join(here, '..', 'parse-worker.js');
}

/**
 * Parses files on a worker thread and hands each batch to `onBatch` on this
 * one (the SQLite writer), acknowledging it afterwards so the worker never runs
 * more than `maxInFlight` batches ahead. Parsing is the bottleneck, writing idles
 * ~60% (performance.md 4): two threads nearly halve the wall time.
 */
export function parseInWorker(
  input: Omit<ParseWorkerInput, 'maxInFlight'>,
  onBatch: (batch: Batch) => void,
  onFileError: (fileId: number, message: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile(), { workerData: { ...input, maxInFlight } satisfies ParseWorkerInput });
    let failed = false;
    worker.on('message', (message: WorkerMessage) => {
      if (failed) return;
      try {
        if (message.type === 'batch') {
          onBatch(message.batch);
          worker.postMessage('ack');
        } else if (message.type === 'file-error') {
          onFileError(message.fileId, message.message);
        } else {
          resolve();
        }
      } catch (error) {
        failed = true;
        void worker.terminate();
        reject(error);
      }
    });
    worker.on('error', (error) => { failed = true; reject(error); });
    worker.on('exit', (code) => { if (!failed && code !== 0) reject(new Error(`parser thread exited with code ${code}`)); });
  });
}
