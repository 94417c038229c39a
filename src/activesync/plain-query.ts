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
/** The keys read, by length: a key is compared in place, never sliced (Exchange spells them one way). */
const keysByLength = new Map<number, readonly [spelling: string, key: QueryKey][]>([
  [3, [['Cmd', 'cmd'], ['Log', 'log']]],
  [4, [['User', 'user']]],
  [8, [['DeviceId', 'deviceid']]],
  [10, [['DeviceType', 'devicetype']]],
]);

/** Which known key query[start, eq) is, compared case-insensitively; null for any other. */
function keyAt(query: string, start: number, eq: number): QueryKey | null {
  const candidates = keysByLength.get(eq - start);
  if (candidates === undefined) return null;
  for (const [spelling, key] of candidates) if (query.startsWith(spelling, start)) return key;
  const lower = query.slice(start, eq).toLowerCase();
  for (const [, key] of candidates) if (lower === key) return key;
  return null;
}

/**
 * Reads User, DeviceId, DeviceType, Cmd and Log from a query in any order, keys
 * compared case-insensitively; empty pairs (`&&Log=`) and unknown keys are
 * skipped. Values are %-decoded except User (see PlainQuery) and Log, whose
 * tokens are decoded one by one.
 */
export function parsePlainQuery(query: string): PlainQuery {
  const result: PlainQuery = { user: null, deviceId: null, deviceType: null, cmd: null, log: null, protocol: null };
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
