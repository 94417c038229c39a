import type { Outcome, RequestClass } from './request-class.js';

/** What classification looks at: a few decoded fields of one ActiveSync request. */
export interface ClassifyInput {
  status: number;
  substatus: number;
  /** cs-username was `-`. */
  anonymous: boolean;
  proxyTo: string | null;
  error: string | null;
  /** The ActiveSync command, null when unknown. */
  cmd: string | null;
}

interface Rule<T> {
  result: T;
  when: (r: ClassifyInput) => boolean;
  /** Why the rule exists (domain.md section). */
  why: string;
}

/** Scanned top to bottom; the first match wins (domain.md 6.5). */
export const classificationRules: ReadonlyArray<Rule<RequestClass>> = [
  { result: 'redirect', when: (r) => r.status === 451, why: '451: the CAS tells the device to use another URL' },
  { result: 'proxy', when: (r) => r.proxyTo !== null, why: 'PrxTo: the CAS proxied the request to another CAS' },
  { result: 'direct', when: () => true, why: 'served by the CAS that logged it' },
];

const throttlingErrors = new Set(['OverBudget', 'TooManyJobsQueued', 'ServerBusy']);
const inRange = (status: number, low: number, high: number): boolean => status >= low && status <= high;

/** What the answer means for the device, first match wins (domain.md 4.1 and 5). */
export const outcomeRules: ReadonlyArray<Rule<Outcome>> = [
  { result: 'other', when: (r) => inRange(r.status, 200, 299) && r.cmd === 'Provision', why: 'a policy download is not a sync: a device looping between 449 and Provision never syncs' },
  { result: 'ok', when: (r) => inRange(r.status, 200, 299), why: '2xx (a failing S<n> inside a 200 is not a connectivity failure)' },
  { result: 'challenge', when: (r) => r.status === 401 && (r.anonymous || r.substatus === 2), why: '401 without credentials: the normal handshake before the authenticated request' },
  { result: 'auth', when: (r) => r.status === 401 || r.status === 456 || r.status === 457, why: 'credentials refused, account blocked or password expired' },
  { result: 'denied', when: (r) => r.status === 403, why: 'blocked/quarantined device or user not enabled for EAS' },
  { result: 'provision', when: (r) => r.status === 449 || r.error === 'DeviceNotProvisioned', why: 'device lacks the current policy' },
  { result: 'redirect', when: (r) => r.status === 451, why: 'sent elsewhere' },
  { result: 'full', when: (r) => r.status === 507 || r.error === 'MailboxQuotaExceeded', why: 'mailbox full' },
  { result: 'throttled', when: (r) => r.status === 503 && r.error !== null && throttlingErrors.has(r.error), why: '503 from budget exhaustion' },
  { result: 'server', when: (r) => inRange(r.status, 500, 599), why: 'server or mailbox failure, also behind a proxy' },
  { result: 'client', when: (r) => inRange(r.status, 400, 499), why: 'other client errors (400, 404, 409…)' },
  { result: 'other', when: () => true, why: '1xx/3xx' },
];

function firstMatch<T>(rules: ReadonlyArray<Rule<T>>, input: ClassifyInput): T {
  for (const rule of rules) if (rule.when(input)) return rule.result;
  throw new Error('classification rules must end with a catch-all');
}

export const classifyRequest = (input: ClassifyInput): RequestClass => firstMatch(classificationRules, input);
export const classifyOutcome = (input: ClassifyInput): Outcome => firstMatch(outcomeRules, input);
