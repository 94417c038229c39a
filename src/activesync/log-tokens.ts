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

const toInt = (value: string): number | null => {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : null;
};

/**
 * An element by name, for both dialects: 2007/2010 glue digits to the name
 * (`V141`, `Hb1680`: `digits` takes the number), 2013+ write `Name:value`
 * (`Ver1:161`, `Hb:600`: `colon` takes the text after the colon).
 */
interface Element {
  prefix: string;
  colon?: (tokens: LogTokens, value: string) => void;
  digits?: (tokens: LogTokens, value: number | null) => void;
}

const elements: readonly Element[] = [
  { prefix: 'PrxTo', colon: (t, v) => { t.proxyTo = decodePercent(v); } },
  { prefix: 'PrxFrom', colon: (t, v) => { t.proxyFrom = decodePercent(v); } },
  { prefix: 'RdirTo', colon: (t, v) => { t.redirectTo = decodePercent(v); } },
  { prefix: 'Error', colon: (t, v) => { t.error = decodePercent(v); } },
  { prefix: 'Ver1', colon: (t, v) => { t.protocol = toInt(v); } },
  { prefix: 'V', digits: (t, n) => { t.protocol = n; } },
  { prefix: 'Hb', colon: (t, v) => { t.heartbeat = toInt(v); }, digits: (t, n) => { t.heartbeat = n; } },
];

/** The element table by first character code: an element is matched in place, and sliced only once it matches. */
const byFirstLetter: (readonly Element[] | undefined)[] = [];
for (const e of elements) {
  const letter = e.prefix.charCodeAt(0);
  byFirstLetter[letter] = [...(byFirstLetter[letter] ?? []), e];
}

/** Longer digit runs are read by parseInt (exactly rounded, null past the largest double); shorter ones are added up in place. */
const maxInPlaceDigits = 9;

/** Reads the element in log[start, end) into `tokens` when it is a known one; nothing past `end` is read. */
function readElement(tokens: LogTokens, log: string, start: number, end: number): void {
  const candidates = byFirstLetter[log.charCodeAt(start)];
  if (candidates === undefined) return;
  for (const e of candidates) {
    const rest = start + e.prefix.length;
    if (rest >= end || !log.startsWith(e.prefix, start)) continue;
    if (e.colon !== undefined && log.charCodeAt(rest) === 58 /* : */) {
      e.colon(tokens, log.slice(rest + 1, end));
      return;
    }
    if (e.digits !== undefined) {
      // The version and heartbeat of every request: read as a number where they lie, not sliced and parsed.
      let n = 0;
      let i = rest;
      for (; i < end; i++) {
        const digit = log.charCodeAt(i) - 48;
        if (digit < 0 || digit > 9) break;
        n = n * 10 + digit;
      }
      if (i === end) {
        e.digits(tokens, end - rest > maxInPlaceDigits ? toInt(log.slice(rest, end)) : n);
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
