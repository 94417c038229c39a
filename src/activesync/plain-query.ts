/** The parameters of a plain (MS-ASHTTP 2.2.1.1.1.2) ActiveSync query, still %-encoded where noted. */
export interface PlainQuery {
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

/**
 * Reads User, DeviceId, DeviceType, Cmd and Log from a query in any order, keys
 * compared case-insensitively; empty pairs (`&&Log=`) and unknown keys are
 * skipped. Values are %-decoded except Log, whose tokens are decoded one by one.
 */
export function parsePlainQuery(query: string): PlainQuery {
  const result: PlainQuery = { user: null, deviceId: null, deviceType: null, cmd: null, log: null, protocol: null };
  let start = 0;
  while (start < query.length) {
    let end = query.indexOf('&', start);
    if (end === -1) end = query.length;
    const eq = query.indexOf('=', start);
    if (eq !== -1 && eq < end) {
      const key = query.slice(start, eq).toLowerCase();
      if (key === 'log') {
        // Log= comes last and its value has no raw '&' (domain.md 2.2): take the rest.
        result.log = query.slice(eq + 1);
        break;
      }
      const value = query.slice(eq + 1, end);
      switch (key) {
        case 'user': result.user = decodePercent(value); break;
        case 'deviceid': result.deviceId = decodePercent(value); break;
        case 'devicetype': result.deviceType = decodePercent(value); break;
        case 'cmd': result.cmd = decodePercent(value); break;
      }
    }
    start = end + 1;
  }
  return result;
}
