import { isAscii, isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

/** Complete lines of one read, and the byte offset just past the last of them. */
export interface LineChunk {
  /** The lines, each ended by '\n' (an archive's last line may lack it); '' when none. Read in place, not split. */
  text: string;
  endOffset: number;
  /** Lines of `text` that were not UTF-8 and were read as Latin-1 (0 for the rest). */
  notUtf8Lines?: number;
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

/** Whether `bytes[at...end)` starts with a UTF-8 byte order mark. */
export const startsWithBom = (bytes: Buffer, at = 0, end = bytes.length): boolean =>
  end - at >= 3 && bytes[at] === bom[0] && bytes[at + 1] === bom[1] && bytes[at + 2] === bom[2];

export const isGzip = (path: string): boolean => path.toLowerCase().endsWith('.gz');

/**
 * The text of `bytes`, and how many of its lines are not UTF-8. Logs are nearly
 * all ASCII, which latin1 decodes as a plain copy (3x faster than the UTF-8
 * decoder). A line that is not UTF-8 (written in a legacy code page, or junk) is
 * read as Latin-1: one character per byte, so none is lost to U+FFFD and
 * `caf\xe9` stays café, while the UTF-8 lines around it keep their own decoding.
 */
function decode(bytes: Buffer): { text: string; notUtf8Lines: number } {
  if (isAscii(bytes)) return { text: bytes.toString('latin1'), notUtf8Lines: 0 };
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), notUtf8Lines: 0 };
  let text = '';
  let notUtf8Lines = 0;
  for (let start = 0; start < bytes.length;) {
    const newline = bytes.indexOf(10, start);
    const end = newline === -1 ? bytes.length : newline + 1;
    const line = bytes.subarray(start, end);
    if (isUtf8(line)) text += line.toString('utf8');
    else {
      text += line.toString('latin1');
      notUtf8Lines++;
    }
    start = end;
  }
  return { text, notUtf8Lines };
}

/** Puts up to `readSize` next bytes of the content at window[at...]; 0 at the end. */
type Fill = (window: Buffer, at: number) => Promise<number>;

/** A plain file from byte `offset`, read straight into the window. */
async function plainFill(path: string, offset: number): Promise<{ fill: Fill; close: () => Promise<void> }> {
  const handle = await open(path, 'r');
  let position = offset;
  return {
    fill: async (window, at) => {
      const { bytesRead } = await handle.read(window, at, readSize, position);
      position += bytesRead;
      return bytesRead;
    },
    close: () => handle.close(),
  };
}

/** A .gz archive's decompressed bytes from the start, each piece copied into the window. */
function gzipFill(path: string): { fill: Fill; close: () => Promise<void> } {
  const stream = createReadStream(path, { highWaterMark: readSize }).pipe(createGunzip({ chunkSize: readSize }));
  const pieces = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  return {
    fill: async (window, at) => {
      const next = await pieces.next();
      return next.done ? 0 : next.value.copy(window, at);
    },
    close: async () => { stream.destroy(); },
  };
}

/**
 * Streams the complete lines of a file from byte `offset` (decompressed bytes for
 * .gz), in constant memory. A torn last line (no newline yet: IIS is still
 * writing it) is held back, so the offset never covers half a line; in a .gz
 * archive, which cannot grow, it counts as complete. A UTF-8 BOM at the start is
 * skipped. A line longer than `maxCarry` is not kept: its head is remembered and,
 * once its newline arrives, reported as `tooLong` (for the caller to reject) with
 * the offset past the whole line; until then it is torn like any
 * unfinished line and nothing past its start is handed out.
 *
 * Every read lands in one window, right after the torn line kept from the
 * previous one: no 1 MiB buffer is allocated and copied per read (each cost
 * page faults, a copy and external memory that brought on full collections).
 * The next read starts before a read's lines are handed out, so it runs while
 * they are parsed: waiting for each read cost the parser thread ~9% of its time.
 */
export async function* readLines(path: string, offset: number): AsyncGenerator<LineChunk> {
  const gzip = isGzip(path);
  const source = gzip ? gzipFill(path) : await plainFill(path, offset);
  // The bytes not yet handed out are window[begin, end); `base` is the file offset of window[begin].
  const window = Buffer.allocUnsafe(maxCarry + readSize);
  let begin = 0;
  let end = 0;
  let base = gzip ? 0 : offset;
  let toSkip = gzip ? offset : 0;
  /** The head of a line too long to keep, while its newline is still to come. */
  let longLine: { head: string; bytes: number } | null = null;
  let atStart = offset === 0;
  /** A read already under way, started once the lines before it were decoded. */
  let ahead: Promise<number> | null = null;
  const startRead = (): Promise<number> => {
    if (begin > 0) {
      window.copyWithin(0, begin, end);
      end -= begin;
      begin = 0;
    }
    return source.fill(window, end);
  };
  try {
    for (;;) {
      const read = await (ahead ?? startRead());
      ahead = null;
      if (read === 0) break;
      let from = end;
      end += read;
      if (toSkip > 0) {
        const skip = Math.min(toSkip, read);
        toSkip -= skip;
        base += skip;
        window.copyWithin(from, from + skip, end);
        end -= skip;
        if (end === from) continue;
      }
      if (atStart) {
        atStart = false;
        if (startsWithBom(window, from, end)) {
          window.copyWithin(from, from + 3, end);
          end -= 3;
          base += 3;
        }
      }
      if (longLine !== null) {
        const nl = window.indexOf(10, from);
        if (nl === -1 || nl >= end) { longLine.bytes += end - from; end = from; continue; }
        base += longLine.bytes + nl - from + 1;
        yield { text: '', tooLong: { head: longLine.head, bytes: longLine.bytes + nl - from }, endOffset: base };
        longLine = null;
        begin = from = nl + 1;
      }
      const lastNewline = window.subarray(begin, end).lastIndexOf(10);
      if (lastNewline === -1) {
        if (end - begin > maxCarry) {
          // Keep only the head of the endless line and drop the rest up to its newline.
          longLine = { head: window.toString('latin1', begin, begin + 256), bytes: end - begin };
          begin = end = 0;
        }
        continue;
      }
      const { text, notUtf8Lines } = decode(window.subarray(begin, begin + lastNewline + 1));
      base += lastNewline + 1;
      begin += lastNewline + 1;
      ahead = startRead();
      // Its failure is thrown where it is awaited; until then it must not count as unhandled.
      ahead.catch(() => {});
      yield { text, endOffset: base, notUtf8Lines };
    }
  } finally {
    // A consumer that stopped early leaves a read under way: it ends before the file is closed.
    await ahead?.catch(() => 0);
    await source.close();
  }
  // An archive cannot grow: its unfinished last line is as complete as it will get.
  if (gzip && longLine !== null) {
    base += longLine.bytes;
    yield { text: '', tooLong: { head: longLine.head, bytes: longLine.bytes }, endOffset: base };
  } else if (gzip && end > begin) {
    base += end - begin;
    yield { ...decode(window.subarray(begin, end)), endOffset: base };
  }
}
