import { splitQuoted } from './split-fields.js';

/** More fields than any IIS layout has: a longer line is counted, not stored, and rejected by its count. */
const maxFields = 64;

/**
 * The fields of one data line as positions in a text (the read chunk), sliced
 * only when asked for. Slicing all of every line's fields, most of them read as
 * numbers or not at all, cost the parser thread (the ingest's bottleneck) more
 * than finding them. One instance is reused from line to line.
 */
export class FieldSpans {
  text = '';
  count = 0;
  /** Start and end of field i at [2i] and [2i + 1]. */
  private readonly bounds = new Int32Array(2 * maxFields);

  /**
   * Splits text[start, end) on single spaces: IIS writes one space between fields
   * and `+` for spaces inside values. `quoted` lines (IIS Advanced Logging quotes
   * values) are unquoted into a text of their own, NUL-separated: a line holding
   * a NUL is rejected before it gets here.
   */
  split(text: string, start: number, end: number, quoted: boolean): void {
    if (quoted) {
      const values = splitQuoted(text.slice(start, end));
      this.splitOn(values.join('\0'), '\0', 0, -1);
      this.count = values.length;
      return;
    }
    this.splitOn(text, ' ', start, end);
  }

  private splitOn(text: string, separator: string, start: number, end: number): void {
    const stop = end === -1 ? text.length : end;
    const b = this.bounds;
    let count = 0;
    let from = start;
    for (let at = text.indexOf(separator, start); at !== -1 && at < stop; at = text.indexOf(separator, from)) {
      if (count < maxFields) { b[2 * count] = from; b[2 * count + 1] = at; }
      count++;
      from = at + 1;
    }
    if (count < maxFields) { b[2 * count] = from; b[2 * count + 1] = stop; }
    this.text = text;
    this.count = count + 1;
  }

  /** Field i as logged. */
  raw(i: number): string {
    return this.text.slice(this.bounds[2 * i]!, this.bounds[2 * i + 1]!);
  }

  /** Field i, null when absent: not in the layout (i < 0), `-` or empty. */
  value(i: number): string | null {
    return i < 0 || this.isEmpty(i) ? null : this.raw(i);
  }

  /** Whether field i is `-` or empty. */
  isEmpty(i: number): boolean {
    const from = this.bounds[2 * i]!;
    const length = this.bounds[2 * i + 1]! - from;
    return length === 0 || (length === 1 && this.text.charCodeAt(from) === 45 /* - */);
  }

  /** Whether field i is exactly `s`, compared in place. */
  is(i: number, s: string): boolean {
    const from = this.bounds[2 * i]!;
    return this.bounds[2 * i + 1]! - from === s.length && this.text.startsWith(s, from);
  }

  /** Field i as a number of decimal digits: null when absent, NaN when not plain digits ("0x1F4", "1e2", "-1"), read in place. */
  integer(i: number): number | null {
    if (i < 0 || this.isEmpty(i)) return null;
    const from = this.bounds[2 * i]!;
    const to = this.bounds[2 * i + 1]!;
    if (to - from > 9) return Number.NaN;
    let n = 0;
    for (let at = from; at < to; at++) {
      const digit = this.text.charCodeAt(at) - 48;
      if (digit < 0 || digit > 9) return Number.NaN;
      n = n * 10 + digit;
    }
    return n;
  }
}
