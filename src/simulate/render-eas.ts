/**
 * Turns a device's request into the lines the servers log: one on the 2010 CAS,
 * plus the inner hop on NEWYORK07 when the CAS proxied it there, or a single
 * line on NEWYORK07 for a device that talks to legacy.company.com itself.
 */
import type { EasCommand } from './base64-query.js';
import { deviceQuery } from './device-query.js';
import type { EasIntent } from './eas-intent.js';
import { buildLogData, type LogInput } from './log-data.js';
import type { SimDevice } from './population.js';
import type { Rng } from './prng.js';
import { routeRequest, type Route } from './routing.js';
import { hostNames, netbiosDomain, proxyTargets, redirectUrl, servers, type ServerName } from './scenario.js';
import type { LogRecord } from './w3c-format.js';

export const easStem = '/Microsoft-Server-ActiveSync/default.eas';

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
