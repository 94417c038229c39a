import { displayWidth, truncateToWidth } from './display-width.js';
import { sanitizeForTerminal } from './sanitize-terminal.js';

/** Options for {@link formatTable}. */
export interface TableOptions {
  /** Columns available; omitted = no limit (output to a file or a pipe). */
  width?: number;
}

const gap = '  ';
/** Narrowest a text column is cut to, ellipsis included. */
const minTextWidth = 4;

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
 * Column widths that fit `budget`: columns keep their natural width when everything fits;
 * otherwise the widest text columns are cut down to a common limit (water-filling), numbers
 * are never cut, and headers may be. Returns the minimum widths when even those do not fit.
 */
function fitWidths(natural: number[], minimum: number[], budget: number): number[] {
  const total = (limit: number): number =>
    natural.reduce((sum, n, i) => sum + Math.min(n, Math.max(minimum[i] ?? 0, limit)), 0);
  if (total(Infinity) <= budget) return natural;
  let low = 0;
  let high = Math.max(...natural);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (total(mid) <= budget) low = mid;
    else high = mid - 1;
  }
  const widths = natural.map((n, i) => Math.min(n, Math.max(minimum[i] ?? 0, low)));
  let spare = budget - widths.reduce((a, b) => a + b, 0);
  for (let i = 0; i < widths.length && spare > 0; i += 1) {
    if ((widths[i] ?? 0) < (natural[i] ?? 0)) {
      widths[i] = (widths[i] ?? 0) + 1;
      spare -= 1;
    }
  }
  return widths;
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/**
 * Renders rows as a plain-text table: a header, a rule, one line per row, columns two
 * spaces apart, numbers right-aligned. Every cell is passed through sanitizeForTerminal, so
 * log-sourced strings cannot move the cursor or recolour the terminal. With `width`, wide
 * text cells are cut with `…` so that each line fits. Returns lines ending in `\n`;
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
  const natural = columns.map((_, i) => Math.max(displayWidth(headers[i] ?? ''), valueWidths[i] ?? 0));
  const minimum = columns.map((_, i) =>
    numeric[i] ? Math.max(1, valueWidths[i] ?? 0) : Math.min(natural[i] ?? 0, minTextWidth),
  );
  const budget = (options.width ?? Infinity) - gap.length * Math.max(0, columns.length - 1);
  const widths = fitWidths(natural, minimum, budget);

  const render = (line: readonly string[]): string =>
    line
      .map((text, i) => pad(truncateToWidth(text, widths[i] ?? 0), widths[i] ?? 0, numeric[i] ?? false))
      .join(gap)
      .trimEnd();
  const out = [render(headers), widths.map((w) => '-'.repeat(w)).join(gap), ...cells.map(render)];
  if (rows.length === 0) out.push('(no rows)');
  return out.join('\n') + '\n';
}
