import type { Statement } from 'better-sqlite3';
import type {
  ClassCounts,
  DashboardClass,
  DashboardHeader,
  DashboardSource,
  DeviceDetail,
  FailingDevicesData,
  FailingDevicesQuery,
  OverviewData,
  ProxyTargetRow,
  RejectsData,
  ServerRow,
  ServerSort,
  ServersData,
  TimelineEntry,
} from '../ui/dashboard-source.js';
import type { Db } from './open-database.js';
import { loadQuery } from './query-library.js';

/** Class ids of the `classes` table. */
const classById: readonly DashboardClass[] = ['direct', 'proxy', 'redirect'];
const className = (id: number): DashboardClass => classById[id] ?? 'direct';
const noClasses = (): ClassCounts => ({ redirect: 0, proxy: 0, direct: 0 });

type Params = Record<string, string | number>;

interface HeaderRow {
  now: number | null;
  requests: number;
  devices: number;
  failing_devices: number;
  rejected_lines: number;
  files: number;
}
interface MarksRow {
  max_request_id: number | null;
  max_reject_id: number | null;
  files_updated_at: number | null;
  verdicts_computed_at: number | null;
}
interface SeriesRow {
  minute: number;
  class: number;
  requests: number;
}
interface MatrixRow {
  device_type: string;
  devices: number;
  redirect: number;
  proxy: number;
  direct: number;
}
interface ServerFileRow {
  server_id: number;
  server: string;
  path: string | null;
  offset: number | null;
  size: number | null;
}
interface FailingRow {
  key: number;
  user: string;
  device_id: string;
  device_type: string;
  verdict: string;
  severity: number;
  reason: string;
  last_seen: number;
  server: string;
  total: number;
}
interface DeviceRow {
  key: number;
  user: string;
  device_id: string;
  device_type: string;
  user_agent: string;
  verdict: string;
  failing: number;
  reason: string;
  recommendation: string;
  requests: number;
  redirect: number;
  proxy: number;
  direct: number;
  first_seen: number;
  last_seen: number;
  last_success: number | null;
  last_server: string;
}
interface RequestRow {
  ts: number;
  server: string;
  class: number;
  command: string;
  status: number;
  error: string | null;
  proxy_target: string | null;
  redirect_target: string | null;
}
interface DeltaRow {
  server_id: number;
  class: number;
  hop: number;
  proxy_target_id: number | null;
  failure: number;
  requests: number;
}
interface NameRow {
  kind: 'server' | 'proxy-target';
  id: number;
  name: string;
}

export interface SqliteDashboardSourceOptions {
  /**
   * Longest time one `servers()` call spends counting requests it has not seen yet,
   * ms (default 60). The first call on a big database catches up over several
   * calls, reporting `progress` < 1 meanwhile, so no refresh blocks the UI.
   */
  catchUpBudgetMs?: number;
  /** Request ids counted by the first query while catching up (default 20,000); later ones are sized to the budget. */
  chunkRows?: number;
}

/** Running totals of the requests counted so far (ids up to `countedId`). */
interface TrafficTotals {
  countedId: number;
  servers: Map<number, { requests: number; classes: ClassCounts; innerHops: number; failures: number }>;
  targets: Map<number, { requests: number; failures: number; servers: Map<number, number> }>;
}

const emptyTotals = (): TrafficTotals => ({ countedId: 0, servers: new Map(), targets: new Map() });

/**
 * The dashboard's data from an ActiveSync Doctor database. Give it its own
 * read-only connection (openReadOnly): `PRAGMA data_version` then tells it when
 * the ingest's connection committed, and WAL lets it read while ingest writes.
 *
 * Every read is a rollup (device_stats, minute_stats, device_verdicts, files), a
 * primary-key range, or, for the per-server and per-PrxTo totals that no rollup
 * holds, an incremental count of the requests added since the last call (a rowid
 * range). SQL lives in queries/dashboard-*.sql.
 */
export function createSqliteDashboardSource(db: Db, options: SqliteDashboardSourceOptions = {}): DashboardSource {
  const budgetMs = options.catchUpBudgetMs ?? 60;
  const firstChunk = options.chunkRows ?? 20_000;
  /** Counting speed measured on the last chunk; sizes the next one. */
  let rowsPerMs: number | null = null;
  const statements = new Map<string, Statement>();
  const statement = (name: string): Statement => {
    let prepared = statements.get(name);
    if (prepared === undefined) {
      prepared = db.prepare(loadQuery(name).sql);
      if (!prepared.readonly) throw new Error(`queries/${name}.sql is not read-only`);
      statements.set(name, prepared);
    }
    return prepared;
  };
  const all = <T>(name: string, params: Params = {}): T[] => statement(name).all(params) as T[];
  const one = <T>(name: string, params: Params = {}): T | undefined => statement(name).get(params) as T | undefined;

  let totals = emptyTotals();
  const names = { servers: new Map<number, string>(), targets: new Map<number, string>() };
  let detailCache: { key: number; stamp: string; limit: number; timeline: TimelineEntry[] } | null = null;

  const readNames = (): void => {
    for (const row of all<NameRow>('dashboard-names')) {
      (row.kind === 'server' ? names.servers : names.targets).set(row.id, row.name);
    }
  };
  const serverName = (id: number): string => names.servers.get(id) ?? `server #${id}`;

  function header(): DashboardHeader {
    const row = one<HeaderRow>('dashboard-header');
    return {
      now: row?.now ?? null,
      requests: row?.requests ?? 0,
      devices: row?.devices ?? 0,
      failingDevices: row?.failing_devices ?? 0,
      rejectedLines: row?.rejected_lines ?? 0,
      files: row?.files ?? 0,
    };
  }

  /** Adds requests with ids above `countedId` to the totals, for about the time budget at most. */
  function countNewRequests(maxId: number): void {
    if (maxId < totals.countedId) totals = emptyTotals(); // the database was replaced
    const begun = performance.now();
    const delta = statement('dashboard-traffic-delta');
    // At least one chunk per call, so counting always advances; another only while half the budget is left.
    do {
      const left = budgetMs - (performance.now() - begun);
      const size = rowsPerMs === null ? firstChunk : Math.round(Math.min(500_000, Math.max(1000, rowsPerMs * left)));
      const upto = Math.min(maxId, totals.countedId + size);
      const chunkStarted = performance.now();
      for (const row of delta.all({ after_id: totals.countedId, upto_id: upto }) as DeltaRow[]) addDelta(row);
      rowsPerMs = (upto - totals.countedId) / Math.max(0.1, performance.now() - chunkStarted);
      totals.countedId = upto;
    } while (totals.countedId < maxId && budgetMs - (performance.now() - begun) >= budgetMs / 2);
  }

  function addDelta(row: DeltaRow): void {
    let server = totals.servers.get(row.server_id);
    if (server === undefined) {
      server = { requests: 0, classes: noClasses(), innerHops: 0, failures: 0 };
      totals.servers.set(row.server_id, server);
    }
    server.requests += row.requests;
    // The inner hop of a CAS-to-CAS proxy is load on this server, not a device's answer.
    if (row.hop === 0) {
      server.classes[className(row.class)] += row.requests;
      server.failures += row.failure * row.requests;
    } else {
      server.innerHops += row.requests;
    }
    if (row.proxy_target_id !== null && row.hop === 0) {
      let target = totals.targets.get(row.proxy_target_id);
      if (target === undefined) {
        target = { requests: 0, failures: 0, servers: new Map() };
        totals.targets.set(row.proxy_target_id, target);
      }
      target.requests += row.requests;
      target.failures += row.failure * row.requests;
      target.servers.set(row.server_id, (target.servers.get(row.server_id) ?? 0) + row.requests);
    }
  }

  const errorRate = (s: ServerRow): number => s.failures / Math.max(1, s.requests - s.innerHops);
  const serverOrder: Record<ServerSort, (a: ServerRow, b: ServerRow) => number> = {
    requests: (a, b) => b.requests - a.requests || a.server.localeCompare(b.server),
    'error-rate': (a, b) => errorRate(b) - errorRate(a) || a.server.localeCompare(b.server),
    name: (a, b) => a.server.localeCompare(b.server),
  };

  /** Consecutive requests that differ only in time become one entry with a count (newest first). */
  function collapse(rows: RequestRow[]): TimelineEntry[] {
    const entries: TimelineEntry[] = [];
    for (const r of [...rows].sort((a, b) => b.ts - a.ts)) {
      const detail = r.proxy_target ?? r.redirect_target ?? '';
      const detailWithError = r.error ? (detail ? `${detail} · ${r.error}` : r.error) : detail;
      const previous = entries[entries.length - 1];
      if (
        previous &&
        previous.server === r.server &&
        previous.requestClass === className(r.class) &&
        previous.status === r.status &&
        previous.command === r.command &&
        previous.detail === detailWithError
      ) {
        previous.count += 1;
        previous.firstTs = r.ts;
        continue;
      }
      entries.push({
        ts: r.ts,
        firstTs: r.ts,
        count: 1,
        server: r.server,
        requestClass: className(r.class),
        status: r.status,
        command: r.command,
        detail: detailWithError,
      });
    }
    return entries;
  }

  return {
    version() {
      const dataVersion = db.pragma('data_version', { simple: true }) as number;
      const marks = one<MarksRow>('dashboard-change-marks');
      return [
        dataVersion,
        marks?.max_request_id ?? 0,
        marks?.max_reject_id ?? 0,
        marks?.files_updated_at ?? 0,
        marks?.verdicts_computed_at ?? 0,
      ].join(':');
    },

    overview(minutes): OverviewData {
      const head = header();
      const nowMinute = head.now === null ? 0 : Math.floor(head.now / 60);
      const fromMinute = nowMinute - minutes + 1;
      const series: Record<DashboardClass, number[]> = {
        redirect: new Array<number>(minutes).fill(0),
        proxy: new Array<number>(minutes).fill(0),
        direct: new Array<number>(minutes).fill(0),
      };
      if (head.now !== null) {
        for (const row of all<SeriesRow>('dashboard-series', { from_minute: fromMinute, to_minute: nowMinute })) {
          series[className(row.class)][row.minute - fromMinute] = row.requests;
        }
      }
      const lastMinute = new Map<number, number>();
      const positions = all<ServerFileRow>('dashboard-server-files');
      if (head.now !== null) {
        // Walk minute_stats backwards from now, a day at most, until every server was seen:
        // usually a few rows, never the whole table.
        const lookback = nowMinute - Math.max(minutes, 1440);
        for (const row of statement('dashboard-server-last-minute').iterate({ from_minute: lookback }) as Iterable<{ server_id: number; minute: number }>) {
          if (!lastMinute.has(row.server_id)) lastMinute.set(row.server_id, row.minute);
          if (lastMinute.size >= positions.length) break;
        }
      }
      return {
        header: head,
        fromMinute,
        series,
        matrix: all<MatrixRow>('dashboard-matrix').map((row) => ({
          deviceType: row.device_type,
          devices: row.devices,
          classes: { redirect: row.redirect, proxy: row.proxy, direct: row.direct },
        })),
        failingByVerdict: all<{ verdict: string; devices: number }>('dashboard-verdict-counts'),
        servers: positions.map((row) => {
          const minute = lastMinute.get(row.server_id);
          return {
            server: row.server,
            file: row.path,
            offset: row.offset ?? 0,
            size: row.size ?? 0,
            lastTs: minute === undefined ? null : minute * 60,
            lagSeconds: minute === undefined ? null : (nowMinute - minute) * 60,
          };
        }),
      };
    },

    failingDevices(query: FailingDevicesQuery): FailingDevicesData {
      const rows = all<FailingRow>('dashboard-failing', { filter: query.filter, sort: query.sort, limit: query.limit });
      return {
        header: header(),
        total: rows[0]?.total ?? 0,
        rows: rows.map((row) => ({
          key: row.key,
          user: row.user,
          deviceId: row.device_id,
          deviceType: row.device_type,
          verdict: row.verdict,
          severity: row.severity,
          reason: row.reason,
          lastSeen: row.last_seen,
          server: row.server,
        })),
      };
    },

    deviceDetail(key, timelineLimit): DeviceDetail | null {
      const row = one<DeviceRow>('dashboard-device', { device: key });
      if (row === undefined) return null;
      // The timeline is re-read only when the device itself has new requests.
      const stamp = `${row.requests}:${row.last_seen}`;
      if (detailCache === null || detailCache.key !== key || detailCache.stamp !== stamp || detailCache.limit !== timelineLimit) {
        const requests = all<RequestRow>('dashboard-device-requests', { device: key, limit: timelineLimit });
        detailCache = { key, stamp, limit: timelineLimit, timeline: collapse(requests) };
      }
      const timeline = detailCache.timeline;
      const servers = [...new Set([row.last_server, ...timeline.map((e) => e.server)].filter((s) => s !== ''))];
      return {
        key: row.key,
        user: row.user,
        deviceId: row.device_id,
        deviceType: row.device_type,
        userAgent: row.user_agent,
        verdict: row.verdict,
        failing: row.failing === 1,
        reason: row.reason,
        recommendation: row.recommendation,
        requests: row.requests,
        classes: { redirect: row.redirect, proxy: row.proxy, direct: row.direct },
        firstSeen: row.first_seen,
        lastSeen: row.last_seen,
        lastSuccess: row.last_success,
        servers,
        timeline,
      };
    },

    servers(sort): ServersData {
      const maxId = one<MarksRow>('dashboard-change-marks')?.max_request_id ?? 0;
      countNewRequests(maxId);
      readNames();
      const servers: ServerRow[] = [...totals.servers].map(([id, t]) => ({
        server: serverName(id),
        requests: t.requests,
        classes: { ...t.classes },
        innerHops: t.innerHops,
        failures: t.failures,
      }));
      const proxyTargets: ProxyTargetRow[] = [...totals.targets]
        .map(([id, t]) => ({
          target: names.targets.get(id) ?? `target #${id}`,
          requests: t.requests,
          failures: t.failures,
          servers: [...t.servers].sort((a, b) => b[1] - a[1]).map(([serverId]) => serverName(serverId)),
        }))
        .sort((a, b) => b.requests - a.requests || a.target.localeCompare(b.target));
      return {
        header: header(),
        servers: servers.sort(serverOrder[sort]),
        proxyTargets,
        progress: maxId === 0 ? 1 : Math.min(1, totals.countedId / maxId),
      };
    },

    rejects(limit): RejectsData {
      return {
        header: header(),
        files: all<{ path: string; lines: number; rejected: number }>('dashboard-reject-files', { limit: 100 }),
        recent: all<{ path: string; line_no: number; reason: string; sample: string }>('dashboard-reject-recent', { limit }).map(
          (row) => ({ path: row.path, lineNo: row.line_no, reason: row.reason, sample: row.sample }),
        ),
      };
    },
  };
}
