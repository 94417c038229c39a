import { failureOutcomes, outcomes as outcomeIds } from '../../src/activesync/request-class.js';
import type { Outcome, RequestClass } from '../../src/activesync/request-class.js';
import type { DeviceFacts } from '../../src/diagnose/device-facts.js';
import type { DeviceFactsInput } from '../../src/diagnose/verdict-rules.js';

/** Unix seconds from an ISO string, for readable test data. */
export const at = (iso: string): number => Date.parse(iso) / 1000;

const defaultFirstSeen = at('2010-10-05T06:00:00Z');
const defaultLastSeen = at('2010-10-06T18:00:00Z');

/** The status a test device gets for each outcome when the test does not say. */
const statusOfOutcome: Record<Outcome, string> = {
  ok: '200',
  challenge: '401',
  auth: '401',
  denied: '403',
  provision: '449',
  redirect: '451',
  full: '507',
  throttled: '503',
  server: '500',
  client: '400',
  other: '302',
};

function fill(partial: Partial<Record<Outcome, number>> | undefined): Record<Outcome, number> {
  const full = {} as Record<Outcome, number>;
  for (const id of outcomeIds) full[id] = partial?.[id] ?? 0;
  return full;
}

/**
 * A consistent DeviceFacts from the few fields a test cares about. Defaults: an iPad on EAS 14.1
 * of COMPANY\nyc07 seen on NYCAS10A from 2010-10-05 06:00 to 2010-10-06 18:00 UTC.
 * - `outcomesSinceSuccess` defaults to `outcomes` when the device never succeeded, else to none;
 * - `outcomes` defaults to `outcomesSinceSuccess`, plus one ok when `lastSuccess` is set;
 * - `requests`, `statuses`, `classes`, failure and redirect times and servers follow from them.
 */
export function makeFacts(input: DeviceFactsInput = {}): DeviceFacts {
  const lastSuccess = input.lastSuccess ?? null;
  const outcomes = fill(input.outcomes ?? input.outcomesSinceSuccess);
  if (lastSuccess !== null && outcomes.ok === 0) outcomes.ok = 1;
  const since = fill(input.outcomesSinceSuccess ?? (lastSuccess === null ? outcomes : {}));
  const requests = input.requests ?? Object.values(outcomes).reduce((sum, n) => sum + n, 0);
  const servers = input.servers ?? ['NYCAS10A'];
  const firstSeen = input.firstSeen ?? defaultFirstSeen;
  const lastSeen = input.lastSeen ?? defaultLastSeen;
  const lastSuccessClass = input.lastSuccessClass ?? (lastSuccess === null ? null : 'direct');

  const statuses: Record<string, number> = {};
  for (const id of outcomeIds) {
    if (outcomes[id] > 0) statuses[statusOfOutcome[id]] = (statuses[statusOfOutcome[id]] ?? 0) + outcomes[id];
  }
  const classes: Record<RequestClass, number> = { direct: 0, proxy: 0, redirect: outcomes.redirect };
  classes[lastSuccessClass === 'proxy' ? 'proxy' : 'direct'] = requests - outcomes.redirect;

  const failuresSince = [...failureOutcomes].reduce((sum, id) => sum + since[id], 0);
  const hasRedirect = outcomes.redirect > 0;

  return {
    id: input.id ?? 1,
    user: input.user ?? 'COMPANY\\nyc07',
    deviceId: input.deviceId ?? 'ApplDMPGQ1234ABCD',
    deviceType: input.deviceType ?? 'iPad',
    userAgent: input.userAgent ?? 'Apple-iPad2C1/1002.141',
    requests,
    classes: { ...classes, ...input.classes },
    statuses: input.statuses ?? statuses,
    outcomes,
    outcomesSinceSuccess: since,
    firstFailureSinceSuccess: input.firstFailureSinceSuccess ?? (failuresSince > 0 ? (lastSuccess ?? firstSeen) + 60 : null),
    lastFailureSinceSuccess: input.lastFailureSinceSuccess ?? (failuresSince > 0 ? lastSeen : null),
    firstSeen,
    lastSeen,
    lastSuccess,
    lastSuccessClass,
    lastSuccessServer: input.lastSuccessServer ?? (lastSuccess === null ? null : (servers[0] ?? null)),
    firstRedirect: input.firstRedirect ?? (hasRedirect ? firstSeen : null),
    lastRedirect: input.lastRedirect ?? (hasRedirect ? lastSeen : null),
    servers,
    redirectingServers: input.redirectingServers ?? (hasRedirect ? servers.slice(0, 1) : []),
    proxyTargets: input.proxyTargets ?? [],
    redirectTargets: input.redirectTargets ?? [],
    errorsSinceSuccess: input.errorsSinceSuccess ?? {},
    protocol: input.protocol === undefined ? 141 : input.protocol,
    peakDayRequests: input.peakDayRequests ?? requests,
    peakDayPings: input.peakDayPings ?? 0,
    peakDaySyncs: input.peakDaySyncs ?? 0,
    activeDays: input.activeDays ?? 1,
  };
}
