import { sanitizeForTerminal } from './sanitize-terminal.js';

/** How much of a rejected line is kept (the "first 200 bytes"). */
const rejectSampleBytes = 200;

/** Bytes a UTF-16 code unit takes in UTF-8 (a surrogate pair: 2 + 2). */
const utf8Bytes = (code: number): number => (code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code < 0xe000) ? 2 : 3);

/**
 * The start of a rejected line as stored and printed: its first 200 bytes (as
 * the UTF-8 text SQLite keeps, never a character cut in half), with control and
 * bidi characters written as visible escapes (sanitizeForTerminal) so that junk
 * can neither act on a terminal nor break a CSV. Escaping makes the text longer
 * than the bytes it shows.
 */
export function rejectSample(line: string): string {
  let end = 0;
  for (let bytes = 0; end < line.length; end++) {
    bytes += utf8Bytes(line.charCodeAt(end));
    if (bytes > rejectSampleBytes) break;
  }
  // A high surrogate whose pair did not fit is dropped with it.
  const code = line.charCodeAt(end - 1);
  if (end > 0 && end < line.length && code >= 0xd800 && code < 0xdc00) end--;
  return sanitizeForTerminal(line.slice(0, end));
}
