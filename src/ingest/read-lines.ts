import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** Complete lines of one read, and the byte offset just past the last of them. */
export interface LineChunk {
  lines: string[];
  endOffset: number;
}

/** 1 MiB reads: Node's default 64 KiB costs 2.4x the floor (performance.md trap 6). */
const readSize = 1 << 20;
/** A "line" longer than this is junk (a binary blob, a file without newlines); it is cut here and skipped to its end. */
export const maxCarry = 1 << 20;
const bom = [0xef, 0xbb, 0xbf];

export const isGzip = (path: string): boolean => path.toLowerCase().endsWith('.gz');

/**
 * Streams the complete lines of a file from byte `offset` (decompressed bytes for
 * .gz), in constant memory. A torn last line (no newline yet: IIS is still
 * writing it) is held back, so the offset never covers half a line; in a .gz
 * archive, which cannot grow, it counts as complete. A UTF-8 BOM at the start is
 * skipped. An endless line is cut at `maxCarry` and yielded once, truncated, so
 * the caller can reject it and move on.
 */
export async function* readLines(path: string, offset: number): AsyncGenerator<LineChunk> {
  const gzip = isGzip(path);
  const source = gzip
    ? createReadStream(path, { highWaterMark: readSize }).pipe(createGunzip({ chunkSize: readSize }))
    : createReadStream(path, { start: offset, highWaterMark: readSize });
  // `base` is the file offset of the first byte not yet handed out (the start of `carry`).
  let base = gzip ? 0 : offset;
  let toSkip = gzip ? offset : 0;
  let carry: Buffer | null = null;
  let skippingLongLine = false;
  let atStart = offset === 0;

  for await (const data of source as AsyncIterable<Buffer>) {
    let chunk = data;
    if (toSkip > 0) {
      const skip = Math.min(toSkip, chunk.length);
      chunk = chunk.subarray(skip);
      base += skip;
      toSkip -= skip;
      if (chunk.length === 0) continue;
    }
    if (atStart) {
      atStart = false;
      if (chunk.length >= 3 && chunk[0] === bom[0] && chunk[1] === bom[1] && chunk[2] === bom[2]) {
        chunk = chunk.subarray(3);
        base += 3;
      }
    }
    if (skippingLongLine) {
      const nl = chunk.indexOf(10);
      if (nl === -1) { base += chunk.length; continue; }
      chunk = chunk.subarray(nl + 1);
      base += nl + 1;
      skippingLongLine = false;
    }
    const buffer: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
    const lastNewline = buffer.lastIndexOf(10);
    if (lastNewline === -1) {
      if (buffer.length > maxCarry) {
        // Yield the head of the endless line as one (rejected) line, then drop the rest up to its newline.
        base += buffer.length;
        carry = null;
        skippingLongLine = true;
        yield { lines: [buffer.toString('latin1', 0, 256) + `...(${buffer.length}+ bytes without a newline)`], endOffset: base };
      } else {
        carry = buffer;
      }
      continue;
    }
    const text = buffer.toString('utf8', 0, lastNewline);
    carry = lastNewline + 1 < buffer.length ? Buffer.from(buffer.subarray(lastNewline + 1)) : null;
    base += lastNewline + 1;
    yield { lines: text.split('\n'), endOffset: base };
  }
  if (gzip && carry !== null && carry.length > 0) {
    base += carry.length;
    yield { lines: [carry.toString('utf8')], endOffset: base };
  }
}
