import { ensureIndexes } from '../store/ensure-indexes.js';
import { acquireIngestLock } from '../store/ingest-lock.js';
import { createFileRegistry, type FileRecord } from '../store/file-registry.js';
import { loadBuilderSeed } from '../store/load-builder-seed.js';
import type { Db } from '../store/open-database.js';
import { createBatchWriter } from '../store/write-batch.js';
import { BatchBuilder } from './batch-builder.js';
import { discoverFiles, type FoundFile } from './discover-files.js';
import { fingerprintFile, fingerprintLength } from './file-identity.js';
import type { Batch } from './batch.js';
import { parseFile } from './parse-file.js';
import { parseInWorker } from './parse-in-worker.js';
import type { IngestProgress, IngestSummary } from './ingest-summary.js';
import { isGzip } from './read-lines.js';
import { sniffFile } from './sniff-file.js';

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

interface Plan {
  found: FoundFile;
  record: FileRecord;
}

const errorText = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/**
 * Ingests every W3C log under `paths` into the database, incrementally: only
 * new files, appended lines and replaced files are read. Calling it again on an
 * unchanged folder costs a stat and a 1 KiB read per file and adds nothing.
 */
export async function runIngest(paths: string[], options: IngestOptions): Promise<IngestSummary> {
  const release = options.db.memory ? () => {} : acquireIngestLock(options.db.name);
  try {
    return await ingestUnlocked(paths, options);
  } finally {
    release();
  }
}

async function ingestUnlocked(paths: string[], options: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const { db } = options;
  const warn = options.onWarning ?? (() => {});
  const registry = createFileRegistry(db);
  const summary: IngestSummary = {
    files: 0, skippedFiles: 0, lines: 0, ingested: 0, rejected: 0,
    activesync: { direct: 0, proxy: 0, redirect: 0 }, other: 0, elapsedMs: 0, linesPerSecond: 0,
  };

  const discovery = await discoverFiles(paths);
  for (const e of discovery.errors) {
    warn(`cannot read ${e.path}: ${e.message}`);
    summary.skippedFiles++;
  }

  const plans: Plan[] = [];
  const sniffedIps: string[] = [];
  for (const found of discovery.files) {
    try {
      const plan = await planFile(found, registry, sniffedIps);
      if (typeof plan === 'string') {
        warn(`skipped ${found.path}: ${plan}`);
        summary.skippedFiles++;
        continue;
      }
      summary.files++;
      if (plan !== null) plans.push(plan);
    } catch (error) {
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
    const c = batch.counts;
    summary.lines += c.lines;
    summary.rejected += c.rejected;
    summary.ingested += c.lines - c.rejected;
    summary.activesync.direct += c.direct;
    summary.activesync.proxy += c.proxy;
    summary.activesync.redirect += c.redirect;
    summary.other += c.other;
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
      }
    }
  } finally {
    // Complete batches still in the open transaction are as good as committed ones.
    writer.flush();
  }
  finishCurrent();
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
function finished(summary: IngestSummary, started: number): IngestSummary {
  summary.elapsedMs = Math.round(performance.now() - started);
  summary.linesPerSecond = Math.round(summary.lines / Math.max(0.001, summary.elapsedMs / 1000));
  return summary;
}

/**
 * Decides what to do with one file: null = tracked, nothing new to read; a
 * string = why it is not a log; else the record to read from.
 * A file whose first bytes changed, or that shrank below the saved offset, was
 * replaced or rotated: it is read again from the start (Promtail's and Vector's
 * stale-offset bugs, expectations-and-faults.md B1).
 */
async function planFile(found: FoundFile, registry: ReturnType<typeof createFileRegistry>, sniffedIps: string[]): Promise<Plan | null | string> {
  const found0 = registry.find(found.path);
  // A file tracked while still empty is sniffed again before its first read: it may turn out not to be a log.
  const existing = found0 && (found0.offset > 0 || found0.lineNo > 0) ? found0 : undefined;
  const gzip = isGzip(found.path);
  if (existing) {
    const current = await fingerprintFile(found.path, existing.fingerprintBytes);
    const replaced = current.fingerprint !== existing.fingerprint || (!gzip && found.size < existing.offset);
    if (!replaced) {
      if (existing.fingerprintBytes < fingerprintLength && found.size > existing.fingerprintBytes) {
        const longer = await fingerprintFile(found.path);
        existing.fingerprint = longer.fingerprint;
        existing.fingerprintBytes = longer.bytes;
        registry.touch(existing.id, existing.size, longer.fingerprint, longer.bytes);
      }
      const unchanged = gzip ? found.size === existing.size : found.size <= existing.offset;
      return unchanged ? null : { found, record: existing };
    }
  }
  const sniff = await sniffFile(found.path);
  if (sniff.kind === 'skip') return sniff.reason;
  if (sniff.kind === 'w3c' && sniff.serverIp) sniffedIps.push(sniff.serverIp);
  const identity = await fingerprintFile(found.path);
  // A short head (a file IIS has just begun) says too little to call two files the same.
  const twin = identity.bytes === fingerprintLength ? registry.findSameContent(found.path, identity.fingerprint, identity.bytes) : undefined;
  if (twin !== undefined) return `same content as ${twin} (a copy or its archive), already ingested`;
  const record = registry.start(found.path, identity.fingerprint, identity.bytes);
  // An empty file (IIS has just created it) is tracked and read once it grows.
  return sniff.kind === 'empty' ? null : { found, record };
}
