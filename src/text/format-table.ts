import { displayWidth, truncateToWidth } from './display-width.js';
import { sanitizeForTerminal } from './sanitize-terminal.js';

/** Options for {@link formatTable}. */
export interface TableOptions {
  /** Columns available; omitted = no limit (output to a file or a pipe). */
  width?: number;
}

const gap = '  ';
/** Narrowest a header or a text value is cut to, ellipsis included. */
const minCutWidth = 4;

/** One cell as terminal-safe text: numbers as written, null as empty, log strings sanitized. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return sanitizeForTerminal(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  return sanitizeForTerminal(JSON.stringify(value) ?? String(value));
}

function isNumericColumn(rows: readonly Record<string, unknown>[], column: string): boolean {
  let seen = false;
  for (const row of rows) {
    const value = row[column];
    if (value === null || value === undefined) continue;
    if (typeof value !== 'number' && typeof value !== 'bigint') return false;
    seen = true;
  }
  return seen;
}

/**
 * Water-filling: the widest columns are cut down to a common limit, never below `minimum`,
 * so that the widths add up to at most `budget`. Returns `natural` when it already fits and
 * `minimum` when even that does not.
 */
function fill(natural: readonly number[], minimum: readonly number[], budget: number): number[] {
  const at = (limit: number): number[] => natural.map((n, i) => Math.min(n, Math.max(minimum[i] ?? 0, limit)));
  const sum = (widths: number[]): number => widths.reduce((a, b) => a + b, 0);
  if (sum([...natural]) <= budget) return [...natural];
  let low = 0;
  let high = Math.max(0, ...natural);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (sum(at(mid)) <= budget) low = mid;
    else high = mid - 1;
  }
  const widths = at(low);
  let spare = budget - sum(widths);
  for (let i = 0; i < widths.length && spare > 0; i += 1) {
    if ((widths[i] ?? 0) < (natural[i] ?? 0)) {
      widths[i] = (widths[i] ?? 0) + 1;
      spare -= 1;
    }
  }
  return widths;
}

/**
 * Column widths that fit `budget`, giving up as little as possible: first headers wider
 * than their values are cut, then text values (neither below {@link minCutWidth});
 * numbers are never cut.
 */
function fitWidths(headerWidths: number[], valueWidths: number[], numeric: boolean[], budget: number): number[] {
  const natural = headerWidths.map((h, i) => Math.max(h, valueWidths[i] ?? 0));
  const valuesWhole = headerWidths.map((h, i) => Math.max(valueWidths[i] ?? 0, Math.min(h, minCutWidth)));
  const headersCut = fill(natural, valuesWhole, budget);
  if (headersCut.reduce((a, b) => a + b, 0) <= budget) return headersCut;
  const valuesCut = valuesWhole.map((w, i) => (numeric[i] ? w : Math.min(w, minCutWidth)));
  return fill(valuesWhole, valuesCut, budget);
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/**
 * Renders rows as a plain-text table: a header, a rule, one line per row, columns two
 * spaces apart, numbers right-aligned. Every cell is passed through sanitizeForTerminal, so
 * log-sourced strings cannot move the cursor or recolour the terminal. With `width`, long
 * headers and then wide text cells are cut with `…` so that each line fits (numbers never
 * are; if they alone are too wide the lines are longer than `width`). Returns lines ending in `\n`;
 * an empty result prints the header and `(no rows)`.
 */
export function formatTable(
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
  options: TableOptions = {},
): string {
  const numeric = columns.map((column) => isNumericColumn(rows, column));
  const headers = columns.map((column) => sanitizeForTerminal(column));
  const cells = rows.map((row) => columns.map((column) => cellText(row[column])));
  const valueWidths = columns.map((_, i) => Math.max(0, ...cells.map((line) => displayWidth(line[i] ?? ''))));
  const headerWidths = headers.map((header) => displayWidth(header));
  const budget = (options.width ?? Infinity) - gap.length * Math.max(0, columns.length - 1);
  const widths = fitWidths(headerWidths, valueWidths, numeric, budget);

  const render = (line: readonly string[]): string =>
    line
      .map((text, i) => pad(truncateToWidth(text, widths[i] ?? 0), widths[i] ?? 0, numeric[i] ?? false))
      .join(gap)
      .trimEnd();
  const out = [render(headers), widths.map((w) => '-'.repeat(w)).join(gap), ...cells.map(render)];
  if (rows.length === 0) out.push('(no rows)');
  return out.join('\n') + '\n';
}
