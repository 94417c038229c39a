/**
 * What each kind of device does over the period, as a table: role → the
 * requests it makes. The answers here are the mailbox side's; routing (451,
 * PrxTo) is applied later from the mailbox location and the time of the fix.
 */
import { isAwake, planSessions, retryIntents, sessionIntents, type RetrySpec, type Window } from './activity.js';
import type { EasCommand } from './base64-query.js';
import { answers, type Answer, type EasIntent, type SideRequest } from './eas-intent.js';
import { msPerHour, msPerMinute, type Timeline } from './options.js';
import type { Role } from './cast.js';
import type { SimDevice } from './population.js';
import type { Rng } from './prng.js';
import { siteOfMailbox, type Site } from './scenario.js';

export interface RoleContext {
  rng: Rng;
  device: SimDevice;
  site: Site;
  timeline: Timeline;
  /** Non-EAS requests of the device's story (Autodiscover next to a 451). */
  side: SideRequest[];
}

type Step = { cmd: EasCommand | null; answer: Answer; timeTaken: number };

/** Healthy sessions between from and to; at least one, so every device shows up. */
function sessions(ctx: RoleContext, from: number, to: number, options: { route?: 'legacy-direct'; transient503?: boolean } = {}): EasIntent[] {
  const { rng, device, site } = ctx;
  const windows = planSessions(rng, site, from, to);
  if (windows.length === 0 && to > from) {
    const start = from + Math.floor((to - from) * rng.next() * 0.8);
    windows.push({ start, end: start + rng.int(15, 45) * msPerMinute });
  }
  // The transient 503 goes into an early session so that later ones prove the device recovered.
  const transientAt = options.transient503 === true ? Math.floor(windows.length / 3) : -1;
  return windows.flatMap((w: Window, i) =>
    sessionIntents(rng, device, w, {
      ...(options.route !== undefined ? { route: options.route } : {}),
      transient503: i === transientAt && windows.length > 1,
    }),
  );
}

/** The same failing answer over and over, from `from` to the end of the logs. */
function failing(ctx: RoleContext, from: number, every: readonly [number, number], commands: readonly EasCommand[], answer: Answer): EasIntent[] {
  const spec: RetrySpec = {
    every,
    awakeOnly: true,
    attempt: (rng) => {
      const steps: Step[] = [];
      const cmd = rng.pick(commands);
      // A wrong password is refused with credentials: no anonymous challenge in front of it.
      if (ctx.device.model.challengeFirst && answer.status !== 401 && rng.chance(0.3)) steps.push({ cmd, answer: answers.challenge, timeTaken: rng.int(0, 15) });
      steps.push({ cmd, answer, timeTaken: rng.int(15, 400) });
      return steps;
    },
  };
  return retryIntents(ctx.rng, ctx.device, ctx.site, from, ctx.timeline.endMs, spec);
}

/** Healthy until a fraction of the period, then one failure repeated to the end. */
function healthyThenFailing(fraction: number, every: readonly [number, number], commands: readonly EasCommand[], answer: Answer) {
  return (ctx: RoleContext): EasIntent[] => {
    const { startMs, endMs } = ctx.timeline;
    const turn = startMs + Math.floor((endMs - startMs) * fraction);
    return [...sessions(ctx, startMs, turn - 30 * msPerMinute), ...failing(ctx, turn, every, commands, answer)];
  };
}

/** A NY 2007 iOS device that keeps trying and gets 451 each time (it never follows it). */
function redirectAttempts(ctx: RoleContext, from: number, to: number): EasIntent[] {
  const spec: RetrySpec = {
    every: [15, 45],
    awakeOnly: true,
    attempt: (rng, t) => {
      const steps: Step[] = [];
      const cmd = rng.pick(['FolderSync', 'FolderSync', 'Ping', 'Sync'] as const);
      if (rng.chance(0.3)) steps.push({ cmd, answer: answers.challenge, timeTaken: rng.int(0, 15) });
      steps.push({ cmd, answer: answers.ok, timeTaken: rng.int(20, 150) });
      if (rng.chance(0.15)) steps.push({ cmd: null, answer: answers.ok, timeTaken: rng.int(10, 80) });
      // iOS looks the name up again with Autodiscover now and then: useful context next to a 451.
      if (rng.chance(0.25)) ctx.side.push({ ms: t + rng.int(2000, 9000), kind: 'autodiscover', cas: ctx.device.homeCas, clientIp: rng.pick(ctx.device.ips) });
      return steps;
    },
  };
  return retryIntents(ctx.rng, ctx.device, ctx.site, from, to, spec);
}

/** The iPad that follows its 451: one redirect on NYCAS10A, then straight to legacy (NEWYORK07). */
function followRedirect(ctx: RoleContext): EasIntent[] {
  const { rng, device, timeline } = ctx;
  let t0 = timeline.startMs + rng.int(30, 180) * msPerMinute;
  while (!isAwake(ctx.site, t0)) t0 += 30 * msPerMinute;
  t0 = Math.min(t0, timeline.fixMs - msPerHour);
  const clientIp = rng.pick(device.ips);
  const redirected: EasIntent = { ms: t0 + 40, timeTaken: 40, cmd: 'FolderSync', answer: answers.ok, cas: device.homeCas, clientIp };
  const followed: EasIntent[] = [
    { ms: t0 + 4_000, timeTaken: 25, cmd: null, answer: answers.ok, cas: device.homeCas, clientIp, route: 'legacy-direct' },
    { ms: t0 + 5_500, timeTaken: 310, cmd: 'FolderSync', answer: answers.ok, cas: device.homeCas, clientIp, route: 'legacy-direct' },
  ];
  return [redirected, ...followed, ...sessions(ctx, t0 + 10 * msPerMinute, timeline.endMs, { route: 'legacy-direct' })];
}

/** The device cannot take the policy: 449, Provision, Provision, then four 449s again. */
function provisioningLoop(ctx: RoleContext): EasIntent[] {
  const spec: RetrySpec = {
    every: [30, 90],
    awakeOnly: true,
    attempt: (rng) => [
      { cmd: 'FolderSync', answer: answers.notProvisioned, timeTaken: rng.int(20, 200) },
      { cmd: 'Provision', answer: answers.provisionRefused, timeTaken: rng.int(40, 400) },
      { cmd: 'Provision', answer: answers.provisionRefused, timeTaken: rng.int(40, 400) },
      { cmd: 'FolderSync', answer: answers.notProvisioned, timeTaken: rng.int(20, 200) },
      { cmd: 'Settings', answer: answers.notProvisioned, timeTaken: rng.int(20, 200) },
      { cmd: 'FolderSync', answer: answers.notProvisioned, timeTaken: rng.int(20, 200) },
      { cmd: 'FolderSync', answer: answers.notProvisioned, timeTaken: rng.int(20, 200) },
    ],
  };
  return retryIntents(ctx.rng, ctx.device, ctx.site, ctx.timeline.startMs, ctx.timeline.endMs, spec);
}

/** iOS 4.0 re-syncing every ~15 s, all night too, for 26 hours (or the whole period if shorter). */
function runaway(ctx: RoleContext): EasIntent[] {
  const { rng, device, timeline } = ctx;
  const clientIp = rng.pick(device.ips);
  const until = Math.min(timeline.endMs, timeline.startMs + 26 * msPerHour);
  const out: EasIntent[] = [];
  for (let t = timeline.startMs + rng.int(1000, 60_000); t < until; t += rng.int(12_000, 18_000)) {
    const timeTaken = rng.int(60, 400);
    out.push({ ms: t + timeTaken, timeTaken, cmd: 'Sync', answer: answers.ok, cas: device.homeCas, clientIp });
  }
  return out;
}

export const roleBehaviours: Readonly<Record<Role, (ctx: RoleContext) => EasIntent[]>> = {
  healthy: (ctx) => sessions(ctx, ctx.timeline.startMs, ctx.timeline.endMs, { transient503: ctx.device.transient503 }),
  'redirect-recovers': (ctx) => [
    ...redirectAttempts(ctx, ctx.timeline.startMs, ctx.timeline.fixMs),
    ...sessions(ctx, ctx.timeline.fixMs + 5 * msPerMinute, ctx.timeline.endMs),
  ],
  // Gives up (or the battery dies) one to four hours before the fix: still failing when the logs end.
  'redirect-stuck': (ctx) => redirectAttempts(ctx, ctx.timeline.startMs, ctx.timeline.fixMs - ctx.rng.int(60, 240) * msPerMinute),
  'redirect-follower': followRedirect,
  'bad-password': healthyThenFailing(0.3, [10, 30], ['Ping', 'Sync', 'FolderSync'], answers.badPassword),
  'provisioning-loop': provisioningLoop,
  blocked: (ctx) => failing(ctx, ctx.timeline.startMs, [20, 60], ['FolderSync', 'Sync', 'Ping'], answers.blocked),
  'mailbox-full': healthyThenFailing(0.4, [5, 20], ['Sync', 'Sync', 'SendMail'], answers.mailboxFull),
  throttled: healthyThenFailing(0.55, [3, 10], ['Sync', 'Ping', 'Sync'], answers.overBudget),
  'server-error': healthyThenFailing(0.65, [5, 15], ['Sync', 'FolderSync', 'Ping'], answers.serverError),
  runaway,
};

/** Every request a device makes over the period, in no particular order. */
export function deviceIntents(rng: Rng, device: SimDevice, timeline: Timeline, side: SideRequest[]): EasIntent[] {
  const ctx: RoleContext = { rng, device, site: siteOfMailbox[device.user.mailbox], timeline, side };
  return roleBehaviours[device.role](ctx);
}
