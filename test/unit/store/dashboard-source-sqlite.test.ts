import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { refreshVerdicts } from '../../../src/store/refresh-verdicts.js';
import { runIngest } from '../../../src/ingest/run-ingest.js';
import { createSqliteDashboardSource } from '../../../src/store/dashboard-source-sqlite.js';
import { openDatabase, openReadOnly, type Db } from '../../../src/store/open-database.js';
import { loadQuery } from '../../../src/store/query-library.js';
import type { DashboardSource } from '../../../src/ui/dashboard-source.js';
import { copyFixture, tempDir } from '../../helpers/temp.js';

/** 2010-10-04 08:01:00 UTC: the newest request of test/fixtures/folders/migration. */
const fixtureNow = Date.UTC(2010, 9, 4, 8, 1) / 1000;
const appended =
  '2010-10-04 08:05:00 10.1.1.20 POST /Microsoft-Server-ActiveSync/default.eas User=zed&DeviceId=ZZZ1&DeviceType=WindowsPhone&Cmd=Sync&Log=V141_PrxTo:newyork07.company.local_ 443 COMPANY\\zed 203.0.113.9 MSFT-WP/7.0 200 0 0 15\r\n';

let logs: string;
let writer: Db;
let reader: Db;
let source: DashboardSource;

beforeEach(async () => {
  logs = copyFixture('folders/migration');
  const dbPath = join(tempDir(), 'dash.db');
  writer = openDatabase(dbPath);
  await runIngest([logs], { db: writer });
  refreshVerdicts(writer);
  reader = openReadOnly(dbPath);
  source = createSqliteDashboardSource(reader);
});

afterEach(() => {
  reader.close();
  writer.close();
});

describe('createSqliteDashboardSource over an ingested migration morning', () => {
  test('when the overview is read then "now" is the newest entry and the rollups add up', () => {
    const overview = source.overview(120);
    expect(overview.header).toMatchObject({ now: fixtureNow, requests: 8, devices: 4, failingDevices: 1, rejectedLines: 2, files: 3 });
    expect(overview.fromMinute).toBe(fixtureNow / 60 - 119);
    const total = (['redirect', 'proxy', 'direct'] as const).reduce((sum, c) => sum + overview.series[c].reduce((a, b) => a + b, 0), 0);
    expect(total).toBe(8);
    expect(overview.series.redirect.reduce((a, b) => a + b, 0)).toBe(3);
    expect((['redirect', 'proxy', 'direct'] as const).map((c) => overview.series[c].at(-1))).toContain(1);
    expect(overview.matrix[0]).toEqual({ deviceType: 'iPhone', devices: 1, classes: { redirect: 3, proxy: 0, direct: 1 } });
    expect(overview.failingByVerdict).toEqual([{ verdict: 'redirect-stuck', devices: 1 }]);
    const servers = Object.fromEntries(overview.servers.map((s) => [s.server, s]));
    expect(servers.NYCAS10B).toMatchObject({ lastTs: fixtureNow, lagSeconds: 0 });
    expect(servers.NYCAS10A).toMatchObject({ lagSeconds: 30 * 60 });
    expect(servers.NYCAS10A?.file).toMatch(/NYCAS10A[\\/]W3SVC1[\\/]u_ex101004\.log$/);
    expect(servers.NYCAS10A?.offset).toBe(servers.NYCAS10A?.size);
    // NEWYORK07 logged only the inner hop of a proxied request: no client-facing entry.
    expect(servers.NEWYORK07).toMatchObject({ lastTs: null, lagSeconds: null });
  });

  test('when failing devices are filtered then user, device id, type and verdict match, and the filter is data, not SQL', () => {
    const all = source.failingDevices({ filter: '', sort: 'severity', limit: 10 });
    expect(all.total).toBe(1);
    expect(all.rows[0]).toMatchObject({ user: 'alice', deviceId: 'ApplAAAA1111', deviceType: 'iPhone', verdict: 'redirect-stuck', server: 'NYCAS10A' });
    for (const filter of ['ALICE', 'applaaaa', 'iphone', 'stuck']) {
      expect(source.failingDevices({ filter, sort: 'user', limit: 10 }).total, filter).toBe(1);
    }
    for (const filter of ["x' OR 1=1 --", '%', 'bob']) {
      expect(source.failingDevices({ filter, sort: 'last-seen', limit: 10 }).rows, filter).toEqual([]);
    }
  });

  test('when a device is opened then its verdict, counts and newest requests are read', () => {
    const key = source.failingDevices({ filter: '', sort: 'severity', limit: 1 }).rows[0]?.key ?? -1;
    const detail = source.deviceDetail(key, 50);
    expect(detail).toMatchObject({ user: 'alice', verdict: 'redirect-stuck', failing: true, requests: 4, classes: { redirect: 3, proxy: 0, direct: 1 } });
    expect(detail?.recommendation).toContain('Set-ActiveSyncVirtualDirectory');
    expect(detail?.timeline[0]).toMatchObject({ server: 'NYCAS10A', requestClass: 'redirect', status: 451 });
    const times = detail?.timeline.map((e) => e.ts) ?? [];
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(detail?.timeline.reduce((sum, e) => sum + e.count, 0)).toBe(4);
    expect(source.deviceDetail(999_999, 50)).toBeNull();
  });

  test('when servers are read then each CAS has its client-facing requests and each PrxTo target its devices, from the rollups', () => {
    const servers = source.servers('requests');
    expect(servers.servers).toEqual([
      { server: 'NYCAS10A', requests: 6, classes: { redirect: 3, proxy: 1, direct: 2 }, failures: 3 },
      { server: 'NYCAS10B', requests: 2, classes: { redirect: 0, proxy: 1, direct: 1 }, failures: 0 },
      // NEWYORK07 logged only the inner hop of a proxied request: listed, with no client-facing request.
      { server: 'NEWYORK07', requests: 0, classes: { redirect: 0, proxy: 0, direct: 0 }, failures: 0 },
    ]);
    expect(servers.proxyTargets).toEqual([
      { target: 'london07.company.local', requests: 1, devices: 1, failures: 0, servers: ['NYCAS10B'] },
      { target: 'newyork07.company.local', requests: 1, devices: 1, failures: 0, servers: ['NYCAS10A'] },
    ]);
    expect(source.servers('name').servers.map((s) => s.server)).toEqual(['NEWYORK07', 'NYCAS10A', 'NYCAS10B']);
    expect(source.servers('error-rate').servers[0]?.server).toBe('NYCAS10A');
  });

  test('when `requests` is emptied then servers and proxy targets read the same: they never scan it', () => {
    const before = source.servers('requests');
    writer.exec('DELETE FROM requests');
    const fresh = createSqliteDashboardSource(reader);
    const after = fresh.servers('requests');
    expect(after.servers).toEqual(before.servers);
    expect(after.proxyTargets).toEqual(before.proxyTargets);
  });

  test('when a late line lands hours before "now" then the server totals include it: nothing is kept between reads', async () => {
    expect(source.servers('requests').servers[0]).toMatchObject({ server: 'NYCAS10A', requests: 6 });
    const late = appended.replace('2010-10-04 08:05:00', '2010-10-03 22:00:00');
    appendFileSync(join(logs, 'NYCAS10A', 'W3SVC1', 'u_ex101004.log'), late);
    expect((await runIngest([logs], { db: writer })).ingested).toBe(1);
    const after = source.servers('requests');
    expect(after.servers[0]).toMatchObject({ server: 'NYCAS10A', requests: 7, classes: { redirect: 3, proxy: 2, direct: 2 } });
    expect(after.proxyTargets.find((t) => t.target === 'newyork07.company.local')).toMatchObject({ requests: 2, devices: 2 });
  });

  test('when servers are read then their totals match minute_stats per server, and the query also gives the error rate', async () => {
    appendFileSync(join(logs, 'NYCAS10A', 'W3SVC1', 'u_ex101004.log'), appended.replace('2010-10-04 08:05:00', '2010-10-03 22:00:00') + appended);
    expect((await runIngest([logs], { db: writer })).ingested).toBe(2);
    const fromMinutes = reader
      .prepare(`SELECT s.name AS server, coalesce(sum(m.requests), 0) AS requests,
          coalesce(sum(CASE WHEN m.class = 2 THEN m.requests END), 0) AS redirect,
          coalesce(sum(CASE WHEN m.class = 1 THEN m.requests END), 0) AS proxy,
          coalesce(sum(CASE WHEN m.class = 0 THEN m.requests END), 0) AS direct,
          coalesce(sum(m.failures), 0) AS failures
        FROM servers s LEFT JOIN minute_stats m ON m.server_id = s.id GROUP BY s.id ORDER BY s.name`)
      .all() as { server: string; requests: number; redirect: number; proxy: number; direct: number; failures: number }[];
    expect(source.servers('name').servers).toEqual(
      fromMinutes.map((m) => ({ server: m.server, requests: m.requests, classes: { redirect: m.redirect, proxy: m.proxy, direct: m.direct }, failures: m.failures })),
    );
    const rows = reader.prepare(loadQuery('dashboard-servers').sql).all() as Record<string, unknown>[];
    expect(rows).toEqual([
      { server: 'NYCAS10A', requests: 8, direct: 2, proxy: 3, redirect: 3, failures: 3, error_rate: 3 / 8 },
      { server: 'NYCAS10B', requests: 2, direct: 1, proxy: 1, redirect: 0, failures: 0, error_rate: 0 },
      { server: 'NEWYORK07', requests: 0, direct: 0, proxy: 0, redirect: 0, failures: 0, error_rate: 0 },
    ]);
  });

  test('when rejected lines exist then their files and samples are listed', () => {
    const rejects = source.rejects(10);
    expect(rejects.files.reduce((sum, f) => sum + f.rejected, 0)).toBe(2);
    expect(rejects.recent).toHaveLength(2);
    expect(rejects.recent[0]?.lineNo).toBeGreaterThan(0);
  });

  test('when nothing is written then the version stays; when ingest appends then it changes and the counts grow', async () => {
    const before = source.version();
    const serversBefore = source.servers('requests');
    expect(source.version()).toBe(before);
    // A follow pass that finds nothing new writes nothing: the dashboard re-reads nothing.
    await runIngest([logs], { db: writer });
    refreshVerdicts(writer);
    expect(source.version()).toBe(before);
    appendFileSync(join(logs, 'NYCAS10A', 'W3SVC1', 'u_ex101004.log'), appended);
    const summary = await runIngest([logs], { db: writer });
    expect(summary.ingested).toBe(1);
    refreshVerdicts(writer);
    expect(source.version()).not.toBe(before);
    expect(source.overview(60).header.now).toBe(fixtureNow + 4 * 60);
    const after = source.servers('requests');
    const a = after.servers.find((s) => s.server === 'NYCAS10A');
    const b = serversBefore.servers.find((s) => s.server === 'NYCAS10A');
    expect((a?.requests ?? 0) - (b?.requests ?? 0)).toBe(1);
    expect(after.proxyTargets.find((t) => t.target === 'newyork07.company.local')?.requests).toBe(2);
  });
});
