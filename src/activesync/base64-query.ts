import { decodePercent } from './plain-query.js';

/** A base64 (MS-ASHTTP 2.2.1.1.1.1) ActiveSync query, decoded. */
export interface Base64Query {
  /** EAS version x10: 121, 140, 141, 160, 161. */
  protocol: number;
  cmd: string;
  locale: number;
  deviceId: string;
  policyKey: number | null;
  deviceType: string;
  user: string | null;
}

/** Command codes of MS-ASHTTP 2.2.1.1.1.1.2 (codes 5-8 are unassigned). */
const commandCodes: Readonly<Record<number, string>> = {
  0: 'Sync', 1: 'SendMail', 2: 'SmartForward', 3: 'SmartReply', 4: 'GetAttachment',
  9: 'FolderSync', 10: 'FolderCreate', 11: 'FolderDelete', 12: 'FolderUpdate', 13: 'MoveItems',
  14: 'GetItemEstimate', 15: 'MeetingResponse', 16: 'Search', 17: 'Settings', 18: 'Ping',
  19: 'ItemOperations', 20: 'Provision', 21: 'ResolveRecipients', 22: 'ValidateCert',
};

const base64Versions = new Set([121, 140, 141, 160, 161]);
const userTag = 8;
const base64Shape = /^[A-Za-z0-9+/]+={0,2}$/;

/** True when every byte is printable ASCII, so a DeviceId can be shown as text. */
function isPrintable(bytes: Buffer): boolean {
  for (const b of bytes) if (b < 0x21 || b > 0x7e) return false;
  return bytes.length > 0;
}

/**
 * Decodes the binary query from its first `&`-segment. Returns null when the text
 * is not a well-formed base64 query (wrong shape, unknown version, a length that
 * runs past the end), so the caller can record `bad-base64-query`.
 */
export function decodeBase64Query(query: string): Base64Query | null {
  const amp = query.indexOf('&');
  const blob = decodePercent(amp === -1 ? query : query.slice(0, amp));
  if (blob.length < 8 || !base64Shape.test(blob)) return null;
  const bytes = Buffer.from(blob, 'base64');
  if (bytes.length < 7 || !base64Versions.has(bytes[0]!)) return null;
  let at = 4;
  const idLength = bytes[at++]!;
  if (at + idLength + 1 > bytes.length) return null;
  const idBytes = bytes.subarray(at, at + idLength);
  at += idLength;
  const keyLength = bytes[at++]!;
  if (keyLength !== 0 && keyLength !== 4) return null;
  if (at + keyLength + 1 > bytes.length) return null;
  const policyKey = keyLength === 4 ? bytes.readUInt32LE(at) : null;
  at += keyLength;
  const typeLength = bytes[at++]!;
  if (at + typeLength > bytes.length) return null;
  const deviceType = bytes.toString('latin1', at, at + typeLength);
  at += typeLength;
  let user: string | null = null;
  while (at + 2 <= bytes.length) {
    const tag = bytes[at]!;
    const length = bytes[at + 1]!;
    if (at + 2 + length > bytes.length) return null;
    if (tag === userTag) user = bytes.toString('utf8', at + 2, at + 2 + length);
    at += 2 + length;
  }
  const code = bytes[1]!;
  return {
    protocol: bytes[0]!,
    cmd: commandCodes[code] ?? `cmd#${code}`,
    locale: bytes.readUInt16LE(2),
    deviceId: isPrintable(idBytes) ? idBytes.toString('latin1') : idBytes.toString('hex').toUpperCase(),
    policyKey,
    deviceType,
    user,
  };
}
