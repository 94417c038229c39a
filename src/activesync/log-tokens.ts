import { decodePercent } from './plain-query.js';

/** The Exchange `Log=` elements that diagnosis uses; the rest are skipped harmlessly. */
export interface LogTokens {
  proxyTo: string | null;
  proxyFrom: string | null;
  redirectTo: string | null;
  error: string | null;
  /** EAS version x10; 0 for OPTIONS (`V0`). */
  protocol: number | null;
  heartbeat: number | null;
}

type Setter = (tokens: LogTokens, value: string) => void;

const toInt = (value: string): number | null => {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : null;
};

/**
 * Elements by name, for both dialects: 2007/2010 glue digits to the name
 * (`V141`, `Hb1680`), 2013+ write `Name:value` (`Ver1:161`, `Hb:600`).
 * Names with a `:` form take the value after it; bare names take the digits.
 */
const elements: ReadonlyArray<{ prefix: string; colon: boolean; digits: boolean; set: Setter }> = [
  { prefix: 'PrxTo', colon: true, digits: false, set: (t, v) => { t.proxyTo = decodePercent(v); } },
  { prefix: 'PrxFrom', colon: true, digits: false, set: (t, v) => { t.proxyFrom = decodePercent(v); } },
  { prefix: 'RdirTo', colon: true, digits: false, set: (t, v) => { t.redirectTo = decodePercent(v); } },
  { prefix: 'Error', colon: true, digits: false, set: (t, v) => { t.error = decodePercent(v); } },
  { prefix: 'Ver1', colon: true, digits: false, set: (t, v) => { t.protocol = toInt(v); } },
  { prefix: 'V', colon: false, digits: true, set: (t, v) => { t.protocol = toInt(v); } },
  { prefix: 'Hb', colon: true, digits: false, set: (t, v) => { t.heartbeat = toInt(v); } },
  { prefix: 'Hb', colon: false, digits: true, set: (t, v) => { t.heartbeat = toInt(v); } },
];

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** The element table by first character code: an element is matched in place, and sliced only once it matches. */
const byFirstLetter: (typeof elements | undefined)[] = [];
for (const e of elements) {
  const letter = e.prefix.charCodeAt(0);
  byFirstLetter[letter] = [...(byFirstLetter[letter] ?? []), e];
}

/** Reads the element in log[start, end) into `tokens` when it is a known one; nothing past `end` is read. */
function readElement(tokens: LogTokens, log: string, start: number, end: number): void {
  const candidates = byFirstLetter[log.charCodeAt(start)];
  if (candidates === undefined) return;
  for (const e of candidates) {
    const rest = start + e.prefix.length;
    if (rest > end || !log.startsWith(e.prefix, start)) continue;
    if (e.colon && rest < end && log.charCodeAt(rest) === 58 /* : */) {
      e.set(tokens, log.slice(rest + 1, end));
      return;
    }
    if (e.digits && rest < end) {
      let i = rest;
      while (i < end && isDigit(log.charCodeAt(i))) i++;
      if (i === end) {
        e.set(tokens, log.slice(rest, end));
        return;
      }
    }
  }
}

export const emptyLogTokens = (): LogTokens => ({ proxyTo: null, proxyFrom: null, redirectTo: null, error: null, protocol: null, heartbeat: null });

/**
 * Splits Exchange's `Log=` value, log[from, to), into elements on `_` (values
 * escape their own underscores as %5F, domain.md 3.1) and reads the ones that
 * matter into `tokens` (the writer reuses one object). Elements are compared
 * in place: most (Budget, Mbx, Ldap…) cost one character look-up. `from` and
 * `to` pick one value out of a batch's values kept back to back.
 */
export function parseLogTokens(log: string, tokens: LogTokens = emptyLogTokens(), from = 0, to = log.length): LogTokens {
  tokens.proxyTo = tokens.proxyFrom = tokens.redirectTo = tokens.error = null;
  tokens.protocol = tokens.heartbeat = null;
  let start = from;
  while (start < to) {
    let end = log.indexOf('_', start);
    if (end === -1 || end > to) end = to;
    if (end > start) readElement(tokens, log, start, end); // unknown elements are skipped (domain.md 3.1)
    start = end + 1;
  }
  return tokens;
}
