/** The parameters of a plain (MS-ASHTTP 2.2.1.1.1.2) ActiveSync query, still %-encoded where noted. */
export interface PlainQuery {
  /** As logged, %-encoded: normalizeUser decodes it, once per spelling rather than once per line. */
  user: string | null;
  deviceId: string | null;
  deviceType: string | null;
  cmd: string | null;
  /** The raw `Log=` value (Exchange's own data), %-encoded as logged. */
  log: string | null;
  /** Always null here: the plain form carries the version in a header, which IIS does not log. */
  protocol: number | null;
}

export const emptyPlainQuery = (): PlainQuery => ({ user: null, deviceId: null, deviceType: null, cmd: null, log: null, protocol: null });

/** Decodes %xx leniently: a bad escape (`User%domain.com`, domain.md E6) keeps the raw text. */
export function decodePercent(value: string): string {
  if (value.indexOf('%') === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

type QueryKey = 'user' | 'deviceid' | 'devicetype' | 'cmd' | 'log';

/**
 * Which known key query[start, eq) is, compared case-insensitively; null for
 * any other. Exchange spells the keys one way, compared in place first: slicing
 * and lowercasing every key cost more than the rest of the query.
 */
function keyAt(query: string, start: number, eq: number): QueryKey | null {
  switch (eq - start) {
    case 3:
      if (query.startsWith('Cmd', start)) return 'cmd';
      if (query.startsWith('Log', start)) return 'log';
      break;
    case 4:
      if (query.startsWith('User', start)) return 'user';
      break;
    case 8:
      if (query.startsWith('DeviceId', start)) return 'deviceid';
      break;
    case 10:
      if (query.startsWith('DeviceType', start)) return 'devicetype';
      break;
    default:
      return null;
  }
  const lower = query.slice(start, eq).toLowerCase();
  return lower === 'cmd' || lower === 'log' || lower === 'user' || lower === 'deviceid' || lower === 'devicetype' ? lower : null;
}

/**
 * Reads User, DeviceId, DeviceType, Cmd and Log from a query in any order, keys
 * compared case-insensitively; empty pairs (`&&Log=`) and unknown keys are
 * skipped. Values are %-decoded except User (see PlainQuery) and Log, whose
 * tokens are decoded one by one. Fills `result` (the parser reuses one object).
 */
export function parsePlainQuery(query: string, result: PlainQuery = emptyPlainQuery()): PlainQuery {
  result.user = result.deviceId = result.deviceType = result.cmd = result.log = null;
  result.protocol = null;
  let start = 0;
  while (start < query.length) {
    let end = query.indexOf('&', start);
    if (end === -1) end = query.length;
    const eq = query.indexOf('=', start);
    const key = eq !== -1 && eq < end ? keyAt(query, start, eq) : null;
    if (key === 'log') {
      // Log= comes last and its value has no raw '&' (domain.md 2.2): take the rest.
      result.log = query.slice(eq + 1);
      break;
    }
    switch (key) {
      case 'user': result.user = query.slice(eq + 1, end); break;
      case 'deviceid': result.deviceId = decodePercent(query.slice(eq + 1, end)); break;
      case 'devicetype': result.deviceType = decodePercent(query.slice(eq + 1, end)); break;
      case 'cmd': result.cmd = decodePercent(query.slice(eq + 1, end)); break;
    }
    start = end + 1;
  }
  return result;
}
