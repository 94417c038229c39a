import { createHash } from 'node:crypto';
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
