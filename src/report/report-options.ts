import type { DiagnosisThresholds } from '../diagnose/device-facts.js';

/** Which devices and which time window a report or diagnosis covers. */
export interface ReportFilter {
  /** Unix seconds UTC, inclusive; undefined = open. */
  since?: number;
  until?: number;
  /** CAS server name (as logged), case-insensitive. */
  server?: string;
  /** Normalised user name (lowercase, no DOMAIN\). */
  user?: string;
  deviceType?: string;
  /** DeviceId as logged. */
  deviceId?: string;
}

export interface ReportOptions extends ReportFilter {
  /** Include healthy (ok-*) devices; default: failing devices only. */
  all?: boolean;
  /** Limits of the verdict rules (runaway rate, failures before a device counts as failing). */
  thresholds?: Partial<DiagnosisThresholds>;
  /** Clock for `generatedAt`, injectable for golden tests. */
  now?: () => Date;
}
