import type { FieldSpans } from '../w3c/field-spans.js';
import type { Layout } from '../w3c/layout.js';
import { parseTimestamp } from '../w3c/timestamp.js';
import { decodeBase64Query } from './base64-query.js';
import { classifyOutcome, classifyRequest } from './classify.js';
import { parseLogTokens } from './log-tokens.js';
import { normalizeUser } from './normalize-user.js';
import { parsePlainQuery, type PlainQuery } from './plain-query.js';
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
  deviceId: string;
  deviceType: string;
  cmd: string | null;
  userAgent: string | null;
  status: number;
  substatus: number;
  win32: number;
  timeTaken: number | null;
  proxyTo: string | null;
  redirectTo: string | null;
  error: string | null;
  protocol: number | null;
  heartbeat: number | null;
  /** Logged on the receiving CAS of a proxy (PrxFrom:, /Proxy/ stem); the CLI adds c-ip = a CAS. */
  innerHop: boolean;
  class: RequestClass;
  outcome: Outcome;
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

/** The identity fields of either query form; null when the query names no device. */
function readQuery(query: string | null): PlainQuery | null {
  if (query === null) return null;
  const plain = parsePlainQuery(query);
  if (plain.deviceId !== null) return plain;
  const binary = decodeBase64Query(query);
  if (binary === null) return null;
  return { user: binary.user, deviceId: binary.deviceId, deviceType: binary.deviceType, cmd: binary.cmd, log: plain.log, protocol: binary.protocol };
}

/**
 * Turns one W3C record into an ActiveSync request, an other-protocol hit or a
 * reject (unparsable time or status). Pure: the caller owns ids and storage.
 */
export function decodeRecord(fields: FieldSpans, layout: Layout, directiveDate: string | null): DecodedRecord {
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
  const query = protocol === 'activesync' ? readQuery(fields.value(i.query)) : null;
  if (query === null || query.deviceId === null || query.deviceId === '') {
    return { kind: 'other', ts, computerName, serverIp, protocol: protocol === 'activesync' ? 'activesync-nodevice' : protocol };
  }
  const username = fields.value(i.username);
  const tokens = query.log === null ? null : parseLogTokens(query.log);
  const substatus = fields.integer(i.substatus) ?? 0;
  const error = tokens?.error ?? null;
  const proxyTo = tokens?.proxyTo ?? null;
  const classifyInput = { status, substatus, anonymous: username === null, proxyTo, error, cmd: query.cmd };
  const userAgent = fields.value(i.userAgent);
  const timeTaken = fields.integer(i.timeTaken);
  return {
    kind: 'activesync',
    ts,
    computerName,
    serverIp,
    clientIp: fields.value(i.clientIp),
    queryUser: query.user,
    username,
    deviceId: query.deviceId,
    deviceType: query.deviceType ?? '',
    cmd: query.cmd,
    userAgent: userAgent === null || userAgent.indexOf('+') === -1 ? userAgent : userAgent.replaceAll('+', ' '),
    status,
    substatus: Number.isNaN(substatus) ? 0 : substatus,
    win32: fields.integer(i.win32) || 0,
    timeTaken: timeTaken === null || Number.isNaN(timeTaken) ? null : timeTaken,
    proxyTo,
    redirectTo: tokens?.redirectTo ?? null,
    error,
    protocol: tokens?.protocol ?? query.protocol,
    heartbeat: tokens?.heartbeat ?? null,
    innerHop: tokens?.proxyFrom != null || proxied,
    class: classifyRequest(classifyInput),
    outcome: classifyOutcome(classifyInput),
  };
}
