import { createRecordDecoder } from '../activesync/decode-request.js';
import type { FileRecord } from '../store/file-registry.js';
import { createW3cReader, nulBytes } from '../w3c/reader.js';
import type { Batch } from './batch.js';
import type { BatchBuilder } from './batch-builder.js';
import { forEachLine, readLines, type LineChunk } from './read-lines.js';

/**
 * Lines per batch handed to the writer. The writer groups batches into one
 * transaction (write-batch.ts), so batch size no longer amortises upserts; small
 * batches keep what is in flight between the threads small: 1M lines peaked at
 * 336-376 MB RSS with 40k-line batches, 252-271 MB with 10k, at the same speed.
 */
export const batchLines = 10_000;

/** The part of a file's record that parsing needs: where to start and with which layout. */
export type FileStart = Pick<FileRecord, 'id' | 'path' | 'offset' | 'lineNo' | 'fields' | 'logDate'>;

/**
 * Parses one file from its saved position to its last complete line, yielding
 * encoded batches that each end on a line boundary with the position after
 * them. Whoever writes a batch commits that position with its rows, so a crash
 * between batches resumes exactly where the last commit stopped.
 */
export async function* parseFile(file: FileStart, folderServer: string | null, builder: BatchBuilder): AsyncGenerator<Batch> {
  const reader = createW3cReader({ fields: file.fields, date: file.logDate });
  const decodeRecord = createRecordDecoder();
  builder.startFile(file.id, folderServer);
  let lineNo = file.lineNo;
  let offset = file.offset;
  let pending = false;
  let first = true;
  const take = (): Batch => builder.take({ offset, lineNo, fields: reader.layout?.text ?? null, date: reader.date });
  const chunks = readLines(file.path, file.offset)[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<LineChunk>;
      try {
        next = await chunks.next();
      } catch (error) {
        // A truncated archive or a read error: keep the complete lines read so far, then report the file.
        if (pending || builder.lineCount > 0) yield take();
        throw error;
      }
      if (next.done) break;
      const chunk = next.value;
      if (chunk.tooLong) builder.addReject(++lineNo, `line-too-long (${chunk.tooLong.bytes} bytes)`, chunk.tooLong.head);
      if (chunk.notUtf8Lines) builder.addNotUtf8(chunk.notUtf8Lines);
      const text = chunk.text;
      forEachLine(text, (start, end) => {
        lineNo++;
        let read = reader.feed(text, start, end);
        if (read.kind === 'reject' && read.reason === nulBytes) {
          // A server that stops mid-write leaves NUL padding with no newline, and IIS appends after it once
          // back (often a new header block): what follows the last NUL is read as a line of its own, the
          // padding and any torn row before it count as one reject (expectations-and-faults.md B2.12).
          const after = text.lastIndexOf('\0', end - 1) + 1;
          const rest = after < end ? reader.feed(text, after, end) : null;
          if (rest !== null && (rest.kind === 'record' || rest.kind === 'directive')) {
            builder.addReject(lineNo, nulBytes, text.slice(start, after));
            read = rest;
          }
        }
        if (read.kind === 'record') {
          const decoded = decodeRecord(read.fields, read.layout, read.date);
          if (decoded.kind === 'activesync') builder.addActiveSync(decoded);
          else if (decoded.kind === 'other') builder.addOther(decoded);
          else builder.addReject(lineNo, decoded.reason, text.slice(start, end));
        } else if (read.kind === 'reject') {
          builder.addReject(lineNo, read.reason, text.slice(start, end));
        }
      });
      offset = chunk.endOffset;
      pending = true;
      // A file's first read goes out at once: the writer starts (and its code warms up) while this
      // thread is still cold, instead of idling through the first 10k lines (~0.15 s per run).
      if (builder.lineCount >= batchLines || first) {
        first = false;
        yield take();
        pending = false;
      }
    }
    if (pending || builder.lineCount > 0) yield take();
  } finally {
    // A consumer that stops early (its write failed) would otherwise leave the file open.
    await chunks.return(undefined);
  }
}
