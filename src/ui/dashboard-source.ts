/**
 * What the dashboard reads and what it can ask for. The Ink views never see a
 * database: they get these plain values from a `DashboardSource` (SQLite rollups in
 * production, an in-memory fake in tests) and act through `DashboardControls`.
 *
 * Times are Unix seconds UTC. Strings that come from the logs (users, device ids,
 * types, user agents, file names, reasons quoting them) are raw here; the views pass
 * them through `sanitizeForTerminal` before drawing.
 */

import type { IngestProgress } from '../ingest/ingest-summary.js';

export type { IngestProgress };

/** The three ways a CAS handled a request, in the order the views draw them. */
export const dashboardClasses = ['redirect', 'proxy', 'direct'] as const;
export type DashboardClass = (typeof dashboardClasses)[number];

export type ClassCounts = Record<DashboardClass, number>;

/** Sort orders of the failing-devices table; the first is the default. */
export const failingSorts = ['severity', 'last-seen', 'user', 'device-type'] as const;
export type FailingSort = (typeof failingSorts)[number];

/** Sort orders of the servers table; the first is the default. */
export const serverSorts = ['requests', 'error-rate', 'name'] as const;
export type ServerSort = (typeof serverSorts)[number];

/** Numbers shown on every screen (header). */
export interface DashboardHeader {
  /** Newest request timestamp ingested: the dashboard's "now". Null before any data. */
  now: number | null;
  requests: number;
  devices: number;
  failingDevices: number;
  rejectedLines: number;
  files: number;
}

/** Where ingest stands for one CAS server. */
export interface ServerPosition {
  server: string;
  /** Newest file of that server (path as ingested), null when none yet. */
  file: string | null;
  /** Bytes of complete lines ingested from `file`, and its size at the last look. */
  offset: number;
  size: number;
  /** Newest request timestamp logged by that server, null when none. */
  lastTs: number | null;
  /** `now` minus `lastTs`: how far this server's logs trail the newest data. */
  lagSeconds: number | null;
}

/** Requests of one device type, split by class. */
export interface DeviceTypeRow {
  deviceType: string;
  devices: number;
  classes: ClassCounts;
}

export interface OverviewData {
  header: DashboardHeader;
  /** First minute (Unix minute, ts/60) of the series. */
  fromMinute: number;
  /** Requests per minute and class, oldest first, one entry per minute up to `now`. */
  series: Record<DashboardClass, number[]>;
  /** Device type × class matrix, most requests first. */
  matrix: DeviceTypeRow[];
  /** Failing devices per verdict, most first. */
  failingByVerdict: { verdict: string; devices: number }[];
  servers: ServerPosition[];
}

/** One row of the failing-devices table. */
export interface FailingDeviceRow {
  /** Internal key (devices.id): what `deviceDetail` takes. */
  key: number;
  user: string;
  deviceId: string;
  deviceType: string;
  verdict: string;
  severity: number;
  /** The diagnosis reason (the view shortens it). */
  reason: string;
  lastSeen: number;
  /** Server that logged the device last. */
  server: string;
}

export interface FailingDevicesQuery {
  /** Case-insensitive substring of user, device id, device type or verdict; '' = all. */
  filter: string;
  sort: FailingSort;
  limit: number;
}

export interface FailingDevicesData {
  header: DashboardHeader;
  rows: FailingDeviceRow[];
  /** Failing devices matching the filter (may exceed rows.length). */
  total: number;
}

/** A run of identical consecutive requests of a device's timeline ("×count"). */
export interface TimelineEntry {
  /** Time of the newest request of the run. */
  ts: number;
  /** Time of the oldest request of the run. */
  firstTs: number;
  count: number;
  server: string;
  requestClass: DashboardClass;
  status: number;
  command: string;
  /** PrxTo target, redirect target or Exchange error when there is one. */
  detail: string;
}

/** The drill-down of one device: what `activesync-doctor device` prints. */
export interface DeviceDetail {
  key: number;
  user: string;
  deviceId: string;
  deviceType: string;
  userAgent: string;
  verdict: string;
  failing: boolean;
  reason: string;
  recommendation: string;
  requests: number;
  classes: ClassCounts;
  firstSeen: number;
  lastSeen: number;
  lastSuccess: number | null;
  servers: string[];
  /** Newest first. */
  timeline: TimelineEntry[];
}

/**
 * Client-facing requests one CAS server logged. The inner hop of a CAS-to-CAS proxy is
 * not counted: it is the proxying CAS's request (and no rollup holds it).
 */
export interface ServerRow {
  server: string;
  requests: number;
  /** The same requests by how the CAS handled them. */
  classes: ClassCounts;
  /** Those that failed (outcomes.failure). */
  failures: number;
}

/** Requests CAS servers proxied to one PrxTo target. */
export interface ProxyTargetRow {
  target: string;
  requests: number;
  /** Distinct devices proxied there. */
  devices: number;
  failures: number;
  /** CAS servers that proxied to it, most requests first. */
  servers: string[];
}

export interface ServersData {
  header: DashboardHeader;
  servers: ServerRow[];
  proxyTargets: ProxyTargetRow[];
}

export interface RejectFileRow {
  path: string;
  lines: number;
  rejected: number;
}

export interface RejectSample {
  path: string;
  lineNo: number;
  reason: string;
  sample: string;
}

export interface RejectsData {
  header: DashboardHeader;
  /** Files with rejected lines, most first. */
  files: RejectFileRow[];
  /** The most recent rejected lines, newest first. */
  recent: RejectSample[];
}

/**
 * Read side of the dashboard. Every method is cheap (rollups, indexed lookups or
 * incremental reads) so the UI can call it on every refresh.
 */
export interface DashboardSource {
  /**
   * A token that changes whenever the data may have changed (SQLite `data_version`
   * plus the newest row ids). Equal tokens mean nothing needs re-reading.
   */
  version(): string;
  overview(minutes: number): OverviewData;
  failingDevices(query: FailingDevicesQuery): FailingDevicesData;
  /** Null when the device is unknown. */
  deviceDetail(key: number, timelineLimit: number): DeviceDetail | null;
  servers(sort: ServerSort): ServersData;
  rejects(limit: number): RejectsData;
}

/** Where the follower stands, for the status line. */
export interface FollowState {
  phase: 'ingesting' | 'following' | 'paused' | 'stopped';
  /** Folders or files followed. */
  paths: string[];
  /** Wall-clock ms of the last completed ingest pass, null before the first. */
  lastRunAt: number | null;
  /** Lines ingested by the last pass that found something, and when (wall-clock ms). */
  lastNewLines: number;
  lastNewAt: number | null;
  /** Problems of the last pass, one per path or "ingest" (missing folder, permission, I/O). */
  errors: { path: string; message: string }[];
  /** Warnings of the last pass (files skipped or unreadable); the last one is shown. */
  warnings: string[];
}

/** Everything live that is pushed to the UI rather than polled from the source. */
export interface LiveState {
  follow: FollowState;
  /** Where the first ingest stands, for the progress view; null once it is done. */
  progress: IngestProgress | null;
}

/** A value the UI subscribes to (useSyncExternalStore contract). */
export interface LiveStateStore {
  get(): LiveState;
  subscribe(listener: () => void): () => void;
}

/** Actions the dashboard can ask the program for. */
export interface DashboardControls {
  /** Pauses (true) or resumes (false) following; the follow phase in LiveState shows the result. */
  setPaused(paused: boolean): void;
  /** Writes the failing-device report; resolves to the file name written. */
  exportReport(): Promise<string>;
}
