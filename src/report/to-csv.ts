import Papa from 'papaparse';

/**
 * Cells a spreadsheet could read as a formula (OWASP CSV injection, CWE-1236). papaparse's
 * own `escapeFormulae: true` only looks at the first character (`= + - @ \t \r`) and, because
 * its pattern ends in `.*$` without the `s` flag, misses any such cell that holds a newline.
 * This pattern also catches the known bypasses:
 * - the trigger after leading whitespace, NBSP or a BOM (`" =cmd"`, `"\u00a0=cmd"`); `\s` covers them;
 * - a trigger at the start of a later line of a multi-line cell (`"safe\n=cmd"`);
 * - a leading NUL, which OWASP ASVS lists with the others.
 */
export const formulaTrigger = /^\s*[=+\-@\t\r\0]|[\r\n]\s*[=+\-@\t\r\0]/;

/** A cell value papaparse can write: numbers stay numbers (so `-5` is not escaped), blobs become hex. */
function csvValue(value: unknown): string | number | bigint | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return value;
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? String(value);
}

/**
 * Renders rows as RFC 4180 CSV (CRLF line ends, a header line, then one line per row,
 * each ending in CRLF). `columns` fixes the order and is the contract: keys of a row that
 * are not listed are left out, listed keys a row lacks are empty. Any text cell a
 * spreadsheet could evaluate (see {@link formulaTrigger}) is prefixed with `'` and quoted;
 * numbers are written as numbers. Values are otherwise unchanged (control characters
 * included: CSV goes to files, sanitize for a terminal before calling this).
 */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const config = { escapeFormulae: formulaTrigger, newline: '\r\n' };
  // papaparse turns empty `data` into one empty row, so a header-only file is written as a single row.
  if (rows.length === 0) return Papa.unparse([[...columns]], config) + '\r\n';
  const data = rows.map((row) => columns.map((column) => csvValue(row[column])));
  return Papa.unparse({ fields: [...columns], data }, config) + '\r\n';
}
