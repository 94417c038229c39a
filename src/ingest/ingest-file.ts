import { decodeRecord } from '../activesync/decode-request.js';
import type { BatchWriter } from '../store/write-batch.js';
import type { FileRecord } from '../store/file-registry.js';
import { createW3cReader } from '../w3c/reader.js';
import type { Batch } from './batch.js';
import type { BatchBuilder } from './batch-builder.js';
import { readLines } from './read-lines.js';

/** Lines per transaction: 10k runs as fast as 50k and keeps memory lower (performance.md trap 3). */
export const batchLines = 10_000;

/**
 * Ingests one file from its saved position to its last complete line. Each
 * batch's rows and the file's new offset commit together, so a crash between
 * batches resumes exactly where the last commit stopped.
 */
export async function ingestFile(
  file: FileRecord,
  folderServer: string | null,
  builder: BatchBuilder,
  writer: BatchWriter,
  onBatch: (counts: Batch['counts'], bytesRead: number) => void,
): Promise<void> {
  const reader = createW3cReader({ fields: file.fields, date: file.logDate });
  builder.startFile(file.id, folderServer);
  let lineNo = file.lineNo;
  let offset = file.offset;
  let committed = file.offset;
  const flush = (): void => {
    const batch = builder.take({ offset, lineNo, fields: reader.layout?.text ?? null, date: reader.date });
    writer.write(batch);
    onBatch(batch.counts, offset - committed);
    committed = offset;
  };
  for await (const chunk of readLines(file.path, file.offset)) {
    for (const line of chunk.lines) {
      lineNo++;
      const read = reader.feed(line);
      if (read.kind === 'record') {
        const decoded = decodeRecord(read.values, read.layout, read.date);
        if (decoded.kind === 'activesync') builder.addActiveSync(decoded);
        else if (decoded.kind === 'other') builder.addOther(decoded);
        else builder.addReject(lineNo, decoded.reason, line);
      } else if (read.kind === 'reject') {
        builder.addReject(lineNo, read.reason, line);
      }
    }
    offset = chunk.endOffset;
    if (builder.lineCount >= batchLines) flush();
  }
  if (offset !== committed || builder.lineCount > 0) flush();
}
