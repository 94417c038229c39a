/**
 * One ActiveSync request as a device makes it, before routing: what it asked and
 * what the mailbox side answers. render-eas.ts turns it into log lines.
 */
import type { EasCommand } from './base64-query.js';
import type { Route } from './routing.js';
import type { Cas2010 } from './scenario.js';

/** The answer to a request, as IIS and Exchange log it. */
export interface Answer {
  status: number;
  substatus: number;
  win32: number;
  /** No credentials: cs-username is '-'. */
  anonymous: boolean;
  /** IIS answered before Exchange ran (401s): no &Log= in the query. */
  iisOnly: boolean;
  /** Exchange's Error: label. */
  error?: string;
  /** More Log= elements, e.g. Pk0. */
  tokens?: readonly string[];
  /** Always write the Budget: element (throttled lines carry it). */
  budget?: boolean;
}

const ok: Answer = { status: 200, substatus: 0, win32: 0, anonymous: false, iisOnly: false };

/** The answers the scenario uses, by name (domain.md 4.1 and 5). */
export const answers = {
  ok,
  /** iOS's first request of a session: no credentials, 401.2; the authenticated retry follows. */
  challenge: { status: 401, substatus: 2, win32: 5, anonymous: true, iisOnly: true },
  /** Basic auth with a wrong password: 401.1, win32 1326 (logon failure). */
  badPassword: { status: 401, substatus: 1, win32: 1326, anonymous: false, iisOnly: true },
  notProvisioned: { ...ok, status: 449, error: 'DeviceNotProvisioned', tokens: ['Pk0'] },
  /** A Provision the device answers but cannot comply with; HTTP 200 all the same. */
  provisionRefused: { ...ok, error: 'DeviceNotFullyProvisionable', tokens: ['Pk0'] },
  blocked: { ...ok, status: 403, error: 'DeviceIsBlockedForThisUser' },
  mailboxFull: { ...ok, status: 507, error: 'MailboxQuotaExceeded' },
  overBudget: { ...ok, status: 503, error: 'OverBudget', budget: true },
  serverError: { ...ok, status: 500, error: 'ServerError' },
  /** A one-off 503 (queue full) a healthy device recovers from at once. */
  busy: { ...ok, status: 503, error: 'TooManyJobsQueued' },
} as const satisfies Record<string, Answer>;

export interface EasIntent {
  /** Completion time, epoch ms: what IIS writes in date/time. */
  ms: number;
  timeTaken: number;
  /** null: OPTIONS. */
  cmd: EasCommand | null;
  answer: Answer;
  /** Ping heartbeat, seconds. */
  heartbeat?: number;
  /** Ping ended early because something changed (S2) rather than at the heartbeat (S1). */
  pingChanged?: boolean;
  /** Forces the route (the iPad that followed its 451 keeps talking to legacy). */
  route?: Route;
  /** The CAS the load balancer picked for this request. */
  cas: Cas2010;
  /** Public address the device used. */
  clientIp: string;
}

/** Requests that are not ActiveSync but belong to a device's story (Autodiscover after a 451). */
export interface SideRequest {
  ms: number;
  kind: 'autodiscover';
  cas: Cas2010;
  clientIp: string;
}
