/** How the CAS that logged a request handled it. The ids are the `classes` table's. */
export const requestClasses = ['direct', 'proxy', 'redirect'] as const;
export type RequestClass = (typeof requestClasses)[number];

/**
 * What a request's answer means for the device. The order gives the ids of the
 * `outcomes` table (src/store/migrations/001-initial.sql); keep them in step.
 */
export const outcomes = [
  'ok',
  'challenge',
  'auth',
  'denied',
  'provision',
  'redirect',
  'full',
  'throttled',
  'server',
  'client',
  'other',
] as const;
export type Outcome = (typeof outcomes)[number];

/** Outcomes that are not a failure for the device: the 401 challenge is the normal handshake. */
const harmless: ReadonlySet<Outcome> = new Set(['ok', 'challenge', 'other']);

/** Outcomes that are a failure for the device (the `outcomes.failure` flag). */
export const failureOutcomes: ReadonlySet<Outcome> = new Set(outcomes.filter((o) => !harmless.has(o)));
