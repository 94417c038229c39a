import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import { isGzip } from './read-lines.js';

/** Compressed bytes read to get at the head of a .gz: enough for far more than 64 KiB of log text. */
const compressedHead = 64 * 1024;

/**
 * The first `bytes` bytes of a file's content: decompressed for .gz, so an
 * archive and the log it was made from have the same head (a truncated archive
 * still gives its first bytes).
 */
export async function readHead(path: string, bytes: number): Promise<Buffer> {
  const gzip = isGzip(path);
  const want = gzip ? compressedHead : bytes;
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(want);
    const { bytesRead } = await handle.read(buffer, 0, want, 0);
    const head = buffer.subarray(0, bytesRead);
    if (!gzip || bytesRead === 0) return head;
    return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, bytes);
  } finally {
    await handle.close();
  }
}
