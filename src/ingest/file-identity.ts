import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { readHead } from './read-head.js';

/** Bytes a fingerprint covers: enough to include #Software/#Version/#Date (Filebeat uses 1024 too). */
export const fingerprintLength = 1024;

/**
 * sha1 of the first `length` bytes of the content (fewer when the file is
 * shorter; decompressed for .gz, so `u_ex…log` and `u_ex…log.gz` match), as
 * stored in `files`.
 */
export async function fingerprintFile(path: string, length = fingerprintLength): Promise<{ fingerprint: string; bytes: number }> {
  const head = await readHead(path, length);
  return { fingerprint: createHash('sha1').update(head).digest('hex'), bytes: head.length };
}

/**
 * The content length a .gz file's trailer records (ISIZE: the decompressed size
 * of its last member, modulo 2^32), read from its last 4 bytes without
 * decompressing; null when the file is too short to hold a trailer.
 */
export async function readGzipLength(path: string): Promise<number | null> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    // A gzip header (10 bytes) and trailer (8) at the least.
    if (size < 18) return null;
    const trailer = Buffer.alloc(4);
    await handle.read(trailer, 0, 4, size - 4);
    return trailer.readUInt32LE(0);
  } finally {
    await handle.close();
  }
}
