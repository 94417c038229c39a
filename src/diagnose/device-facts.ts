import type { Outcome, RequestClass } from '../activesync/request-class.js';

/**
 * Everything the verdict rules know about one device: aggregates read from the
 * database (queries/device-facts.sql), never raw rows. Counts are of client-facing
 * requests only: the inner hop of a CAS-to-CAS proxy is not counted twice.
 * Times are Unix seconds UTC.
 */
export interface DeviceFacts {
  /** devices.id, internal. */
  id: number;
  user: string;
  /** DeviceId as the device sends it. */
  deviceId: string;
  deviceType: string;
  /** The most recent user agent. */
  userAgent: string;
  requests: number;
  classes: Record<RequestClass, number>;
  /** Count per HTTP status, e.g. {"200": 12, "451": 37}. */
  statuses: Record<string, number>;
  /** Count per outcome over the whole window. */
  outcomes: Record<Outcome, number>;
  /**
   * Count per outcome after the last successful request (all of them when the
   * device never succeeded): the device's current state.
   */
  outcomesSinceSuccess: Record<Outcome, number>;
  /** First and last failure after the last success, null when none. */
  firstFailureSinceSuccess: number | null;
  lastFailureSinceSuccess: number | null;
  firstSeen: number;
  lastSeen: number;
  lastSuccess: number | null;
  /** Class of the last successful request, null when none. */
  lastSuccessClass: RequestClass | null;
  /** Server that logged the last successful request. */
  lastSuccessServer: string | null;
  /** Time of the first and last HTTP 451, null when none. */
  firstRedirect: number | null;
  lastRedirect: number | null;
  /** CAS servers that logged the device, most requests first. */
  servers: string[];
  /** Servers that answered 451 to this device. */
  redirectingServers: string[];
  /** PrxTo: targets seen for this device. */
  proxyTargets: string[];
  /** RdirTo: URLs seen for this device (decoded). */
  redirectTargets: string[];
  /** Count per Exchange Error: token since the last success (or overall when none). */
  errorsSinceSuccess: Record<string, number>;
  /** Highest EAS protocol version seen, x10 (121, 141), null when unknown. */
  protocol: number | null;
  /** Highest number of requests in one UTC day, and that day's Ping and Sync counts. */
  peakDayRequests: number;
  peakDayPings: number;
  peakDaySyncs: number;
  /** Number of UTC days with requests. */
  activeDays: number;
}

/** Verdict ids: part of the JSON/CSV contract. */
export const verdicts = [
  'redirect-stuck',
  'server-error',
  'auth-failing',
  'provisioning-loop',
  'access-denied',
  'mailbox-full',
  'throttled',
  'runaway',
  'unknown',
  'ok-redirected',
  'ok-proxied',
  'ok-direct',
] as const;
export type Verdict = (typeof verdicts)[number];

/** The report contract: every verdict that is not ok-* is failing (`unknown` included). */
export const isFailingVerdict = (verdict: Verdict): boolean => !verdict.startsWith('ok-');

/** The answer for one device. */
export interface Diagnosis {
  verdict: Verdict;
  failing: boolean;
  /** Higher is worse; orders the report. */
  severity: number;
  /** Plain words with the evidence (counts, times, servers, targets). */
  reason: string;
  /** What the admin should do, with the Exchange Management Shell command where one applies. */
  recommendation: string;
}

/** Limits the rules use; the CLI can override them. */
export interface DiagnosisThresholds {
  /** Failures since the last success before a device counts as failing (fewer is a hiccup). */
  minFailures: number;
  /** Requests in one day above which a succeeding device is a runaway. */
  runawayRequestsPerDay: number;
}

export const defaultThresholds: DiagnosisThresholds = {
  minFailures: 3,
  runawayRequestsPerDay: 3000,
};

/** A device's facts with the verdict drawn from them. */
export interface DiagnosedDevice {
  facts: DeviceFacts;
  diagnosis: Diagnosis;
}
