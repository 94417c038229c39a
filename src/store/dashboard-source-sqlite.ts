import type { Statement } from 'better-sqlite3';
import type {
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
interface ServerTotalsRow {
  server: string;
  requests: number;
  direct: number;
  proxy: number;
  redirect: number;
  failures: number;
  /** failures / max(1, requests) */
  error_rate: number;
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
interface ProxyTargetServerRow {
  target: string;
  server: string;
  requests: number;
  failures: number;
  devices: number;
}

/**
 * The dashboard's data from an ActiveSync Doctor database. Give it its own
 * read-only connection (openReadOnly): `PRAGMA data_version` then tells it when
 * the ingest's connection committed, and WAL lets it read while ingest writes.
 *
 * Every read is a rollup (device_stats, minute_stats, device_breakdown,
 * device_verdicts, files) or a primary-key range; none scans `requests`. SQL lives
 * in queries/dashboard-*.sql.
 */
export function createSqliteDashboardSource(db: Db): DashboardSource {
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

  /** Runs `read` in one read transaction, so that its statements see the same commit. */
  const inSnapshot = <T>(read: () => T): T => db.transaction(read)();
  let detailCache: { key: number; stamp: string; limit: number; timeline: TimelineEntry[] } | null = null;

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

  const serverOrder: Record<ServerSort, (a: ServerTotalsRow, b: ServerTotalsRow) => number> = {
    requests: (a, b) => b.requests - a.requests || a.server.localeCompare(b.server),
    'error-rate': (a, b) => b.error_rate - a.error_rate || a.server.localeCompare(b.server),
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
      return inSnapshot(() => {
        const head = header();
        // Summed from device_breakdown on every read: nothing is kept between refreshes, so
        // a late file counts wherever its minutes fall. Every CAS is listed, also one that
        // logged only inner hops (no client-facing request).
        const servers: ServerRow[] = all<ServerTotalsRow>('dashboard-servers')
          .sort(serverOrder[sort])
          .map((row) => ({
            server: row.server,
            requests: row.requests,
            classes: { redirect: row.redirect, proxy: row.proxy, direct: row.direct },
            failures: row.failures,
          }));
        const targets = new Map<string, ProxyTargetRow>();
        for (const row of all<ProxyTargetServerRow>('dashboard-proxy-targets')) {
          let target = targets.get(row.target);
          if (target === undefined) {
            target = { target: row.target, requests: 0, devices: row.devices, failures: 0, servers: [] };
            targets.set(row.target, target);
          }
          target.requests += row.requests;
          target.failures += row.failures;
          target.servers.push(row.server); // most requests first
        }
        return {
          header: head,
          servers,
          proxyTargets: [...targets.values()].sort((a, b) => b.requests - a.requests || a.target.localeCompare(b.target)),
        };
      });
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
