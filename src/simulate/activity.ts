/**
 * The two ways a device shows up in the logs: a healthy session (Sync, then Ping
 * long polls until the phone sleeps) and a retry loop of one failing answer.
 * Both return intents; roles.ts decides which to use when.
 */
import type { EasCommand } from './base64-query.js';
import { answers, type Answer, type EasIntent } from './eas-intent.js';
import { msPerDay, msPerMinute } from './options.js';
import type { SimDevice } from './population.js';
import type { Rng } from './prng.js';
import type { Route } from './routing.js';
import { cas2010, wakingHours, type Cas2010, type Site } from './scenario.js';

export interface Window {
  start: number;
  end: number;
}

/** True when ms falls in the site's waking hours (devices mostly sleep at night). */
export function isAwake(site: Site, ms: number): boolean {
  const minute = Math.floor((((ms % msPerDay) + msPerDay) % msPerDay) / msPerMinute);
  const { from, to } = wakingHours[site];
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** The load balancer keeps a device on its home CAS (source-IP affinity) most of the time. */
export function pickCas(rng: Rng, device: SimDevice): Cas2010 {
  if (device.pinned || rng.chance(0.85)) return device.homeCas;
  return device.homeCas === cas2010[0] ? 'NYCAS10B' : 'NYCAS10A';
}

/**
 * Session windows between from and to: 0-3 per day, 15-80 minutes, starting in
 * waking hours. Overlaps are pushed back so sessions never run in parallel.
 */
export function planSessions(rng: Rng, site: Site, from: number, to: number): Window[] {
  const { from: wakeFrom, to: wakeTo } = wakingHours[site];
  const awakeMinutes = (wakeTo - wakeFrom + 1440) % 1440;
  const windows: Window[] = [];
  for (let day = Math.floor(from / msPerDay) * msPerDay; day < to; day += msPerDay) {
    const count = rng.weighted([[0, 15], [1, 50], [2, 30], [3, 5]] as const);
    for (let i = 0; i < count; i++) {
      const minute = (wakeFrom + rng.int(0, awakeMinutes - 1)) % 1440;
      const start = day + minute * msPerMinute + rng.int(0, 59_999);
      windows.push({ start, end: start + rng.int(15, 80) * msPerMinute });
    }
  }
  windows.sort((a, b) => a.start - b.start);
  const result: Window[] = [];
  for (const w of windows) {
    const previous = result[result.length - 1];
    const start = previous !== undefined && w.start < previous.end + 5 * msPerMinute ? previous.end + 5 * msPerMinute : w.start;
    const window = { start, end: start + (w.end - w.start) };
    if (window.start >= from && window.start < to) result.push(window);
  }
  return result;
}

/** What else a device does after a Sync now and then. */
const occasionalCommands: readonly (readonly [EasCommand, number])[] = [
  ['SendMail', 30], ['ItemOperations', 20], ['GetItemEstimate', 15], ['MoveItems', 15], ['SmartReply', 10], ['Search', 5],
  ['MeetingResponse', 5],
];

export interface SessionOptions {
  /** Forces every request of the session onto this route. */
  route?: Route;
  /** Inserts one 503 followed by a successful retry after the first Sync. */
  transient503?: boolean;
}

/** The requests of one healthy session. The last Ping may complete after the window ends. */
export function sessionIntents(rng: Rng, device: SimDevice, window: Window, options: SessionOptions = {}): EasIntent[] {
  const cas = pickCas(rng, device);
  const clientIp = rng.pick(device.ips);
  const out: EasIntent[] = [];
  let t = window.start;
  const push = (cmd: EasCommand | null, timeTaken: number, answer: Answer, extra: Partial<EasIntent> = {}): void => {
    out.push({ ms: t + timeTaken, timeTaken, cmd, answer, cas, clientIp, ...extra, ...(options.route ? { route: options.route } : {}) });
    t += timeTaken + rng.int(80, 2500);
  };
  const first: EasCommand = rng.chance(0.35) ? 'FolderSync' : 'Sync';
  if (device.model.challengeFirst && rng.chance(0.5)) push(first, rng.int(0, 15), answers.challenge);
  if (device.base64 === null && device.model.challengeFirst && rng.chance(0.12)) push(null, rng.int(5, 60), answers.ok);
  push(first, rng.int(40, 900), answers.ok);
  if (first === 'FolderSync') push('Sync', rng.int(80, 1500), answers.ok);
  if (options.transient503 === true) {
    push('Sync', rng.int(20, 300), answers.busy);
    t += rng.int(30_000, 90_000);
    push('Sync', rng.int(80, 1500), answers.ok);
  }
  while (t < window.end) {
    const heartbeat = rng.pick(device.model.heartbeats);
    const changed = rng.chance(0.4);
    const timeTaken = changed ? rng.int(4000, heartbeat * 1000 - 2000) : heartbeat * 1000 + rng.int(0, 900);
    push('Ping', timeTaken, answers.ok, { heartbeat, pingChanged: changed });
    if (changed) {
      push('Sync', rng.int(80, 1500), answers.ok);
      if (rng.chance(0.15)) push(rng.weighted(occasionalCommands), rng.int(60, 2500), answers.ok);
    }
  }
  return out;
}

export interface RetrySpec {
  /** Minutes between attempts. */
  every: readonly [number, number];
  /** Only try while the owner is awake (a phone in a drawer does not retry much). */
  awakeOnly: boolean;
  /** The requests of one attempt, starting at t. */
  attempt: (rng: Rng, t: number) => readonly { cmd: EasCommand | null; answer: Answer; timeTaken: number }[];
}

/** Repeated attempts between from and to, each answered the same way. */
export function retryIntents(rng: Rng, device: SimDevice, site: Site, from: number, to: number, spec: RetrySpec): EasIntent[] {
  const out: EasIntent[] = [];
  const [low, high] = spec.every;
  for (let t = from + rng.int(0, low * msPerMinute); t < to; t += rng.int(low * msPerMinute, high * msPerMinute)) {
    if (spec.awakeOnly && !isAwake(site, t)) continue;
    const cas = pickCas(rng, device);
    const clientIp = rng.pick(device.ips);
    let at = t;
    for (const step of spec.attempt(rng, t)) {
      out.push({ ms: at + step.timeTaken, timeTaken: step.timeTaken, cmd: step.cmd, answer: step.answer, cas, clientIp });
      at += step.timeTaken + rng.int(150, 4000);
    }
  }
  return out;
}
