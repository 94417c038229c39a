import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Bytes a fingerprint covers: enough to include #Software/#Version/#Date (Filebeat uses 1024 too). */
export const fingerprintLength = 1024;

/** sha1 of the first `length` bytes (fewer when the file is shorter), as stored in `files`. */
export async function fingerprintFile(path: string, length = fingerprintLength): Promise<{ fingerprint: string; bytes: number }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return { fingerprint: createHash('sha1').update(buffer.subarray(0, bytesRead)).digest('hex'), bytes: bytesRead };
  } finally {
    await handle.close();
  }
}
