import type { FieldSpans } from '../w3c/field-spans.js';
import type { Layout } from '../w3c/layout.js';
import { parseTimestamp } from '../w3c/timestamp.js';
import { decodeBase64Query } from './base64-query.js';
import { classifyOutcome, classifyRequest } from './classify.js';
import { emptyLogTokens, parseLogTokens } from './log-tokens.js';
import { normalizeUser } from './normalize-user.js';
import { emptyPlainQuery, parsePlainQuery, type PlainQuery } from './plain-query.js';
import { readStem } from './protocol.js';
import type { Outcome, RequestClass } from './request-class.js';

/** An ActiveSync request from one device, decoded and classified. */
export interface EasRequest {
  kind: 'activesync';
  ts: number;
  computerName: string | null;
  serverIp: string | null;
  clientIp: string | null;
  /** The query's User as logged (%-encoded); see userOf. */
  queryUser: string | null;
  /** cs-username as logged. */
  username: string | null;
  /** cs-username was `-`. */
  anonymous: boolean;
  deviceId: string;
  deviceType: string;
  cmd: string | null;
  /** Exchange's `Log=` data as logged; completeRequest reads its tokens. */
  log: string | null;
  userAgent: string | null;
  status: number;
  substatus: number;
  win32: number;
  timeTaken: number | null;
  /** From here on, what completeRequest fills in from the `Log=` tokens (protocol: the base64 query's until then). */
  proxyTo: string | null;
  redirectTo: string | null;
  error: string | null;
  protocol: number | null;
  heartbeat: number | null;
  /** Logged on the receiving CAS of a proxy (PrxFrom:, /Proxy/ stem); the CLI adds c-ip = a CAS. */
  innerHop: boolean;
  class: RequestClass;
  outcome: Outcome;
  /** Where its strings were read from, when decoded from a log line (null once rebuilt on another thread). */
  origin: StringOrigin | null;
}

/** The strings of an EasRequest, in the order StringOrigin lists their positions. */
export const originSlots = ['computerName', 'serverIp', 'clientIp', 'queryUser', 'username', 'deviceId', 'deviceType', 'cmd', 'userAgent', 'log'] as const;

/**
 * Where a request's strings lie in the text they were sliced from: another
 * thread holding a copy of the text slices them again for the cost of their
 * positions, instead of being sent each string.
 */
export interface StringOrigin {
  text: string;
  /** Start of each of `originSlots` in `text`; -1 when absent or not a plain slice (%-decoded, rewritten). */
  at: Int32Array;
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
  plain.at.user = plain.at.deviceId = plain.at.deviceType = plain.at.cmd = -1;
  return plain;
}

/** Decodes one W3C record; see createRecordDecoder. */
export type RecordDecoder = (fields: FieldSpans, layout: Layout, directiveDate: string | null) => DecodedRecord;

/**
 * A decoder turning one W3C record into an ActiveSync request, an other-protocol
 * hit or a reject (unparsable time or status). The request still has its `Log=`
 * tokens to read and its class to decide: completeRequest does that on the
 * thread that encodes (the decoding thread is the ingest's bottleneck). Pure
 * apart from one thing: the ActiveSync request it returns is the same object
 * each call (one filled per line instead of four allocated), so read it before
 * decoding the next line. The caller owns ids and storage.
 */
export function createRecordDecoder(): RecordDecoder {
  const query = emptyPlainQuery();
  const r: EasRequest = {
    kind: 'activesync', ts: 0, computerName: null, serverIp: null, clientIp: null, queryUser: null, username: null, anonymous: false,
    deviceId: '', deviceType: '', cmd: null, log: null, userAgent: null, status: 0, substatus: 0, win32: 0, timeTaken: null,
    proxyTo: null, redirectTo: null, error: null, protocol: null, heartbeat: null, innerHop: false, class: 'direct', outcome: 'ok',
    origin: { text: '', at: new Int32Array(originSlots.length).fill(-1) },
  };
  const at = r.origin!.at;
  return (fields, layout, directiveDate) => {
    const i = layout.index;
    const date = i.date >= 0 ? fields.raw(i.date) : directiveDate;
    if (date === null || i.time < 0) return { kind: 'reject', reason: 'no-date-or-time' };
    const ts = parseTimestamp(date, fields.raw(i.time));
    if (Number.isNaN(ts)) return { kind: 'reject', reason: 'bad-timestamp' };
    const status = fields.integer(i.status);
    if (status === null || Number.isNaN(status)) return { kind: 'reject', reason: 'bad-status' };
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
    r.anonymous = r.username === null;
    r.deviceId = q.deviceId;
    r.deviceType = q.deviceType ?? '';
    r.cmd = q.cmd;
    r.log = q.log;
    const uaRewritten = userAgent !== null && userAgent.indexOf('+') !== -1;
    r.userAgent = uaRewritten ? userAgent!.replaceAll('+', ' ') : userAgent;
    r.status = status;
    r.substatus = Number.isNaN(substatus) ? 0 : substatus;
    r.win32 = fields.integer(i.win32) || 0;
    r.timeTaken = timeTaken === null || Number.isNaN(timeTaken) ? null : timeTaken;
    r.protocol = q.protocol;
    r.innerHop = proxied;
    // Positions in originSlots order.
    r.origin!.text = fields.text;
    const queryAt = fields.startOf(i.query);
    at[0] = computerName === null ? -1 : fields.startOf(i.computerName);
    at[1] = serverIp === null ? -1 : fields.startOf(i.serverIp);
    at[2] = r.clientIp === null ? -1 : fields.startOf(i.clientIp);
    at[3] = q.at.user < 0 ? -1 : queryAt + q.at.user;
    at[4] = r.username === null ? -1 : fields.startOf(i.username);
    at[5] = q.at.deviceId < 0 ? -1 : queryAt + q.at.deviceId;
    at[6] = q.at.deviceType < 0 ? -1 : queryAt + q.at.deviceType;
    at[7] = q.at.cmd < 0 ? -1 : queryAt + q.at.cmd;
    at[8] = userAgent === null || uaRewritten ? -1 : fields.startOf(i.userAgent);
    at[9] = q.at.log < 0 ? -1 : queryAt + q.at.log;
    return r;
  };
}

/**
 * Completes a decoded request: reads its `Log=` tokens (proxy and redirect
 * targets, error, protocol version, heartbeat) and classifies it. Once per
 * request: the protocol read so far (a base64 query's) gives way to the tokens'.
 */
export function createRequestCompleter(): (r: EasRequest) => void {
  const tokens = emptyLogTokens();
  return (r) => {
    parseLogTokens(r.log ?? '', tokens);
    r.proxyTo = tokens.proxyTo;
    r.redirectTo = tokens.redirectTo;
    r.error = tokens.error;
    r.protocol = tokens.protocol ?? r.protocol;
    r.heartbeat = tokens.heartbeat;
    r.innerHop ||= tokens.proxyFrom !== null;
    r.class = classifyRequest(r);
    r.outcome = classifyOutcome(r);
  };
}
