import type { RequestClass } from '../activesync/request-class.js';
import type { Verdict } from '../diagnose/device-facts.js';

/** One device row of the report: the JSON contract of `report --format json`. Times are ISO 8601 UTC. */
export interface ReportDevice {
  user: string;
  deviceId: string;
  deviceType: string;
  userAgent: string;
  verdict: Verdict;
  failing: boolean;
  reason: string;
  recommendation: string;
  requests: number;
  classes: Record<RequestClass, number>;
  statuses: Record<string, number>;
  servers: string[];
  proxyTargets: string[];
  firstSeen: string;
  lastSeen: string;
  lastSuccess: string | null;
}

/** A conclusion drawn across devices, shown above the device rows. */
export interface Finding {
  /** Stable id, e.g. 'external-url-redirect', 'device-type-matrix'. */
  id: string;
  severity: 'critical' | 'warning' | 'info';
  title: string;
  /** Plain-words explanation with the evidence. */
  detail: string;
  /** What to do, with the Exchange Management Shell command where one applies. */
  recommendation?: string;
  /** Tabular evidence (e.g. the device-type x class matrix): a header row then data rows. */
  table?: { columns: string[]; rows: (string | number)[][] };
}

/** Requests per time bucket and class, for the redirect/proxy/direct chart. */
export interface TimelinePoint {
  /** Bucket start, ISO 8601 UTC. */
  t: string;
  direct: number;
  proxy: number;
  redirect: number;
}

/** Everything every renderer (csv, json, md, html, Ink) needs. */
export interface ReportModel {
  generatedAt: string;
  window: { from: string | null; to: string | null };
  summary: { devices: number; failing: number; byVerdict: Partial<Record<Verdict, number>> };
  findings: Finding[];
  devices: ReportDevice[];
  timeline: TimelinePoint[];
}
