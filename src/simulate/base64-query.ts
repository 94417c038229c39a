/**
 * Encoder for the MS-ASHTTP 2.2.1.1.1.1 base64 query (domain.md 2.3), the form
 * Windows Mobile 6.x uses. Byte layout: version, command code, locale (LE),
 * DeviceId, policy key (LE), DeviceType, then {tag, length, value} parameters.
 */

/** Command codes of MS-ASHTTP (codes 5-8 are unassigned). Also the list of commands the simulator sends. */
export const commandCodes = {
  Sync: 0, SendMail: 1, SmartForward: 2, SmartReply: 3, GetAttachment: 4, FolderSync: 9, FolderCreate: 10,
  FolderDelete: 11, FolderUpdate: 12, MoveItems: 13, GetItemEstimate: 14, MeetingResponse: 15, Search: 16,
  Settings: 17, Ping: 18, ItemOperations: 19, Provision: 20, ResolveRecipients: 21, ValidateCert: 22,
} as const satisfies Record<string, number>;

export type EasCommand = keyof typeof commandCodes;

/** Parameter tags (Z-Push request.php); 1, 2 and 5 are deprecated. */
export const parameterTags = {
  AttachmentName: 0, CollectionId: 1, CollectionName: 2, ItemId: 3, LongId: 4, ParentId: 5, Occurrence: 6,
  Options: 7, User: 8,
} as const satisfies Record<string, number>;

/** Bits of the Options parameter. */
export const optionBits = { SaveInSent: 0x01, AcceptMultiPart: 0x02 } as const;

export interface Base64QueryFields {
  /** EAS version x10: 121, 140, 141, 160 or 161. */
  protocol: number;
  command: EasCommand;
  /** LCID, 0x0409 for en-US. */
  locale: number;
  /** A string (its ASCII bytes are sent) or raw bytes such as a 16-byte GUID. */
  deviceId: string | Uint8Array;
  /** null: no policy key (length 0). */
  policyKey: number | null;
  deviceType: string;
  parameters?: readonly { tag: number; value: string | Uint8Array }[];
}

const toBytes = (value: string | Uint8Array): Buffer =>
  typeof value === 'string' ? Buffer.from(value, 'latin1') : Buffer.from(value);

function lengthPrefixed(bytes: Buffer, what: string): Buffer {
  if (bytes.length > 255) throw new Error(`${what} longer than 255 bytes`);
  return Buffer.concat([Buffer.of(bytes.length), bytes]);
}

/** The raw bytes of a base64 query, before base64. */
export function encodeBase64QueryBytes(fields: Base64QueryFields): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt8(fields.protocol, 0);
  head.writeUInt8(commandCodes[fields.command], 1);
  head.writeUInt16LE(fields.locale, 2);
  let policy = Buffer.of(0);
  if (fields.policyKey !== null) {
    policy = Buffer.alloc(5);
    policy.writeUInt8(4, 0);
    policy.writeUInt32LE(fields.policyKey >>> 0, 1);
  }
  const parts = [
    head,
    lengthPrefixed(toBytes(fields.deviceId), 'DeviceId'),
    policy,
    lengthPrefixed(toBytes(fields.deviceType), 'DeviceType'),
  ];
  for (const parameter of fields.parameters ?? []) {
    parts.push(Buffer.of(parameter.tag), lengthPrefixed(toBytes(parameter.value), `parameter ${parameter.tag}`));
  }
  return Buffer.concat(parts);
}

/** The query text a device sends: RFC 2045 base64 of the bytes, no line breaks. */
export function encodeBase64Query(fields: Base64QueryFields): string {
  return encodeBase64QueryBytes(fields).toString('base64');
}

/** Some clients %-encode the base64 alphabet's '+', '/' and '='; IIS logs them as received. */
export function percentEncodeBase64(text: string): string {
  return text.replace(/[+/=]/g, (c) => (c === '+' ? '%2B' : c === '/' ? '%2F' : '%3D'));
}
