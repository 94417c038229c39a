/**
 * expected.json: the verdict the diagnosis should reach for every simulated
 * device, i.e. its state when the logs end. The ids are the report contract's.
 */
import type { Role } from './cast.js';
import type { Population, SimDevice } from './population.js';

export const expectedVerdicts = [
  'ok-direct', 'ok-proxied', 'ok-redirected', 'redirect-stuck', 'auth-failing', 'provisioning-loop',
  'access-denied', 'mailbox-full', 'throttled', 'server-error', 'runaway', 'unknown',
] as const;
export type ExpectedVerdict = (typeof expectedVerdicts)[number];

export interface ExpectedDevice {
  /** Lowercase alias, no domain. */
  user: string;
  deviceId: string;
  deviceType: string;
  verdict: ExpectedVerdict;
}

export interface ExpectedFile {
  generatedBy: string;
  devices: ExpectedDevice[];
}

/** Role → verdict at the end of the logs; healthy devices depend on where the mailbox is. */
export const verdictOfRole: Readonly<Record<Role, ExpectedVerdict | ((device: SimDevice) => ExpectedVerdict)>> = {
  healthy: (device) => (device.user.mailbox === 'ny2010' ? 'ok-direct' : 'ok-proxied'),
  // 451s before the fix, proxied 200s after it: the end state is what counts.
  'redirect-recovers': 'ok-proxied',
  'redirect-stuck': 'redirect-stuck',
  'redirect-follower': 'ok-redirected',
  'bad-password': 'auth-failing',
  'provisioning-loop': 'provisioning-loop',
  blocked: 'access-denied',
  'mailbox-full': 'mailbox-full',
  throttled: 'throttled',
  'server-error': 'server-error',
  runaway: 'runaway',
};

export function expectedVerdict(device: SimDevice): ExpectedVerdict {
  const rule = verdictOfRole[device.role];
  return typeof rule === 'function' ? rule(device) : rule;
}

/** Every device, sorted by user then DeviceId so the file diffs well. */
export function buildExpected(population: Population, generatedBy: string): ExpectedFile {
  const devices = population.devices
    .map((d) => ({ user: d.user.alias, deviceId: d.deviceId, deviceType: d.model.deviceType, verdict: expectedVerdict(d) }))
    .sort((a, b) => (a.user === b.user ? (a.deviceId < b.deviceId ? -1 : 1) : a.user < b.user ? -1 : 1));
  return { generatedBy, devices };
}

/** Devices per verdict, in the contract's order. */
export function countVerdicts(expected: ExpectedFile): Partial<Record<ExpectedVerdict, number>> {
  const counts: Partial<Record<ExpectedVerdict, number>> = {};
  for (const verdict of expectedVerdicts) {
    const n = expected.devices.filter((d) => d.verdict === verdict).length;
    if (n > 0) counts[verdict] = n;
  }
  return counts;
}
