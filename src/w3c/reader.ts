import { FieldSpans } from './field-spans.js';
import { createLayout, type Layout } from './layout.js';

/** One line of a W3C log as the reader sees it. */
export type W3cLine =
  | { kind: 'blank' }
  | { kind: 'directive' }
  /** `fields` is reused by the next `feed`: read it before feeding another line. */
  | { kind: 'record'; fields: FieldSpans; layout: Layout; date: string | null }
  | { kind: 'reject'; reason: string };

/** The reason of a line holding NUL bytes. */
export const nulBytes = 'nul-bytes';

/** Longest data line accepted; longer ones are counted as rejects (a 100 KB line is junk). */
export const maxLineLength = 16 * 1024;

export interface W3cReader {
  /** Reads the line text[start, end) (the whole text by default), without its newline. */
  feed(text: string, start?: number, end?: number): W3cLine;
  /** The `#Fields` layout in force, null before the first directive. */
  readonly layout: Layout | null;
  /** The `#Date` in force (`YYYY-MM-DD`), for layouts without a `date` field. */
  readonly date: string | null;
}

const directiveName = /^#([A-Za-z-]+):?\s*(.*)$/;

/**
 * The W3C extended log format's directives (IIS writes the first four), and
 * Exchange's own `#Log-type`. A line that starts with '#' but names none of them
 * is junk: it is rejected like any malformed line, not passed over and lost unseen.
 */
const directives = new Set(['software', 'version', 'date', 'fields', 'start-date', 'end-date', 'remark', 'log-type']);

/**
 * Where `char` next occurs in a text at or after a position, remembered per
 * text: asking line after line of a 1 MiB chunk costs one scan, not one per line.
 */
function nextOccurrence(char: string): (text: string, from: number) => number {
  let scanned: string | null = null;
  let next = -1;
  return (text, from) => {
    if (text !== scanned || (next !== -1 && next < from)) {
      scanned = text;
      next = text.indexOf(char, from);
    }
    return next;
  };
}

/**
 * Reads a W3C extended log line by line against the `#Fields` in force: a new
 * directive block mid-file replaces the layout (domain.md 1.1). Expected
 * problems are values (`reject`), never exceptions. `start` resumes a file.
 */
export function createW3cReader(start: { fields?: string | null; date?: string | null } = {}): W3cReader {
  let layout: Layout | null = start.fields ? createLayout(start.fields) : null;
  let date: string | null = start.date ?? null;
  const fields = new FieldSpans();
  const nextNul = nextOccurrence('\0');
  const nextQuote = nextOccurrence('"');

  function readDirective(line: string): W3cLine {
    const match = directiveName.exec(line);
    const name = match === null ? '' : match[1]!.toLowerCase();
    if (match === null || !directives.has(name)) return { kind: 'reject', reason: 'not-a-directive' };
    const value = match[2]!;
    if (name === 'fields') layout = createLayout(value);
    // `#Date: 2010-10-04 00:00:00` may carry text after the value; keep the date only.
    else if (name === 'date' && /^\d{4}-\d{2}-\d{2}/.test(value)) date = value.slice(0, 10);
    return { kind: 'directive' };
  }

  return {
    get layout() { return layout; },
    get date() { return date; },
    feed(text: string, from = 0, to = text.length): W3cLine {
      const end = to > from && text.charCodeAt(to - 1) === 13 ? to - 1 : to;
      const length = end - from;
      if (length === 0) return { kind: 'blank' };
      // NULs first: crash padding can run into a directive or a long line (parse-file.ts reads on after it).
      const nul = nextNul(text, from);
      if (nul !== -1 && nul < end) return { kind: 'reject', reason: nulBytes };
      if (text.charCodeAt(from) === 35 /* # */) return readDirective(text.slice(from, end));
      if (length > maxLineLength) return { kind: 'reject', reason: `line-too-long (${length} bytes)` };
      if (layout === null) return { kind: 'reject', reason: 'no-fields-directive' };
      const quote = nextQuote(text, from);
      fields.split(text, from, end, quote !== -1 && quote < end);
      if (fields.count !== layout.names.length) {
        return { kind: 'reject', reason: `field-count-mismatch expected ${layout.names.length} got ${fields.count}` };
      }
      return { kind: 'record', fields, layout, date };
    },
  };
}
