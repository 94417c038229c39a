/**
 * One big, realistic CAS log for the ingest benchmark, streamed to disk: the
 * scenario's line mix (~90% ActiveSync with base64 queries, PrxTo: proxies and
 * 451s; OWA, EWS, Autodiscover, RPC and probes) without the scenario's stories.
 * Lines are independent draws, so memory stays flat whatever the count.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { EasCommand } from './base64-query.js';
import { answers, type Answer, type EasIntent } from './eas-intent.js';
import { createTimeline, defaultOptions, msPerDay } from './options.js';
import { otherLine, otherRows2010 } from './other-traffic.js';
import { createPopulation, type MailboxWeights, type SimDevice } from './population.js';
import { createRng, type Rng } from './prng.js';
import { renderEas } from './render-eas.js';
import { loadBalancerIp, servers } from './scenario.js';
import { defaultFields, extendedFields, formatEntry, formatHeader, type FieldName, type LogRecord } from './w3c-format.js';

export interface BenchLogOptions {
  /** First day, YYYY-MM-DD (default the scenario's). */
  start?: string;
  /** Mailbox users (default 4000). */
  users?: number;
  /** Days the lines are spread over (default 1). */
  days?: number;
  /**
   * Switch to the longer field list at every other restart block (default true). The
   * benchmark turns it off so that GoAccess, which reads one fixed layout, parses every line.
   */
  varyFields?: boolean;
}

export interface BenchLogSummary {
  /** Data lines written (directives not counted). */
  lines: number;
  directives: number;
  bytes: number;
}

/** The benchmark CAS has NY 2007 users too, so that it logs 451s and PrxTo:newyork07 lines. */
const benchMailboxWeights: MailboxWeights = [['ny2010', 82], ['ny2007', 8], ['lon2007', 10]];

const commandWeights: readonly (readonly [EasCommand, number])[] = [
  ['Ping', 45], ['Sync', 29], ['FolderSync', 5], ['GetItemEstimate', 6], ['Provision', 2], ['Settings', 2],
  ['SendMail', 3], ['ItemOperations', 5], ['MoveItems', 3],
];

/** Failures sprinkled over healthy devices (2.5% of requests). */
const failureWeights: readonly (readonly [Answer, number])[] = [
  [answers.challenge, 40], [answers.notProvisioned, 12], [answers.serverError, 8], [answers.busy, 4],
  [answers.overBudget, 3], [answers.mailboxFull, 4], [answers.badPassword, 3],
];

const restartEvery = 250_000;
const chunkBytes = 1 << 20;

/** A heavy-tailed activity weight per device: a few devices chatter a lot (Pareto, capped). */
function activityTable(rng: Rng, devices: readonly SimDevice[]): SimDevice[] {
  const table: SimDevice[] = [];
  for (const device of devices) {
    const weight = Math.min(40, Math.max(1, Math.floor(1 / Math.pow(1 - rng.next(), 1 / 1.3))));
    for (let i = 0; i < weight; i++) table.push(device);
  }
  return table;
}

function easLine(rng: Rng, device: SimDevice, ms: number): LogRecord {
  const options = device.base64 === null && rng.chance(0.03);
  const cmd: EasCommand | null = options ? null : rng.weighted(commandWeights);
  const answer = rng.chance(0.025) ? rng.weighted(failureWeights) : answers.ok;
  const heartbeat = rng.pick(device.model.heartbeats);
  const ping = cmd === 'Ping' && answer.status === 200;
  const timeTaken = answer.iisOnly ? rng.int(0, 30) : ping ? heartbeat * 1000 + rng.int(0, 900) : rng.int(15, 2500);
  const intent: EasIntent = {
    ms, timeTaken, cmd, answer, cas: 'NYCAS10A', clientIp: rng.pick(device.ips),
    heartbeat: ping ? heartbeat : undefined, pingChanged: false, route: undefined,
  };
  // The file is one CAS's: the inner hop of a proxy belongs to another server's log.
  const [outer] = renderEas(rng, device, intent, Number.POSITIVE_INFINITY);
  if (outer === undefined) throw new Error('renderEas returned no line');
  return outer;
}

function probeLine(ms: number): LogRecord {
  return {
    ms, server: 'NYCAS10A', method: 'GET', stem: '/Microsoft-Server-ActiveSync/', query: '-', port: 443, username: '-',
    clientIp: loadBalancerIp, userAgent: '-', status: 401, substatus: 2, win32: 5, timeTaken: 0,
    host: servers.NYCAS10A.ip, scBytes: 1293, csBytes: 120,
  };
}

/**
 * Streams `lines` data lines of NYCAS10A's log to filePath (CRLF, directive
 * blocks at the top, at each new day, half-way and after simulated restarts
 * about every 250,000 lines; every other restart block switches to the
 * extended #Fields).
 * Same arguments, same bytes.
 */
export async function generateBenchLog(filePath: string, lines: number, seed = 42, options: BenchLogOptions = {}): Promise<BenchLogSummary> {
  const timeline = createTimeline({ ...defaultOptions, start: options.start ?? defaultOptions.start, days: options.days ?? 1, seed });
  const rng = createRng(seed, 'bench-log');
  const population = createPopulation(seed, options.users ?? 4000, benchMailboxWeights, false);
  const pickTable = activityTable(rng, population.devices);
  const otherRows = otherRows2010.map((row) => [row, row.weight] as const);
  const software = servers.NYCAS10A.software;
  const span = timeline.endMs - timeline.startMs;
  // At least one restart block in the middle whatever the size, so every bench file has one.
  const midFile = Math.floor(lines / 2);

  const stream = createWriteStream(filePath, { highWaterMark: chunkBytes });
  // Lines go straight into a 1 MiB buffer (they are ASCII): no giant string, no rope to flatten.
  let buffer = Buffer.allocUnsafe(chunkBytes);
  let used = 0;
  let bytes = 0;
  let directives = 0;
  let fields: readonly FieldName[] = defaultFields;
  let restarts = 0;
  let day = -1;
  const flush = async (): Promise<void> => {
    bytes += used;
    const ok = stream.write(buffer.subarray(0, used));
    buffer = Buffer.allocUnsafe(chunkBytes);
    used = 0;
    if (!ok) await once(stream, 'drain');
  };
  // Synchronous on purpose: an awaited call per line costs more than the line itself.
  const put = (line: string): void => {
    used += buffer.write(line, used, 'latin1');
    buffer[used++] = 13;
    buffer[used++] = 10;
  };

  for (let i = 0; i < lines; i++) {
    const ms = timeline.startMs + Math.floor((i * span) / lines);
    const today = Math.floor(ms / msPerDay);
    // The order of the draws is part of the output: reordering them changes every line.
    let header = false;
    if (today !== day) {
      day = today;
      header = true;
    } else if (rng.chance(1 / restartEvery) || i === midFile) {
      restarts++;
      fields = restarts % 2 === 1 && options.varyFields !== false ? extendedFields : defaultFields;
      header = true;
    }
    if (header) {
      if (used > chunkBytes / 2) await flush();
      for (const line of formatHeader(software, ms, fields)) put(line);
      directives += 4;
    }
    const roll = rng.next();
    const record = roll < 0.9 ? easLine(rng, rng.pick(pickTable), ms)
      : roll < 0.92 ? probeLine(ms)
      : otherLine(rng, 'NYCAS10A', rng.weighted(otherRows), rng.pick(population.users), ms);
    const line = formatEntry(fields, record);
    if (used + line.length + 2 > chunkBytes) await flush();
    put(line);
  }
  await flush();
  stream.end();
  await finished(stream);
  return { lines, directives, bytes };
}
