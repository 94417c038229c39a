import { requestClasses, type RequestClass } from '../activesync/request-class.js';
import { normalizeUser } from '../activesync/normalize-user.js';
import type { DeviceFacts, Diagnosis } from '../diagnose/device-facts.js';
import { diagnoseDevices, type DiagnosedDevice } from '../store/diagnose-devices.js';
import { UserError } from '../errors.js';
import type { Db } from '../store/open-database.js';
import { loadQuery, runQuery } from '../store/query-library.js';
import { toIso } from '../text/format-time.js';

/** One request of a device, as queries/device-timeline.sql returns it (times Unix s UTC). */
export interface TimelineRequest {
  ts: number;
  server: string;
  class: RequestClass;
  command: string | null;
  status: number;
  error: string | null;
  proxyTarget: string | null;
  redirectTarget: string | null;
}

/**
 * A run of identical consecutive requests (same server, class, command, status,
 * error and targets), shown as one line "×count". Times are ISO 8601 UTC.
 */
export interface TimelineEntry {
  first: string;
  last: string;
  count: number;
  server: string;
  class: RequestClass;
  command: string | null;
  status: number;
  error: string | null;
  proxyTarget: string | null;
  redirectTarget: string | null;
  /** Seconds without requests before this entry, when longer than the session gap; else null. */
  gapBefore: number | null;
}

/** One device's story: who it is, its collapsed requests and the verdict. */
export interface DeviceTimelineDevice {
  user: string;
  deviceId: string;
  deviceType: string;
  userAgent: string;
  requests: number;
  firstSeen: string;
  lastSeen: string;
  lastSuccess: string | null;
  servers: string[];
  diagnosis: Diagnosis;
  /** The most recent entries, oldest first. */
  entries: TimelineEntry[];
  /** Older entries left out by `limit` (0 when all are shown). */
  omittedEntries: number;
}

/** What `activesync-doctor device <key>` shows, and the dashboard's drill-down. */
export interface DeviceTimeline {
  /** The key as given. */
  key: string;
  /** Whether the key matched a DeviceId or a user (all of the user's devices). */
  matchedBy: 'deviceId' | 'user';
  devices: DeviceTimelineDevice[];
}

/** Reads one device's requests (devices.id) in time order. */
export type ReadDeviceRequests = (db: Db, deviceRowId: number) => Iterable<TimelineRequest>;

export interface DeviceTimelineOptions {
  /** Keep at most this many (most recent) entries per device; 0 keeps all. Default 200. */
  limit?: number;
  /** A pause longer than this starts a new session (seconds). Default 1800. */
  sessionGap?: number;
  /** Where requests come from; default queries/device-timeline.sql. */
  readRequests?: ReadDeviceRequests;
}

/**
 * Builds the timeline of the device whose DeviceId is `key` or, failing that, of
 * every device of the user `key`. Reads through diagnoseDevices and the
 * device-timeline query only; rendering is the caller's. Throws a UserError (exit 2)
 * when nothing matches.
 */
export function buildDeviceTimeline(db: Db, key: string, options: DeviceTimelineOptions = {}): DeviceTimeline {
  const readRequests = options.readRequests ?? readTimelineRequests;
  let matchedBy: DeviceTimeline['matchedBy'] = 'deviceId';
  let found: DiagnosedDevice[] = diagnoseDevices(db, { deviceId: key });
  const user = normalizeUser(key);
  if (found.length === 0 && user !== '') {
    matchedBy = 'user';
    found = diagnoseDevices(db, { user });
  }
  if (found.length === 0) {
    throw new UserError(
      `no device or user "${key}" in the database`,
      2,
      'give a DeviceId exactly as logged (e.g. ApplDNPGK1A2B3C4) or a user name; `activesync-doctor report --all` lists them',
    );
  }
  return {
    key,
    matchedBy,
    devices: found.map(({ facts, diagnosis }) => ({
      ...identity(facts),
      diagnosis,
      ...limitEntries(collapseRequests(readRequests(db, facts.id), options.sessionGap), options.limit),
    })),
  };
}

function identity(f: DeviceFacts): Omit<DeviceTimelineDevice, 'diagnosis' | 'entries' | 'omittedEntries'> {
  return {
    user: f.user,
    deviceId: f.deviceId,
    deviceType: f.deviceType,
    userAgent: f.userAgent,
    requests: f.requests,
    firstSeen: toIso(f.firstSeen),
    lastSeen: toIso(f.lastSeen),
    lastSuccess: f.lastSuccess === null ? null : toIso(f.lastSuccess),
    servers: [...f.servers],
  };
}

function limitEntries(entries: TimelineEntry[], limit = 200): { entries: TimelineEntry[]; omittedEntries: number } {
  if (limit <= 0 || entries.length <= limit) return { entries, omittedEntries: 0 };
  return { entries: entries.slice(entries.length - limit), omittedEntries: entries.length - limit };
}

/**
 * Collapses requests (in time order) into entries: consecutive requests that
 * differ only in time become one entry with a count, unless a pause longer than
 * `sessionGap` seconds separates them, which also marks the entry after the pause.
 */
export function collapseRequests(requests: Iterable<TimelineRequest>, sessionGap = 1800): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  let current: TimelineEntry | null = null;
  let lastTs: number | null = null;
  for (const r of requests) {
    const gap = lastTs !== null && r.ts - lastTs > sessionGap ? r.ts - lastTs : null;
    lastTs = r.ts;
    if (current !== null && gap === null && sameRun(current, r)) {
      current.count += 1;
      current.last = toIso(r.ts);
      continue;
    }
    current = {
      first: toIso(r.ts),
      last: toIso(r.ts),
      count: 1,
      server: r.server,
      class: r.class,
      command: r.command,
      status: r.status,
      error: r.error,
      proxyTarget: r.proxyTarget,
      redirectTarget: r.redirectTarget,
      gapBefore: gap,
    };
    entries.push(current);
  }
  return entries;
}

function sameRun(e: TimelineEntry, r: TimelineRequest): boolean {
  return (
    e.server === r.server &&
    e.class === r.class &&
    e.command === r.command &&
    e.status === r.status &&
    e.error === r.error &&
    e.proxyTarget === r.proxyTarget &&
    e.redirectTarget === r.redirectTarget
  );
}

/**
 * The default reader: queries/device-timeline.sql with :device_id, client-facing
 * requests only (the inner hop of a CAS-to-CAS proxy would show every proxied request
 * twice). Columns are read by name; the class may come as its id or its name.
 */
export function readTimelineRequests(db: Db, deviceRowId: number): TimelineRequest[] {
  const { rows } = runQuery(db, loadQuery('device-timeline'), { device_id: deviceRowId, client_facing: 1 });
  return rows.map((row) => ({
    ts: Number(row.ts),
    server: textOrNull(row.server) ?? '',
    class: classOf(row.class),
    command: textOrNull(row.command),
    status: Number(row.status),
    error: textOrNull(row.error),
    proxyTarget: textOrNull(row.proxy_target),
    redirectTarget: textOrNull(row.redirect_target),
  }));
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}

function classOf(value: unknown): RequestClass {
  if (typeof value === 'number') return requestClasses[value] ?? 'direct';
  return requestClasses.find((c) => c === value) ?? 'direct';
}
