import { ensureIndexes } from '../store/ensure-indexes.js';
import { acquireIngestLock } from '../store/ingest-lock.js';
import { createFileRegistry } from '../store/file-registry.js';
import { loadBuilderSeed } from '../store/load-builder-seed.js';
import type { Db } from '../store/open-database.js';
import { createBatchWriter } from '../store/write-batch.js';
import { BatchBuilder } from './batch-builder.js';
import { discoverFiles } from './discover-files.js';
import type { Batch } from './batch.js';
import { parseFile } from './parse-file.js';
import { parseInWorker } from './parse-in-worker.js';
import { planFile, sameContentNote, type Plan, type Planning } from './plan-files.js';
import type { IngestProgress, IngestResult } from './ingest-summary.js';
import { isGzip } from './read-lines.js';

export interface IngestOptions {
  db: Db;
  onProgress?: (progress: IngestProgress) => void;
  /** One-line warnings (skipped or unreadable files); the run goes on. */
  onWarning?: (message: string) => void;
  /** Parse on a worker thread: default when there is more than `workerThreshold` to read. */
  worker?: boolean;
}

/** Below this many bytes to read, a worker's start-up (~40 ms) costs more than it saves (follow-mode polls). */
const workerThreshold = 4 << 20;

const errorText = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/**
 * Ingests every W3C log under `paths` into the database, incrementally: only
 * new files, appended lines and replaced files are read. Calling it again on an
 * unchanged folder costs a stat and a 1 KiB read per file and adds nothing.
 */
export async function runIngest(paths: string[], options: IngestOptions): Promise<IngestResult> {
  const release = options.db.memory ? () => {} : acquireIngestLock(options.db.name);
  try {
    return await ingestUnlocked(paths, options);
  } finally {
    release();
  }
}

async function ingestUnlocked(paths: string[], options: IngestOptions): Promise<IngestResult> {
  const started = performance.now();
  const { db } = options;
  const warn = options.onWarning ?? (() => {});
  const registry = createFileRegistry(db);
  const summary: IngestResult = {
    files: 0, skippedFiles: 0, lines: 0, ingested: 0, rejected: 0,
    activesync: { direct: 0, proxy: 0, redirect: 0 }, other: 0, elapsedMs: 0, linesPerSecond: 0, notUtf8Lines: 0,
  };

  const discovery = await discoverFiles(paths);
  for (const e of discovery.errors) {
    warn(`cannot read ${e.path}: ${e.message}`);
    summary.skippedFiles++;
  }

  const plans: Plan[] = [];
  const sniffedIps: string[] = [];
  const planning: Planning = { registry, sniffedIps, readers: new Map() };
  for (const found of discovery.files) {
    try {
      const plan = await planFile(found, planning);
      if (typeof plan === 'string') {
        warn(`skipped ${found.path}: ${plan}`);
        summary.skippedFiles++;
        continue;
      }
      summary.files++;
      if (plan !== null) plans.push(plan);
    } catch (error) {
      // The database's own failures (a damaged files table) are not the file's: they end the run.
      if (errorText(error).startsWith('SQLITE_')) throw error;
      warn(`cannot read ${found.path}: ${errorText(error)}`);
      summary.skippedFiles++;
    }
  }

  // A follow-mode poll of unchanged files ends here, without loading every dictionary.
  if (plans.length === 0) return finished(summary, started);
  const seed = loadBuilderSeed(db, sniffedIps);
  const writer = createBatchWriter(db);
  const progress: IngestProgress = {
    filesDone: 0, filesTotal: plans.length, bytesDone: 0,
    bytesTotal: plans.reduce((sum, p) => sum + Math.max(0, p.found.size - (isGzip(p.found.path) ? 0 : p.record.offset)), 0),
    lines: 0, linesPerSecond: 0, currentFile: null,
  };
  const report = (): void => {
    progress.lines = summary.lines;
    progress.linesPerSecond = Math.round(summary.lines / Math.max(0.001, (performance.now() - started) / 1000));
    options.onProgress?.(progress);
  };
  const byId = new Map(plans.map((p) => [p.record.id, p]));
  const position = new Map(plans.map((p) => [p.record.id, p.record.offset]));
  let current: Plan | undefined;
  /** Files whose read broke: their size is not recorded, so the next run tries them again. */
  const broken = new Set<number>();
  /** Files that gave at least one batch. */
  const fed = new Set<number>();
  const finishCurrent = (): void => {
    if (!current) return;
    const gz = isGzip(current.found.path);
    if (!broken.has(current.record.id)) registry.touch(current.record.id, current.found.size, current.record.fingerprint, current.record.fingerprintBytes);
    if (gz) progress.bytesDone += current.found.size;
    progress.filesDone++;
    current = undefined;
  };
  const onBatch = (batch: Batch): void => {
    if (current?.record.id !== batch.fileId) {
      finishCurrent();
      current = byId.get(batch.fileId);
      progress.currentFile = current?.found.path ?? null;
    }
    writer.write(batch);
    fed.add(batch.fileId);
    const c = batch.counts;
    summary.lines += c.lines;
    summary.rejected += c.rejected;
    summary.ingested += c.lines - c.rejected;
    summary.activesync.direct += c.direct;
    summary.activesync.proxy += c.proxy;
    summary.activesync.redirect += c.redirect;
    summary.other += c.other;
    summary.notUtf8Lines += c.notUtf8;
    if (!isGzip(progress.currentFile ?? '')) progress.bytesDone += batch.end.offset - (position.get(batch.fileId) ?? 0);
    position.set(batch.fileId, batch.end.offset);
    report();
  };
  // A file that vanished or broke mid-read keeps what was committed; the next run resumes it.
  const onFileError = (fileId: number, message: string): void => {
    broken.add(fileId);
    warn(`error reading ${byId.get(fileId)?.found.path ?? fileId}: ${message}; ingested up to the last complete batch`);
  };

  try {
    const useWorker = options.worker ?? progress.bytesTotal > workerThreshold;
    if (useWorker) {
      const files = plans.map((p) => ({ start: p.record, folderServer: p.found.folderServer }));
      await parseInWorker({ seed, files }, onBatch, onFileError);
    } else {
      const builder = new BatchBuilder(seed);
      for (const plan of plans) {
        const batches = parseFile(plan.record, plan.found.folderServer, builder);
        try {
          for (;;) {
            let next: IteratorResult<Batch>;
            try {
              next = await batches.next();
            } catch (error) {
              builder.dropUncommitted();
              onFileError(plan.record.id, errorText(error));
              break;
            }
            if (next.done) break;
            // Outside the try: a failed write (disk full) is the database's fault, not the file's; it ends the run.
            onBatch(next.value);
          }
        } finally {
          // A failed write leaves the parse suspended mid-file: ending it closes the file (not the garbage collector).
          await batches.return(undefined);
        }
      }
    }
  } finally {
    // Complete batches still in the open transaction are as good as committed ones.
    writer.flush();
  }
  finishCurrent();
  // A file read to its end without a line past its position is recorded as read, so that a .gz is not decompressed again.
  for (const plan of plans) {
    if (fed.has(plan.record.id) || broken.has(plan.record.id)) continue;
    registry.touch(plan.record.id, plan.found.size, plan.record.fingerprint, plan.record.fingerprintBytes);
    if (plan.continues === undefined) continue;
    // A copy read on from its log's position that held nothing past it (a .gz shorter than that) is a copy after all.
    // It stays tracked, read to its end: it no longer holds up another copy of the log (see planContinuation).
    warn(`skipped ${plan.found.path}: ${sameContentNote(plan.continues)}`);
    summary.files--;
    summary.skippedFiles++;
  }
  progress.currentFile = null;
  report();
  if (summary.ingested > 0) {
    ensureIndexes(db);
    // Keeps the planner's statistics current as the tables grow (cheap when nothing needs it).
    db.pragma('optimize');
  }
  return finished(summary, started);
}

/** Stamps the run's elapsed time and rate on its summary. */
function finished(summary: IngestResult, started: number): IngestResult {
  summary.elapsedMs = Math.round(performance.now() - started);
  summary.linesPerSecond = Math.round(summary.lines / Math.max(0.001, summary.elapsedMs / 1000));
  return summary;
}
