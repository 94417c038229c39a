import { createLayout, type Layout } from './layout.js';
import { splitFieldsInto } from './split-fields.js';

/** One line of a W3C log as the reader sees it. */
export type W3cLine =
  | { kind: 'blank' }
  | { kind: 'directive' }
  /** `values` is reused by the next `feed`: read it before feeding another line. Entries past the layout's width are stale. */
  | { kind: 'record'; values: string[]; layout: Layout; date: string | null }
  | { kind: 'reject'; reason: string };

/** Longest data line accepted; longer ones are counted as rejects (a 100 KB line is junk). */
export const maxLineLength = 16 * 1024;

export interface W3cReader {
  feed(line: string): W3cLine;
  /** The `#Fields` layout in force, null before the first directive. */
  readonly layout: Layout | null;
  /** The `#Date` in force (`YYYY-MM-DD`), for layouts without a `date` field. */
  readonly date: string | null;
}

const directiveName = /^#([A-Za-z-]+):?\s*(.*)$/;

/**
 * Reads a W3C extended log line by line against the `#Fields` in force: a new
 * directive block mid-file replaces the layout (domain.md 1.1). Expected
 * problems are values (`reject`), never exceptions. `start` resumes a file.
 */
export function createW3cReader(start: { fields?: string | null; date?: string | null } = {}): W3cReader {
  let layout: Layout | null = start.fields ? createLayout(start.fields) : null;
  let date: string | null = start.date ?? null;
  /** Reused for every record: a record's `values` are valid until the next `feed`. */
  const values: string[] = [];

  function readDirective(line: string): W3cLine {
    const match = directiveName.exec(line);
    if (!match) return { kind: 'directive' };
    const name = match[1]!.toLowerCase();
    const value = match[2]!;
    if (name === 'fields') layout = createLayout(value);
    // `#Date: 2010-10-04 00:00:00` may carry text after the value; keep the date only.
    else if (name === 'date' && /^\d{4}-\d{2}-\d{2}/.test(value)) date = value.slice(0, 10);
    return { kind: 'directive' };
  }

  return {
    get layout() { return layout; },
    get date() { return date; },
    feed(raw: string): W3cLine {
      const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
      if (line.length === 0) return { kind: 'blank' };
      if (line.charCodeAt(0) === 35 /* # */) return readDirective(line);
      if (line.length > maxLineLength) return { kind: 'reject', reason: `line-too-long (${line.length} bytes)` };
      if (line.indexOf('\0') !== -1) return { kind: 'reject', reason: 'nul-bytes' };
      if (layout === null) return { kind: 'reject', reason: 'no-fields-directive' };
      const count = splitFieldsInto(line, values);
      if (count !== layout.names.length) {
        return { kind: 'reject', reason: `field-count-mismatch expected ${layout.names.length} got ${count}` };
      }
      return { kind: 'record', values, layout, date };
    },
  };
}
