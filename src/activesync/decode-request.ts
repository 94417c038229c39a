import type { FieldSpans } from '../w3c/field-spans.js';
import type { Layout } from '../w3c/layout.js';
import { parseTimestamp } from '../w3c/timestamp.js';
import { decodeBase64Query } from './base64-query.js';
import { normalizeUser } from './normalize-user.js';
import { emptyPlainQuery, parsePlainQuery, type PlainQuery } from './plain-query.js';
import { readStem } from './protocol.js';

/**
 * An ActiveSync request from one device, decoded. Its `Log=` tokens are read and
 * it is classified later, on the writer thread (src/ingest/complete-rows.ts).
 */
export interface EasRequest {
  kind: 'activesync';
  ts: number;
  computerName: string | null;
  serverIp: string | null;
  clientIp: string | null;
  /** The query's User as logged (%-encoded); see userOf. */
  queryUser: string | null;
  /** cs-username as logged; null when `-` (an anonymous request: the 401 challenge). */
  username: string | null;
  deviceId: string;
  deviceType: string;
  cmd: string | null;
  /** Exchange's `Log=` data as logged. */
  log: string | null;
  userAgent: string | null;
  status: number;
  substatus: number;
  win32: number;
  timeTaken: number | null;
  /** EAS version x10 from a base64 query; the `Log=` tokens' version overrides it. */
  protocol: number | null;
  /** Logged under a /Proxy/ stem: the receiving CAS of a proxy (PrxFrom: in `Log=` and c-ip = a CAS say so too). */
  innerHop: boolean;
}

/**
 * The request's user, normalised (lowercase, no DOMAIN\): the query's User, else
 * cs-username; '' when neither names one. Left to the caller so that a line
 * whose device and spelling were seen before skips it.
 */
export const userOf = (r: Pick<EasRequest, 'queryUser' | 'username'>): string => normalizeUser(r.queryUser) || normalizeUser(r.username);

/** Any other request: only counted per protocol. */
export interface OtherRequest {
  kind: 'other';
  ts: number;
  computerName: string | null;
  serverIp: string | null;
  protocol: string;
}

export type DecodedRecord = EasRequest | OtherRequest | { kind: 'reject'; reason: string };

/** The identity fields of either query form into `into`; null when the query names no device. */
function readQuery(query: string | null, into: PlainQuery): PlainQuery | null {
  if (query === null) return null;
  const plain = parsePlainQuery(query, into);
  if (plain.deviceId !== null) return plain;
  const binary = decodeBase64Query(query);
  if (binary === null) return null;
  plain.user = binary.user;
  plain.deviceId = binary.deviceId;
  plain.deviceType = binary.deviceType;
  plain.cmd = binary.cmd;
  plain.protocol = binary.protocol;
  return plain;
}

/** Decodes one W3C record; see createRecordDecoder. */
export type RecordDecoder = (fields: FieldSpans, layout: Layout, directiveDate: string | null) => DecodedRecord;

/**
 * A decoder turning one W3C record into an ActiveSync request, an other-protocol
 * hit or a reject (unparsable time or status). Pure apart from one thing: the
 * ActiveSync request it returns is the same object each call, as is the query
 * object behind it (the parser thread, the ingest's bottleneck, fills them
 * instead of allocating two per line), so read it before decoding the next line. The caller owns ids and storage.
 */
export function createRecordDecoder(): RecordDecoder {
  const query = emptyPlainQuery();
  const r: EasRequest = {
    kind: 'activesync', ts: 0, computerName: null, serverIp: null, clientIp: null, queryUser: null, username: null,
    deviceId: '', deviceType: '', cmd: null, log: null, userAgent: null, status: 0, substatus: 0, win32: 0, timeTaken: null,
    protocol: null, innerHop: false,
  };
  return (fields, layout, directiveDate) => {
    const i = layout.index;
    const date = i.date >= 0 ? fields.raw(i.date) : directiveDate;
    if (date === null || i.time < 0) return { kind: 'reject', reason: 'no-date-or-time' };
    const ts = parseTimestamp(date, fields.raw(i.time));
    if (Number.isNaN(ts)) return { kind: 'reject', reason: 'bad-timestamp' };
    const status = fields.integer(i.status);
    // HTTP statuses have three digits (the store packs them so: migration 003).
    if (status === null || Number.isNaN(status) || status > 999) return { kind: 'reject', reason: 'bad-status' };
    const computerName = fields.value(i.computerName);
    const serverIp = fields.value(i.serverIp);
    const { protocol, proxied } = readStem(fields.value(i.stem) ?? '');
    const q = protocol === 'activesync' ? readQuery(fields.value(i.query), query) : null;
    if (q === null || q.deviceId === null || q.deviceId === '') {
      return { kind: 'other', ts, computerName, serverIp, protocol: protocol === 'activesync' ? 'activesync-nodevice' : protocol };
    }
    const substatus = fields.integer(i.substatus) ?? 0;
    const userAgent = fields.value(i.userAgent);
    const timeTaken = fields.integer(i.timeTaken);
    r.ts = ts;
    r.computerName = computerName;
    r.serverIp = serverIp;
    r.clientIp = fields.value(i.clientIp);
    r.queryUser = q.user;
    r.username = fields.value(i.username);
    r.deviceId = q.deviceId;
    r.deviceType = q.deviceType ?? '';
    r.cmd = q.cmd;
    r.log = q.log;
    r.userAgent = userAgent === null || userAgent.indexOf('+') === -1 ? userAgent : userAgent.replaceAll('+', ' ');
    r.status = status;
    r.substatus = Number.isNaN(substatus) || substatus > 999 ? 0 : substatus;
    r.win32 = fields.integer(i.win32) || 0;
    r.timeTaken = timeTaken === null || Number.isNaN(timeTaken) ? null : timeTaken;
    r.protocol = q.protocol;
    r.innerHop = proxied;
    return r;
  };
}
