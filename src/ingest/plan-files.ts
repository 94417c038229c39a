import { stat } from 'node:fs/promises';
import type { FilePosition, FileRecord, FileRegistry } from '../store/file-registry.js';
import type { FoundFile } from './discover-files.js';
import { fingerprintFile, fingerprintLength, readGzipLength } from './file-identity.js';
import { isGzip } from './read-lines.js';
import { sniffFile } from './sniff-file.js';

// What an ingest run does with each file it found, before reading any: skip it
// (not a log, a copy already ingested), leave it (nothing new), or read it from
// a position (its own, or the one its log reached under another name).

/** A file to read, from its record's position. */
export interface Plan {
  found: FoundFile;
  record: FileRecord;
  /** Set when the file is read on from where another file of the same log stopped: that file's path. */
  continues?: string;
}

/** What the planning of one run shares between files. */
export interface Planning {
  registry: FileRegistry;
  sniffedIps: string[];
  /**
   * Full-length fingerprint → the file that reads that log in this run. One
   * reader per log and run: two files of one log read from the same position
   * in one run would store the lines beyond it twice.
   */
  readers: Map<string, string>;
}

/** Why a copy of a log already ingested is skipped. */
export const sameContentNote = (path: string): string => `same content as ${path} (a copy or its archive), already ingested`;

/** Where a file's reading stands: the part of its record a read starts from. */
const positionOf = (file: FileRecord): FilePosition =>
  ({ offset: file.offset, lineNo: file.lineNo, fields: file.fields, logDate: file.logDate });

/**
 * Decides what to do with one file: null = tracked, nothing new to read (now); a
 * string = why it is skipped; else the record to read from.
 * A file whose first bytes changed, or that shrank below the saved offset, was
 * replaced or rotated: it is read again from the start (Promtail's and Vector's
 * stale-offset bugs, expectations-and-faults.md B1).
 */
export async function planFile(found: FoundFile, planning: Planning): Promise<Plan | null | string> {
  const { registry } = planning;
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
      return unchanged ? null : planTracked(found, existing, planning);
    }
  }
  const sniff = await sniffFile(found.path);
  if (sniff.kind === 'skip') return sniff.reason;
  if (sniff.kind === 'w3c' && sniff.serverIp) planning.sniffedIps.push(sniff.serverIp);
  const identity = await fingerprintFile(found.path);
  // A short head (a file IIS has just begun) says too little to call two files the same.
  if (identity.bytes === fingerprintLength) {
    const sameLog = registry.findSameLog(found.path, identity.fingerprint, identity.bytes);
    if (sameLog.length > 0 || planning.readers.has(identity.fingerprint)) return planContinuation(found, identity, sameLog, planning);
  }
  const record = registry.start(found.path, identity.fingerprint, identity.bytes);
  // An empty file (IIS has just created it) is tracked and read once it grows.
  if (sniff.kind === 'empty') return null;
  if (identity.bytes === fingerprintLength) planning.readers.set(identity.fingerprint, found.path);
  return { found, record };
}

/**
 * A tracked file with bytes past its offset. It is read from the furthest
 * position any file of its log reached: when a copy or archive took the log
 * further (planContinuation), the lines up to there are stored already, and
 * this file (still growing, or back on disk after a gunzip) must not store them
 * again. Returns null, to wait for the next run, while another file of its log
 * is read in this run.
 */
function planTracked(found: FoundFile, existing: FileRecord, planning: Planning): Plan | null {
  if (existing.fingerprintBytes < fingerprintLength) return { found, record: existing };
  if (planning.readers.has(existing.fingerprint)) return null;
  const furthest = planning.registry.findSameLog(found.path, existing.fingerprint, existing.fingerprintBytes)[0];
  const record = furthest !== undefined && furthest.offset > existing.offset ? { ...existing, ...positionOf(furthest) } : existing;
  if (!isGzip(found.path) && found.size <= record.offset) return null;
  planning.readers.set(existing.fingerprint, found.path);
  return { found, record };
}

/**
 * A new file whose first 1 KiB matches a log already ingested under another
 * name: a copy, its .gz archive, or a longer copy of a log that was read only in
 * part (followed up to 23:58, then gzipped by a script that deleted it). It is
 * read on from the furthest position any file of that log reached (offset, line
 * number, #Fields and #Date), so exactly the lines past it are stored; it then
 * is a tracked file of that log like any other.
 *
 * The rule that keeps every line counted once: it goes on only when no other
 * file of the log can still give those lines itself, i.e. each is gone from
 * disk or read to its end (see mayStillBeRead), and none is read in this run.
 * A log that is still growing (IIS writing it) is always at least as long as a
 * copy of it, so its copy then adds nothing and waits; it never races the log
 * for the same lines. Should such a file grow again later (or come back after
 * a gunzip), planTracked reads it from the furthest position, not its own.
 *
 * Returns the note naming the other file instead, registering nothing, when the
 * new file has to wait or holds nothing past that position (for a .gz, as far
 * as its trailer tells: one found shorter only by reading it gets the note after
 * the read, and stays tracked at the position).
 */
async function planContinuation(found: FoundFile, identity: { fingerprint: string; bytes: number }, sameLog: FileRecord[],
  planning: Planning): Promise<Plan | string> {
  const reader = planning.readers.get(identity.fingerprint);
  if (reader !== undefined) return sameContentNote(reader);
  for (const other of sameLog) if (await mayStillBeRead(other)) return sameContentNote(other.path);
  const furthest = sameLog[0]!;
  if (await holdsNothingPast(found, furthest.offset)) return sameContentNote(furthest.path);
  // Registered at that position, which its log's committed rows back: killed before its own first commit, it resumes there.
  const record = planning.registry.start(found.path, identity.fingerprint, identity.bytes, positionOf(furthest));
  planning.readers.set(identity.fingerprint, found.path);
  return { found, record, continues: furthest.path };
}

/**
 * Whether a tracked file may still give lines of its own: it is on disk and not
 * read to its end (a plain file with bytes past its offset, a .gz changed since
 * its last complete read). One that cannot be checked is taken to.
 */
async function mayStillBeRead(file: FileRecord): Promise<boolean> {
  try {
    const { size } = await stat(file.path);
    return isGzip(file.path) ? size !== file.size : size > file.offset;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

/**
 * Whether a file's content ends at or before `offset` (decompressed bytes for
 * .gz). For a .gz this is the length its trailer records, so the archive of a
 * log read to its end is not decompressed on every run only to find nothing;
 * a .gz that is shorter is found so by reading it.
 */
async function holdsNothingPast(found: FoundFile, offset: number): Promise<boolean> {
  if (!isGzip(found.path)) return found.size <= offset;
  return (await readGzipLength(found.path)) === offset % 2 ** 32;
}
