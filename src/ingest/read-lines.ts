import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** Complete lines of one read, and the byte offset just past the last of them. */
export interface LineChunk {
  /** The lines, each ended by '\n' (an archive's last line may lack it); '' when none. Read in place, not split. */
  text: string;
  endOffset: number;
  /** Set, with an empty `text`, for one line too long to keep: its first bytes and its length. */
  tooLong?: { head: string; bytes: number };
}

/** Calls `line(start, end)` for every line of a chunk's text, its newline excluded. */
export function forEachLine(text: string, line: (start: number, end: number) => void): void {
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line(start, end);
    start = end + 1;
  }
}

/** 1 MiB reads: Node's default 64 KiB costs 2.4x the floor (performance.md trap 6). */
const readSize = 1 << 20;
/** A "line" longer than this is junk (a binary blob, a file without newlines); it is cut here and skipped to its end. */
export const maxCarry = 1 << 20;
const bom = [0xef, 0xbb, 0xbf];

export const isGzip = (path: string): boolean => path.toLowerCase().endsWith('.gz');

/** UTF-8 text of `bytes`. Logs are nearly all ASCII, which latin1 decodes as a plain copy: 3x faster than the UTF-8 decoder. */
const decode = (bytes: Buffer): string => (isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8'));

/**
 * Streams the complete lines of a file from byte `offset` (decompressed bytes for
 * .gz), in constant memory. A torn last line (no newline yet: IIS is still
 * writing it) is held back, so the offset never covers half a line; in a .gz
 * archive, which cannot grow, it counts as complete. A UTF-8 BOM at the start is
 * skipped. A line longer than `maxCarry` is not kept: its head is remembered and,
 * once its newline arrives, reported as `tooLong` (for the caller to reject) with
 * the offset past the whole line; until then it is torn like any
 * unfinished line and nothing past its start is handed out.
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
  /** The head of a line too long to keep, while its newline is still to come. */
  let longLine: { head: string; bytes: number } | null = null;
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
    if (longLine !== null) {
      const nl = chunk.indexOf(10);
      if (nl === -1) { longLine.bytes += chunk.length; continue; }
      base += longLine.bytes + nl + 1;
      yield { text: '', tooLong: { head: longLine.head, bytes: longLine.bytes + nl }, endOffset: base };
      chunk = chunk.subarray(nl + 1);
      longLine = null;
    }
    const buffer: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
    const lastNewline = buffer.lastIndexOf(10);
    if (lastNewline === -1) {
      if (buffer.length > maxCarry) {
        // Keep only the head of the endless line and drop the rest up to its newline.
        longLine = { head: buffer.toString('latin1', 0, 256), bytes: buffer.length };
        carry = null;
      } else {
        carry = buffer;
      }
      continue;
    }
    const text = decode(buffer.subarray(0, lastNewline + 1));
    carry = lastNewline + 1 < buffer.length ? Buffer.from(buffer.subarray(lastNewline + 1)) : null;
    base += lastNewline + 1;
    yield { text, endOffset: base };
  }
  // An archive cannot grow: its unfinished last line is as complete as it will get.
  if (gzip && longLine !== null) {
    base += longLine.bytes;
    yield { text: '', tooLong: { head: longLine.head, bytes: longLine.bytes }, endOffset: base };
  } else if (gzip && carry !== null && carry.length > 0) {
    base += carry.length;
    yield { text: carry.toString('utf8'), endOffset: base };
  }
}
