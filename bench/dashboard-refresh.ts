/**
 * `node dist/bench/dashboard-refresh.js`: times the dashboard's refresh work on a big
 * database. Builds (once, cached in bench/out/) a synthetic database of
 * BENCH_REQUESTS requests (default 10,000,000) over 14 days, 3 CAS servers and
 * 20,000 devices, with its rollups, then times every DashboardSource call the
 * views make: median of RUNS (default 7) after a warm-up. Also times the first
 * servers() read (view 3 opened, its statements prepared on first use) and servers()
 * after 1,000 new requests and after a late file; servers() keeps no state, so every
 * read sums device_breakdown by server, whatever minute the new requests fall in.
 * Appended rows belong to a device and device type of their own and are deleted at the
 * end. The budget per refresh is 100 ms.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/package-root.js';
import { createSqliteDashboardSource } from '../src/store/dashboard-source-sqlite.js';
import { ensureIndexes } from '../src/store/ensure-indexes.js';
import { openDatabase, openReadOnly, type Db } from '../src/store/open-database.js';
import type { DashboardSource } from '../src/ui/dashboard-source.js';

const requests = Number(process.env.BENCH_REQUESTS ?? 10_000_000);
const runs = Number(process.env.RUNS ?? 7);
const dir = process.env.BENCH_DIR ?? join(packageRoot(), 'bench', 'out');
const path = join(dir, `dashboard-${requests}.db`);
const devices = 20_000;
const days = 14;
const start = Date.UTC(2010, 9, 1) / 1000;

/** Pseudo-random but deterministic integers from the row number, in SQL. */
function build(db: Db): void {
  const types = ['iPhone', 'iPad', 'Android', 'TouchDown', 'WindowsMail', 'SAMSUNGSGHI897', 'HTCAndroid', 'WP'];
  db.transaction(() => {
    for (const [i, name] of ['NYCAS10A', 'NYCAS10B', 'NEWYORK07'].entries()) db.prepare('INSERT INTO servers (id, name) VALUES (?, ?)').run(i + 1, name);
    for (const [i, name] of types.entries()) db.prepare('INSERT INTO device_types (id, name) VALUES (?, ?)').run(i + 1, name);
    for (const [i, name] of ['Sync', 'Ping', 'FolderSync', 'SendMail'].entries()) db.prepare('INSERT INTO commands (id, name) VALUES (?, ?)').run(i + 1, name);
    for (const [i, name] of ['newyork07.company.local', 'london07.company.local'].entries()) db.prepare('INSERT INTO proxy_targets (id, name) VALUES (?, ?)').run(i + 1, name);
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${devices})
      INSERT INTO users (id, name) SELECT i, 'user' || i FROM n;
      INSERT INTO devices (id, user_id, device_key, device_type_id)
        SELECT id, id, 'DEV' || id, 1 + (id * 7) % ${types.length} FROM users;`);
  })();
  const span = days * 86_400;
  const chunk = 1_000_000;
  for (let from = 0; from < requests; from += chunk) {
    const to = Math.min(requests, from + chunk);
    db.exec(`
      WITH RECURSIVE n(i) AS (SELECT ${from + 1} UNION ALL SELECT i + 1 FROM n WHERE i < ${to})
      INSERT INTO requests (id, ts, server_id, device_id, flags, codes, proxy_target_id)
      SELECT i,
        ${start} + (i * ${span}) / ${requests},
        1 + (i * 31) % 3,
        1 + (i * 7919) % ${devices},
        -- class | hop << 2 | outcome << 3 | command_id << 7
        (CASE WHEN (i * 13) % 10 < 2 THEN 2 WHEN (i * 13) % 10 < 6 THEN 1 ELSE 0 END)
          | (CASE WHEN (i * 17) % 20 = 0 THEN 1 ELSE 0 END << 2)
          | (CASE WHEN (i * 13) % 10 < 2 THEN 5 WHEN (i * 29) % 50 = 0 THEN 8 ELSE 0 END << 3)
          | ((1 + (i * 3) % 4) << 7),
        CASE WHEN (i * 13) % 10 < 2 THEN 451 WHEN (i * 29) % 50 = 0 THEN 500 ELSE 200 END,
        CASE WHEN (i * 13) % 10 BETWEEN 2 AND 5 THEN 1 + (i % 2) END
      FROM n;`);
    process.stderr.write(`\rbuilding ${to.toLocaleString('en-US')} requests`);
  }
  process.stderr.write('\nrollups…\n');
  db.exec(`
    INSERT INTO minute_stats (minute, server_id, class, device_type_id, requests, failures)
      SELECT r.ts / 60, r.server_id, r.class, d.device_type_id, count(*), sum(o.failure)
      FROM requests r JOIN devices d ON d.id = r.device_id JOIN outcomes o ON o.id = r.outcome
      WHERE r.hop = 0 GROUP BY 1, 2, 3, 4;
    INSERT INTO device_stats (device_id, requests, direct, proxy, redirect, ok, failures, first_ts, last_ts, last_ok_ts, last_server_id)
      SELECT r.device_id, count(*), sum(r.class = 0), sum(r.class = 1), sum(r.class = 2), sum(r.outcome = 0),
        sum(o.failure), min(r.ts), max(r.ts), max(CASE WHEN r.outcome = 0 THEN r.ts END), max(r.server_id)
      FROM requests r JOIN outcomes o ON o.id = r.outcome WHERE r.hop = 0 GROUP BY r.device_id;
    INSERT INTO device_breakdown (device_id, server_id, class, outcome, status, proxy_target_id, redirect_target_id, error_id,
        requests, first_ts, last_ts, protocol)
      SELECT device_id, server_id, class, outcome, status, coalesce(proxy_target_id, 0), coalesce(redirect_target_id, 0),
        coalesce(error_id, 0), count(*), min(ts), max(ts), max(protocol)
      FROM requests WHERE hop = 0 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
    INSERT INTO device_verdicts (device_id, verdict, failing, severity, reason, recommendation, requests_seen, computed_at)
      SELECT device_id,
        CASE WHEN device_id % 10 = 0 THEN 'redirect-stuck' WHEN device_id % 25 = 0 THEN 'server-error' ELSE 'ok-proxied' END,
        device_id % 10 = 0 OR device_id % 25 = 0,
        CASE WHEN device_id % 10 = 0 THEN 100 WHEN device_id % 25 = 0 THEN 60 ELSE 0 END,
        'Got ' || redirect || ' HTTP 451 redirects since the last success.', 'Clear ExternalUrl on the legacy CAS.', requests, 0
      FROM device_stats;
    INSERT INTO files (id, path, server_id, size, fingerprint, fingerprint_bytes, offset, lines, rejected, log_date, updated_at)
      SELECT id, '/logs/' || name || '/W3SVC1/u_ex101014.log', id, 100000000, 'x', 1024, 100000000, 3000000, 3, '2010-10-14', 0 FROM servers;`);
  ensureIndexes(db);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function time(label: string, fn: () => unknown): { label: string; ms: number } {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return { label, ms: median(samples) };
}

/** Like `time`, with `before` run (untimed) ahead of each sample. */
function timeAfter(label: string, before: () => void, fn: () => unknown): { label: string; ms: number } {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    before();
    const t = performance.now();
    fn();
    if (i > 0) samples.push(performance.now() - t);
  }
  return { label, ms: median(samples) };
}

mkdirSync(dir, { recursive: true });
if (!existsSync(path)) {
  const db = openDatabase(path);
  try {
    build(db);
  } catch (error) {
    db.close();
    rmSync(path, { force: true });
    throw error;
  }
  db.close();
}

const reader = openReadOnly(path);
const source: DashboardSource = createSqliteDashboardSource(reader);
const failingKey = source.failingDevices({ filter: '', sort: 'severity', limit: 1 }).rows[0]?.key ?? 1;
const failingKeys = source.failingDevices({ filter: '', sort: 'user', limit: 500 }).rows.map((r) => r.key);
let detailKey = failingKey;
const nextDevice = (): void => {
  detailKey = failingKeys[(failingKeys.indexOf(detailKey) + 37) % failingKeys.length] ?? failingKey;
};

// View 3 opened: the first servers() read, on statements not prepared yet.
const firstServers = performance.now();
source.servers('requests');
const firstServersMs = performance.now() - firstServers;

// Appended requests, with the rollup upserts ingest would make, of one extra device of
// an extra type, so that cleaning up is deleting its rows.
const writer = openDatabase(path);
const maxId = (writer.prepare('SELECT max(id) AS id FROM requests').get() as { id: number }).id;
const extra = { device: devices + 1, type: 99 };
const cleanUp = (): void => {
  writer.exec(`DELETE FROM requests WHERE id > ${maxId};
    DELETE FROM minute_stats WHERE device_type_id = ${extra.type};
    DELETE FROM device_stats WHERE device_id = ${extra.device};
    DELETE FROM device_breakdown WHERE device_id = ${extra.device};
    DELETE FROM devices WHERE id = ${extra.device};
    DELETE FROM users WHERE id = ${extra.device};
    DELETE FROM device_types WHERE id = ${extra.type};`);
};
cleanUp(); // a run killed half-way leaves them behind
writer.exec(`INSERT INTO device_types (id, name) VALUES (${extra.type}, 'BenchAppender');
  INSERT INTO users (id, name) VALUES (${extra.device}, 'bench-appender');
  INSERT INTO devices (id, user_id, device_key, device_type_id) VALUES (${extra.device}, ${extra.device}, 'APPEND', ${extra.type});`);
const end = start + days * 86_400;
const append = (count: number, ts: number): void => {
  const last = (writer.prepare('SELECT max(id) AS id FROM requests').get() as { id: number }).id;
  writer.transaction(() => {
    writer.exec(`WITH RECURSIVE n(i) AS (SELECT ${last + 1} UNION ALL SELECT i + 1 FROM n WHERE i < ${last + count})
      INSERT INTO requests (id, ts, server_id, device_id, flags, codes, proxy_target_id)
        SELECT i, ${ts}, 1, ${extra.device}, 1, 200, 1 FROM n; -- flags 1: proxy, client-facing, ok
      INSERT INTO minute_stats (minute, server_id, class, device_type_id, requests, failures)
        VALUES (${Math.floor(ts / 60)}, 1, 1, ${extra.type}, ${count}, 0)
        ON CONFLICT DO UPDATE SET requests = requests + excluded.requests;
      INSERT INTO device_stats (device_id, requests, direct, proxy, redirect, ok, failures, first_ts, last_ts, last_ok_ts, last_server_id)
        VALUES (${extra.device}, ${count}, 0, ${count}, 0, ${count}, 0, ${ts}, ${ts}, ${ts}, 1)
        ON CONFLICT DO UPDATE SET requests = requests + excluded.requests, proxy = proxy + excluded.proxy, ok = ok + excluded.ok,
          first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts);
      INSERT INTO device_breakdown (device_id, server_id, class, outcome, status, proxy_target_id, redirect_target_id, error_id,
          requests, first_ts, last_ts)
        VALUES (${extra.device}, 1, 1, 0, 200, 1, 0, 0, ${count}, ${ts}, ${ts})
        ON CONFLICT DO UPDATE SET requests = requests + excluded.requests;`);
  })();
};

const results = [
  time('version() (every 250 ms)', () => source.version()),
  time('overview(384 min)', () => source.overview(384)),
  time('overview(486 min) (200 columns)', () => source.overview(486)),
  time('failingDevices (no filter)', () => source.failingDevices({ filter: '', sort: 'severity', limit: 500 })),
  time('failingDevices (filter "user12", by user)', () => source.failingDevices({ filter: 'user12', sort: 'user', limit: 500 })),
  time('deviceDetail (same device, unchanged)', () => source.deviceDetail(failingKey, 200)),
  timeAfter('deviceDetail (opening another device)', nextDevice, () => source.deviceDetail(detailKey, 200)),
  time('servers() (nothing new)', () => source.servers('requests')),
  timeAfter('servers() after 1,000 new requests', () => append(1000, end), () => source.servers('requests')),
  timeAfter('servers() after a late file (2 days old)', () => append(10, end - 2 * 86_400), () => source.servers('requests')),
  timeAfter('overview() after 1,000 new requests', () => append(1000, end), () => source.overview(384)),
  time('rejects(200)', () => source.rejects(200)),
];
cleanUp();
writer.close();
reader.close();

const width = Math.max(...results.map((r) => r.label.length));
process.stdout.write(`dashboard refresh at ${requests.toLocaleString('en-US')} requests, median of ${runs} (budget 100 ms per refresh)\n`);
for (const r of results) process.stdout.write(`${r.label.padEnd(width)}  ${r.ms.toFixed(2).padStart(8)} ms${r.ms > 100 ? '  OVER BUDGET' : ''}\n`);
process.stdout.write(`first servers() read (view 3 opened): ${firstServersMs.toFixed(1)} ms\n`);
