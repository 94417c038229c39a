/**
 * Turns a device's request into the lines the servers log: one on the 2010 CAS,
 * plus the inner hop on NEWYORK07 when the CAS proxied it there, or a single
 * line on NEWYORK07 for a device that talks to legacy.company.com itself.
 */
import { encodeBase64Query, optionBits, parameterTags, percentEncodeBase64, type EasCommand } from './base64-query.js';
import type { EasIntent } from './eas-intent.js';
import { buildLogData, type LogInput } from './log-data.js';
import type { SimDevice } from './population.js';
import type { Rng } from './prng.js';
import { routeRequest, type Route } from './routing.js';
import { hostNames, netbiosDomain, proxyTargets, redirectUrl, servers, type ServerName } from './scenario.js';
import type { LogRecord } from './w3c-format.js';

export const easStem = '/Microsoft-Server-ActiveSync/default.eas';

/** Base64 queries per device and command: the same bytes every time, so encode them once. */
const base64Cache = new WeakMap<SimDevice, Map<EasCommand, string>>();

function base64Query(device: SimDevice, style: NonNullable<SimDevice['base64']>, cmd: EasCommand): string {
  let perCommand = base64Cache.get(device);
  if (perCommand === undefined) {
    perCommand = new Map();
    base64Cache.set(device, perCommand);
  }
  const cached = perCommand.get(cmd);
  if (cached !== undefined) return cached;
  const parameters: { tag: number; value: string | Uint8Array }[] = [];
  if (cmd === 'SendMail') parameters.push({ tag: parameterTags.Options, value: Uint8Array.of(optionBits.SaveInSent) });
  if (style.userTag) parameters.push({ tag: parameterTags.User, value: device.user.alias });
  const blob = encodeBase64Query({
    protocol: device.protocol,
    command: cmd,
    locale: 0x0409,
    deviceId: style.binaryId ? Buffer.from(device.deviceId, 'hex') : device.deviceId,
    policyKey: device.policyKey,
    deviceType: device.model.deviceType,
    parameters,
  });
  const query = style.percentEncoded ? percentEncodeBase64(blob) : blob;
  perCommand.set(cmd, query);
  return query;
}

/** The part of the query before &Log=: plain (MS-ASHTTP 2.2.1.1.1.2) or base64 (2.2.1.1.1.1). */
export function deviceQuery(device: SimDevice, cmd: EasCommand | null): string {
  if (device.base64 !== null && cmd !== null) return base64Query(device, device.base64, cmd);
  const who = `User=${device.userParam}&DeviceId=${device.deviceId}&DeviceType=${device.model.deviceType}`;
  if (cmd === null) return who;
  const extra = cmd === 'SendMail' || cmd === 'SmartReply' ? '&SaveInSent=T' : '';
  return device.model.cmdFirst ? `Cmd=${cmd}&${who}${extra}` : `${who}&Cmd=${cmd}${extra}`;
}

function responseBytes(rng: Rng, status: number, cmd: EasCommand | null): number {
  if (status === 401) return rng.int(1290, 1650);
  if (status !== 200) return rng.int(150, 420);
  switch (cmd) {
    case null: return rng.int(240, 300);
    case 'Ping': return rng.int(180, 420);
    case 'Sync': return rng.int(300, 9000);
    case 'FolderSync': return rng.int(500, 3500);
    default: return rng.int(200, 3000);
  }
}

const requestBytes = (rng: Rng, cmd: EasCommand | null): number =>
  rng.int(380, 720) + (cmd === 'SendMail' ? rng.int(2000, 60_000) : cmd === null ? 0 : rng.int(40, 400));

interface LineParts {
  server: ServerName;
  ms: number;
  timeTaken: number;
  query: string;
  clientIp: string;
  host: string;
  status: number;
  substatus: number;
  win32: number;
}

function record(rng: Rng, device: SimDevice, intent: EasIntent, parts: LineParts): LogRecord {
  return {
    ms: parts.ms,
    server: parts.server,
    method: intent.cmd === null ? 'OPTIONS' : 'POST',
    stem: easStem,
    query: parts.query,
    port: 443,
    username: intent.answer.anonymous ? '-' : `${netbiosDomain}\\${device.user.alias}`,
    clientIp: parts.clientIp,
    userAgent: device.model.userAgent,
    status: parts.status,
    substatus: parts.substatus,
    win32: parts.win32,
    timeTaken: parts.timeTaken,
    host: parts.host,
    scBytes: responseBytes(rng, parts.status, intent.cmd),
    csBytes: requestBytes(rng, intent.cmd),
  };
}

/** The route of this request: forced by the intent, else by the routing table at its start time. */
export function routeOf(device: SimDevice, intent: EasIntent, fixMs: number): Route {
  return intent.route ?? routeRequest(device.user.mailbox, device.protocol, intent.ms - intent.timeTaken, fixMs);
}

/** Log lines for one request; the inner hop (if any) comes second. */
export function renderEas(rng: Rng, device: SimDevice, intent: EasIntent, fixMs: number): LogRecord[] {
  const route = routeOf(device, intent, fixMs);
  const base = deviceQuery(device, intent.cmd);
  const answer = intent.answer;
  const legacy = route === 'legacy-direct';
  const outerServer: ServerName = legacy ? 'NEWYORK07' : intent.cas;
  const outer: LineParts = {
    server: outerServer,
    ms: intent.ms,
    timeTaken: intent.timeTaken,
    query: base,
    clientIp: intent.clientIp,
    host: legacy ? hostNames.legacy : hostNames.activesync,
    status: answer.status,
    substatus: answer.substatus,
    win32: answer.win32,
  };
  // IIS refused it (401) before Exchange ran: no Log=, no routing.
  if (answer.iisOnly) return [record(rng, device, intent, outer)];

  // One object of one shape, updated in place per line: the benchmark renders a million of these.
  const log: LogInput = {
    dialect: legacy ? '2007' : '2010',
    protocol: device.protocol,
    cmd: intent.cmd,
    timeTaken: intent.timeTaken,
    heartbeat: intent.heartbeat,
    pingChanged: intent.pingChanged,
    error: answer.error,
    tokens: answer.tokens,
    budget: answer.budget,
    proxyTo: undefined,
    redirectTo: undefined,
    mailboxServer: undefined,
  };
  switch (route) {
    case 'redirect':
      outer.timeTaken = log.timeTaken = Math.min(intent.timeTaken, rng.int(15, 180));
      log.redirectTo = redirectUrl;
      outer.status = 451;
      outer.substatus = 0;
      outer.win32 = 0;
      outer.query = `${base}&Log=${buildLogData(rng, log)}`;
      return [record(rng, device, intent, outer)];
    case 'direct':
    case 'legacy-direct':
      log.mailboxServer = device.user.mailboxServer;
      outer.query = `${base}&Log=${buildLogData(rng, log)}`;
      return [record(rng, device, intent, outer)];
    case 'proxy-lon07':
      log.proxyTo = proxyTargets.lon2007;
      outer.query = `${base}&Log=${buildLogData(rng, log)}`;
      return [record(rng, device, intent, outer)];
    case 'proxy-ny07': {
      log.proxyTo = proxyTargets.ny2007;
      outer.query = `${base}&Log=${buildLogData(rng, log)}`;
      const outerLine = record(rng, device, intent, outer);
      // The inner hop completes a few ms before the outer line and comes from the proxying CAS.
      const lead = rng.int(2, 40);
      log.dialect = '2007';
      log.proxyTo = undefined;
      log.timeTaken = intent.timeTaken - lead;
      outer.server = 'NEWYORK07';
      outer.ms = intent.ms - lead;
      outer.timeTaken = Math.max(0, intent.timeTaken - lead - rng.int(3, 30));
      outer.query = `${base}&Log=${buildLogData(rng, log)}`;
      outer.clientIp = servers[intent.cas].ip;
      outer.host = proxyTargets.ny2007;
      return [outerLine, record(rng, device, intent, outer)];
    }
  }
}
