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
  /** Number of elements not recognised (kept as a count, never an error). */
  unknown: number;
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

/** First letters of the known elements. */
const firstLetters = new Set(elements.map((e) => e.prefix.charCodeAt(0)));

/** Reads one element into `tokens`; returns false when no known element matches. */
function readElement(tokens: LogTokens, element: string): boolean {
  for (const e of elements) {
    if (!element.startsWith(e.prefix)) continue;
    const rest = element.slice(e.prefix.length);
    if (e.colon && rest.charCodeAt(0) === 58 /* : */) {
      e.set(tokens, rest.slice(1));
      return true;
    }
    if (e.digits && rest.length > 0 && isDigit(rest.charCodeAt(0))) {
      let end = 1;
      while (end < rest.length && isDigit(rest.charCodeAt(end))) end++;
      if (end === rest.length) {
        e.set(tokens, rest);
        return true;
      }
    }
  }
  return false;
}

/**
 * Splits Exchange's `Log=` value into elements on `_` (values escape their own
 * underscores as %5F, domain.md 3.1) and reads the ones that matter.
 */
export function parseLogTokens(log: string): LogTokens {
  const tokens: LogTokens = { proxyTo: null, proxyFrom: null, redirectTo: null, error: null, protocol: null, heartbeat: null, unknown: 0 };
  let start = 0;
  while (start < log.length) {
    let end = log.indexOf('_', start);
    if (end === -1) end = log.length;
    // Most elements (Budget, Mbx, Ldap…) are told apart by their first letter, without a slice.
    if (end > start && !(firstLetters.has(log.charCodeAt(start)) && readElement(tokens, log.slice(start, end)))) tokens.unknown++;
    start = end + 1;
  }
  return tokens;
}
