import { outcomes, requestClasses, failureOutcomes, type Outcome, type RequestClass } from '../activesync/request-class.js';
import type { DeviceFacts } from '../diagnose/device-facts.js';
import type { ReportFilter } from '../report/report-options.js';
import { namedSql } from './named-sql.js';
import type { Db } from './open-database.js';

/** One row of queries/device-breakdown.sql. */
interface BreakdownRow {
  device_id: number;
  server_id: number;
  class: number;
  outcome: number;
  status: number;
  proxy_target_id: number | null;
  redirect_target_id: number | null;
  error_id: number | null;
  /** 1: counts toward the device's totals. */
  in_total: number;
  /** 1: the request came after the device's last success. */
  since_success: number;
  requests: number;
  first_ts: number;
  last_ts: number;
  protocol: number | null;
}

interface DeviceRow {
  id: number;
  user: string;
  device_key: string;
  device_type: string | null;
  user_agent: string | null;
}

/** Filter values as the SQL parameters expect them (NULL = no filter). */
export function filterParams(filter: ReportFilter, deviceIds?: readonly number[]) {
  return {
    since: filter.since ?? null,
    until: filter.until ?? null,
    server: filter.server ?? null,
    user: filter.user ?? null,
    device_type: filter.deviceType ?? null,
    device_id: filter.deviceId ?? null,
    device_ids: deviceIds ? JSON.stringify(deviceIds) : null,
  };
}

const zeroOutcomes = (): Record<Outcome, number> => Object.fromEntries(outcomes.map((o) => [o, 0])) as Record<Outcome, number>;
const zeroClasses = (): Record<RequestClass, number> => ({ direct: 0, proxy: 0, redirect: 0 });
const failureIds = new Set(outcomes.flatMap((o, i) => (failureOutcomes.has(o) ? [i] : [])));
const redirectOutcome = outcomes.indexOf('redirect');
const okOutcome = outcomes.indexOf('ok');

/** Names by id for a small dictionary table. */
function names(db: Db, table: string): Map<number, string> {
  return new Map((db.prepare(`SELECT id, name FROM ${table}`).all() as { id: number; name: string }[]).map((r) => [r.id, r.name]));
}

/** Keys of a count map, most counted first. */
const byCount = (counts: Map<string, number>): string[] => [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);

const bump = (map: Map<string, number>, key: string, n: number): void => {
  map.set(key, (map.get(key) ?? 0) + n);
};

/**
 * Reads the facts of every device in scope: one grouped pass over `requests`
 * (queries/device-breakdown.sql) folded here into per-device aggregates, so no
 * request row ever reaches JavaScript.
 */
export function readDeviceFacts(db: Db, filter: ReportFilter = {}, deviceIds?: readonly number[]): DeviceFacts[] {
  let params = filterParams(filter, deviceIds);
  const windowed = filter.since !== undefined || filter.until !== undefined || filter.server !== undefined;
  const byDevice = filter.user !== undefined || filter.deviceId !== undefined || filter.deviceType !== undefined;
  if (windowed && byDevice && deviceIds === undefined) {
    // A few devices in a time window: seek their rows through the per-device index instead of scanning.
    const ids = (db.prepare(namedSql('device-list')).all(params) as { id: number }[]).map((d) => d.id);
    params = { ...filterParams({ since: filter.since, until: filter.until, server: filter.server }, ids) };
  }
  const servers = names(db, 'servers');
  const proxyTargets = names(db, 'proxy_targets');
  const redirectTargets = names(db, 'redirect_targets');
  const errors = names(db, 'errors');
  const devices = new Map((db.prepare(namedSql('device-list')).all(params) as DeviceRow[]).map((d) => [d.id, d]));
  const days = new Map<number, { peak: number; pings: number; syncs: number; active: number }>();
  for (const d of db.prepare(namedSql('device-peak-days')).all(params) as { device_id: number; requests: number; pings: number; syncs: number; active_days: number }[]) {
    days.set(d.device_id, { peak: d.requests, pings: d.pings, syncs: d.syncs, active: d.active_days });
  }

  interface Work {
    facts: DeviceFacts;
    servers: Map<string, number>;
    redirecting: Map<string, number>;
    proxy: Map<string, number>;
    redirectTo: Map<string, number>;
    lastOkTs: number;
  }
  const work = new Map<number, Work>();
  // Without a time or server filter the rollup answers (~1% of the rows); with one, only a scan can.
  const source = filter.since === undefined && filter.until === undefined && filter.server === undefined ? 'device-breakdown-rollup' : 'device-breakdown';
  for (const row of db.prepare(namedSql(source)).iterate(params) as Iterable<BreakdownRow>) {
    const device = devices.get(row.device_id);
    if (!device) continue;
    let w = work.get(row.device_id);
    if (!w) {
      const peak = days.get(row.device_id);
      w = {
        facts: {
          id: device.id, user: device.user, deviceId: device.device_key, deviceType: device.device_type ?? '',
          userAgent: device.user_agent ?? '', requests: 0, classes: zeroClasses(), statuses: {},
          outcomes: zeroOutcomes(), outcomesSinceSuccess: zeroOutcomes(),
          firstFailureSinceSuccess: null, lastFailureSinceSuccess: null,
          firstSeen: row.first_ts, lastSeen: row.last_ts, lastSuccess: null, lastSuccessClass: null, lastSuccessServer: null,
          firstRedirect: null, lastRedirect: null, servers: [], redirectingServers: [], proxyTargets: [], redirectTargets: [],
          errorsSinceSuccess: {}, protocol: null,
          peakDayRequests: peak?.peak ?? 0, peakDayPings: peak?.pings ?? 0, peakDaySyncs: peak?.syncs ?? 0, activeDays: peak?.active ?? 0,
        },
        servers: new Map(), redirecting: new Map(), proxy: new Map(), redirectTo: new Map(), lastOkTs: -1,
      };
      work.set(row.device_id, w);
    }
    const f = w.facts;
    const server = servers.get(row.server_id) ?? '?';
    const outcome = outcomes[row.outcome] ?? 'other';
    if (row.in_total === 1) {
      f.requests += row.requests;
      f.classes[requestClasses[row.class] ?? 'direct'] += row.requests;
      f.statuses[String(row.status)] = (f.statuses[String(row.status)] ?? 0) + row.requests;
      f.outcomes[outcome] += row.requests;
      f.firstSeen = Math.min(f.firstSeen, row.first_ts);
      f.lastSeen = Math.max(f.lastSeen, row.last_ts);
      if (row.protocol !== null && (f.protocol === null || row.protocol > f.protocol)) f.protocol = row.protocol;
      bump(w.servers, server, row.requests);
      if (row.proxy_target_id !== null) bump(w.proxy, proxyTargets.get(row.proxy_target_id) ?? '?', row.requests);
      if (row.redirect_target_id !== null) bump(w.redirectTo, redirectTargets.get(row.redirect_target_id) ?? '?', row.requests);
      if (row.outcome === redirectOutcome) {
        bump(w.redirecting, server, row.requests);
        f.firstRedirect = f.firstRedirect === null ? row.first_ts : Math.min(f.firstRedirect, row.first_ts);
        f.lastRedirect = f.lastRedirect === null ? row.last_ts : Math.max(f.lastRedirect, row.last_ts);
      }
      if (row.outcome === okOutcome && row.last_ts >= w.lastOkTs) {
        w.lastOkTs = row.last_ts;
        f.lastSuccess = row.last_ts;
        f.lastSuccessClass = requestClasses[row.class] ?? 'direct';
        f.lastSuccessServer = server;
      }
    }
    if (row.since_success === 1) {
      f.outcomesSinceSuccess[outcome] += row.requests;
      if (failureIds.has(row.outcome)) {
        f.firstFailureSinceSuccess = f.firstFailureSinceSuccess === null ? row.first_ts : Math.min(f.firstFailureSinceSuccess, row.first_ts);
        f.lastFailureSinceSuccess = f.lastFailureSinceSuccess === null ? row.last_ts : Math.max(f.lastFailureSinceSuccess, row.last_ts);
      }
      if (row.error_id !== null) {
        const name = errors.get(row.error_id) ?? '?';
        f.errorsSinceSuccess[name] = (f.errorsSinceSuccess[name] ?? 0) + row.requests;
      }
    }
  }
  return [...work.values()].map((w) => ({
    ...w.facts,
    servers: byCount(w.servers),
    redirectingServers: byCount(w.redirecting),
    proxyTargets: byCount(w.proxy),
    redirectTargets: byCount(w.redirectTo),
  }));
}
