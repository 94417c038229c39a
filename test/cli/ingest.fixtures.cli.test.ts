import Database from 'better-sqlite3';
import { appendFileSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { IngestSummary } from '../../src/ingest/ingest-summary.js';
import { at } from '../helpers/facts.js';
import { runCli } from '../helpers/run-cli.js';
import { copyFixture, tempDir } from '../helpers/temp.js';

type Counts = Omit<IngestSummary, 'elapsedMs' | 'linesPerSecond'>;

/** Runs the built CLI's `ingest --json`, which must exit 0; returns the summary without its timings, and stderr. */
function ingest(db: string, ...paths: string[]): { summary: Counts; stderr: string } {
  const result = runCli(['ingest', ...paths, '--db', db, '--json']);
  expect(result.status, result.stderr).toBe(0);
  const { elapsedMs, linesPerSecond, ...summary } = JSON.parse(result.stdout) as IngestSummary;
  return { summary, stderr: result.stderr };
}

/** Reads the database as another process would: read-only, and closed before the next CLI run. */
function read<T>(dbPath: string, look: (db: Database.Database) => T): T {
  const db = new Database(dbPath, { readonly: true });
  try {
    return look(db);
  } finally {
    db.close();
  }
}

/** Rows of every table, by table name. */
const rowCounts = (dbPath: string): Record<string, number> => read(dbPath, (db) => Object.fromEntries(
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[])
    .map((table) => [table, db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number]),
));

/** Every stored request in ingest order, its ids replaced by the names they stand for. */
const storedRequests = (dbPath: string) => read(dbPath, (db) => db.prepare(`
  SELECT r.ts, s.name AS server, u.name AS user, d.device_key AS device, c.name AS class, r.hop, o.name AS outcome,
    r.status, r.substatus, r.win32, r.time_taken AS timeTaken, cm.name AS command, a.name AS userAgent, ip.name AS clientIp,
    pt.name AS proxyTarget, rt.name AS redirectTarget, e.name AS error, r.protocol, r.heartbeat
  FROM requests r JOIN servers s ON s.id = r.server_id JOIN devices d ON d.id = r.device_id JOIN users u ON u.id = d.user_id
    JOIN classes c ON c.id = r.class JOIN outcomes o ON o.id = r.outcome LEFT JOIN commands cm ON cm.id = r.command_id
    LEFT JOIN user_agents a ON a.id = r.user_agent_id LEFT JOIN client_ips ip ON ip.id = r.client_ip_id
    LEFT JOIN proxy_targets pt ON pt.id = r.proxy_target_id LEFT JOIN redirect_targets rt ON rt.id = r.redirect_target_id
    LEFT JOIN errors e ON e.id = r.error_id
  ORDER BY r.id`).all() as Record<string, unknown>[]);

/** Where ingest stands in each file. */
const storedFiles = (dbPath: string) => read(dbPath, (db) =>
  db.prepare('SELECT path, offset, line_no AS lineNo, lines, rejected FROM files ORDER BY path').all());

const storedRejects = (dbPath: string) => read(dbPath, (db) => db.prepare(`SELECT f.path, r.line_no AS lineNo, r.reason
  FROM rejects r JOIN files f ON f.id = r.file_id ORDER BY f.path, r.line_no`).all() as { path: string; lineNo: number; reason: string }[]);

const otherTraffic = (dbPath: string) => read(dbPath, (db) => db.prepare(`SELECT s.name AS server, o.protocol, o.requests
  FROM other_traffic o JOIN servers s ON s.id = o.server_id ORDER BY s.name, o.protocol`).all());

/** An iPhone's request, answered 200, in the 14-field layout of NYCAS10A and CASBAD; `when` is `date time`. */
const easLine = (when: string, user: string, device: string, serverIp: string, cmd = 'Sync'): string =>
  `${when} ${serverIp} POST /Microsoft-Server-ActiveSync/default.eas User=${user}&DeviceId=${device}&DeviceType=iPhone&Cmd=${cmd}&Log=V141_ 443 COMPANY\\${user} 203.0.113.8 Apple-iPhone3C1/803.148 200 0 0 40`;

/** The summary of the whole migration fixture, as test/ingest/ingest.test.ts asserts it. */
const migrationSummary: Counts = {
  files: 3, skippedFiles: 1, lines: 14, ingested: 12, rejected: 2, activesync: { direct: 4, proxy: 2, redirect: 3 }, other: 3,
};
const nothingNew: Counts = {
  files: 3, skippedFiles: 1, lines: 0, ingested: 0, rejected: 0, activesync: { direct: 0, proxy: 0, redirect: 0 }, other: 0,
};
const nycas10a = (folder: string) => join(folder, 'NYCAS10A', 'W3SVC1', 'u_ex101004.log');
const notesSkipped = (folder: string) => `warning: skipped ${join(folder, 'notes.txt')}: not a W3C log (no #Fields in the first 64 KiB)\n`;
const migrationRejects = (folder: string) => [
  { path: nycas10a(folder), lineNo: 12, reason: 'field-count-mismatch expected 14 got 5' },
  { path: nycas10a(folder), lineNo: 18, reason: 'bad-timestamp' },
];

describe('activesync-doctor ingest of the migration fixture (CLI)', () => {
  it('when the folder is ingested then requests by class, devices, other traffic, rejects and file positions are stored', () => {
    const folder = copyFixture('folders/migration');
    const db = join(tempDir(), 'a.db');
    const { summary, stderr } = ingest(db, folder);
    expect(summary).toEqual(migrationSummary);
    expect(summary.lines).toBe(summary.ingested + summary.rejected);
    expect(stderr).toBe(notesSkipped(folder));
    read(db, (d) => {
      expect(d.prepare('SELECT c.name AS class, count(*) AS n FROM requests r JOIN classes c ON c.id = r.class GROUP BY c.name ORDER BY c.name').all())
        .toEqual([{ class: 'direct', n: 4 }, { class: 'proxy', n: 2 }, { class: 'redirect', n: 3 }]);
      expect(d.prepare('SELECT count(*) FROM requests WHERE hop = 1').pluck().get()).toBe(1);
      expect(d.prepare('SELECT count(*) FROM devices').pluck().get()).toBe(4);
      expect(d.prepare('SELECT name FROM users ORDER BY name').pluck().all()).toEqual(['alice', 'bob', 'dave']);
      expect(d.prepare('SELECT name FROM servers ORDER BY name').pluck().all()).toEqual(['NEWYORK07', 'NYCAS10A', 'NYCAS10B']);
    });
    expect(otherTraffic(db)).toEqual([
      { server: 'NYCAS10A', protocol: 'activesync-nodevice', requests: 1 },
      { server: 'NYCAS10A', protocol: 'owa', requests: 1 },
      { server: 'NYCAS10B', protocol: 'ews', requests: 1 },
    ]);
    expect(storedRejects(db)).toEqual(migrationRejects(folder));
    // Each file is read to its end; line_no counts physical lines, lines the data lines (counted in the fixture).
    const size = (server: string) => statSync(join(folder, server, 'W3SVC1', 'u_ex101004.log')).size;
    expect(storedFiles(db)).toEqual([
      { path: join(folder, 'NEWYORK07', 'W3SVC1', 'u_ex101004.log'), offset: size('NEWYORK07'), lineNo: 5, lines: 1, rejected: 0 },
      { path: nycas10a(folder), offset: size('NYCAS10A'), lineNo: 18, lines: 10, rejected: 2 },
      { path: join(folder, 'NYCAS10B', 'W3SVC1', 'u_ex101004.log'), offset: size('NYCAS10B'), lineNo: 7, lines: 3, rejected: 0 },
    ]);
  });

  it('when the unchanged folder is ingested again then it reads 0 lines and no table gains or loses a row', () => {
    const folder = copyFixture('folders/migration');
    const db = join(tempDir(), 'a.db');
    ingest(db, folder);
    const counts = rowCounts(db);
    const requests = storedRequests(db);
    const files = storedFiles(db);
    expect(counts).toMatchObject({ requests: 9, devices: 4, rejects: 2, files: 3, other_traffic: 3 });
    const again = ingest(db, folder);
    expect(again.summary).toEqual(nothingNew);
    expect(again.stderr).toBe(notesSkipped(folder));
    expect(rowCounts(db)).toEqual(counts);
    expect(storedRequests(db)).toEqual(requests);
    expect(storedFiles(db)).toEqual(files);
  });

  it('when complete lines are appended to a log then a re-run adds exactly those lines', () => {
    const folder = copyFixture('folders/migration');
    const db = join(tempDir(), 'a.db');
    ingest(db, folder);
    const before = storedRequests(db);
    const counts = rowCounts(db);
    appendFileSync(nycas10a(folder), [
      easLine('2010-10-04 07:40:00', 'erin', 'ApplEEEE3333', '10.1.1.20'),
      '2010-10-04 07:40:30 10.1.1.20 GET /owa/ - 443 COMPANY\\carol 198.51.100.9 Mozilla/5.0+(Windows+NT+6.1) 200 0 0 15',
      easLine('2010-10-04 07:41:00', 'erin', 'ApplEEEE3333', '10.1.1.20', 'Ping'),
      '',
    ].join('\r\n'));
    const { summary } = ingest(db, folder);
    expect(summary).toEqual({ ...nothingNew, lines: 3, ingested: 3, activesync: { direct: 2, proxy: 0, redirect: 0 }, other: 1 });
    const after = storedRequests(db);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length)).toMatchObject([
      { ts: at('2010-10-04T07:40:00Z'), server: 'NYCAS10A', user: 'erin', device: 'ApplEEEE3333', class: 'direct', outcome: 'ok', command: 'Sync' },
      { ts: at('2010-10-04T07:41:00Z'), server: 'NYCAS10A', user: 'erin', device: 'ApplEEEE3333', class: 'direct', outcome: 'ok', command: 'Ping' },
    ]);
    expect(otherTraffic(db)).toContainEqual({ server: 'NYCAS10A', protocol: 'owa', requests: 2 });
    expect(rowCounts(db)).toMatchObject({ requests: counts.requests! + 2, devices: counts.devices! + 1, rejects: 2, other_traffic: 3 });
    expect(storedFiles(db)[1]).toEqual({ path: nycas10a(folder), offset: statSync(nycas10a(folder)).size, lineNo: 21, lines: 13, rejected: 2 });
  });

  it('when the last line is torn then it is neither stored, counted nor rejected, and once completed it is stored once', () => {
    const folder = copyFixture('folders/migration');
    const db = join(tempDir(), 'a.db');
    const log = nycas10a(folder);
    const complete = statSync(log).size;
    const line = easLine('2010-10-04 07:45:00', 'erin', 'ApplEEEE3333', '10.1.1.20');
    const cut = line.indexOf('EEEE3333');
    appendFileSync(log, line.slice(0, cut));
    const erinRequests = () => storedRequests(db).filter((r) => r.device === 'ApplEEEE3333');

    expect(ingest(db, folder).summary).toEqual(migrationSummary);
    expect(erinRequests()).toEqual([]);
    expect(storedRejects(db)).toEqual(migrationRejects(folder));
    expect(storedFiles(db)[1]).toEqual({ path: log, offset: complete, lineNo: 18, lines: 10, rejected: 2 });

    appendFileSync(log, line.slice(cut) + '\r\n');
    expect(ingest(db, folder).summary).toEqual({ ...nothingNew, lines: 1, ingested: 1, activesync: { direct: 1, proxy: 0, redirect: 0 } });
    expect(erinRequests()).toMatchObject([{ ts: at('2010-10-04T07:45:00Z'), server: 'NYCAS10A', user: 'erin', status: 200 }]);
    expect(storedRejects(db)).toEqual(migrationRejects(folder));
    expect(storedFiles(db)[1]).toEqual({ path: log, offset: statSync(log).size, lineNo: 19, lines: 11, rejected: 2 });
  });
});

describe('activesync-doctor ingest of a .gz archive (CLI)', () => {
  /** The migration fixture with NYCAS10A's log also gzipped under a new server folder, NYCAS10Z. */
  function withArchive(): { folder: string; plain: string; archive: string } {
    const folder = copyFixture('folders/migration');
    const plain = nycas10a(folder);
    const archive = join(folder, 'NYCAS10Z', 'W3SVC1', 'u_ex101004.log.gz');
    mkdirSync(join(archive, '..'), { recursive: true });
    writeFileSync(archive, gzipSync(readFileSync(plain)));
    return { folder, plain, archive };
  }

  it('when a log is gzipped under a new server folder then its rows are stored, the same as the plain log\'s', () => {
    const { folder, plain, archive } = withArchive();
    const gzDb = join(tempDir(), 'gz.db');
    const plainDb = join(tempDir(), 'plain.db');
    // NYCAS10A's 10 data lines: 2 direct (the 401 challenge, bob), 1 proxied, 3 redirected, OWA and a probe, 2 malformed.
    const nycas10aSummary: Counts = { files: 1, skippedFiles: 0, lines: 10, ingested: 8, rejected: 2, activesync: { direct: 2, proxy: 1, redirect: 3 }, other: 2 };
    expect(ingest(gzDb, join(folder, 'NYCAS10Z')).summary).toEqual(nycas10aSummary);
    expect(ingest(plainDb, join(folder, 'NYCAS10A')).summary).toEqual(nycas10aSummary);

    const archived = storedRequests(gzDb);
    expect(archived).toHaveLength(6);
    expect(new Set(archived.map((r) => r.server))).toEqual(new Set(['NYCAS10Z']));
    expect(archived.map((r) => ({ ...r, server: 'NYCAS10A' }))).toEqual(storedRequests(plainDb));
    expect(otherTraffic(gzDb)).toEqual([
      { server: 'NYCAS10Z', protocol: 'activesync-nodevice', requests: 1 }, { server: 'NYCAS10Z', protocol: 'owa', requests: 1 },
    ]);
    expect(storedRejects(gzDb)).toEqual(migrationRejects(folder).map((r) => ({ ...r, path: archive })));
    // The offset of an archive counts decompressed bytes: all of the plain log's.
    expect(storedFiles(gzDb)).toEqual([{ path: archive, offset: statSync(plain).size, lineNo: 18, lines: 10, rejected: 2 }]);
    expect(ingest(gzDb, join(folder, 'NYCAS10Z')).summary).toMatchObject({ files: 1, lines: 0 });
  });

  it('when the .gz is ingested in the same run as the log it was made from then it is skipped as its copy and nothing is stored twice', () => {
    const { folder, plain, archive } = withArchive();
    const db = join(tempDir(), 'a.db');
    const { summary, stderr } = ingest(db, folder);
    expect(summary).toEqual({ ...migrationSummary, skippedFiles: 2 });
    expect(stderr).toBe(`warning: skipped ${archive}: same content as ${plain} (a copy or its archive), already ingested\n${notesSkipped(folder)}`);
    expect(rowCounts(db)).toMatchObject({ requests: 9, files: 3, rejects: 2 });
    expect(read(db, (d) => d.prepare('SELECT name FROM servers ORDER BY name').pluck().all())).toEqual(['NEWYORK07', 'NYCAS10A', 'NYCAS10B']);
  });
});

describe('activesync-doctor ingest of bad input (CLI)', () => {
  const badLog = (folder: string) => join(folder, 'CASBAD', 'W3SVC1', 'u_ex101006.log');
  const goodRequests = [
    { ts: at('2010-10-06T09:00:00Z'), server: 'CASBAD', user: 'erin', device: 'ApplEEEE3333', status: 200, timeTaken: 40 },
    { ts: at('2010-10-06T09:01:00Z'), server: 'CASBAD', user: 'erin', device: 'ApplEEEE3333', status: 200, timeTaken: 35 },
    { ts: at('2010-10-06T09:05:00Z'), server: 'CASBAD', user: 'frank', device: 'androidf00d', status: 200, timeTaken: 120 },
    { ts: at('2010-10-06T09:07:00Z'), server: 'CASBAD', user: 'frank', device: 'androidf00d', status: 200, timeTaken: 115 },
  ];

  it('when junk bytes, NUL bytes, too few fields and a bad date sit between good lines then each is rejected on its line and the good lines are stored', () => {
    const folder = copyFixture('folders/bad-input');
    const db = join(tempDir(), 'a.db');
    const { summary, stderr } = ingest(db, folder);
    expect(summary).toEqual({ files: 1, skippedFiles: 0, lines: 9, ingested: 5, rejected: 4, activesync: { direct: 4, proxy: 0, redirect: 0 }, other: 1 });
    expect(summary.lines).toBe(summary.ingested + summary.rejected);
    expect(stderr).toBe('');
    const log = badLog(folder);
    expect(storedRejects(db)).toEqual([
      { path: log, lineNo: 6, reason: 'field-count-mismatch expected 14 got 3' },
      { path: log, lineNo: 8, reason: 'nul-bytes' },
      { path: log, lineNo: 10, reason: 'field-count-mismatch expected 14 got 7' },
      { path: log, lineNo: 12, reason: 'bad-timestamp' },
    ]);
    expect(storedRequests(db)).toMatchObject(goodRequests);
    expect(otherTraffic(db)).toEqual([{ server: 'CASBAD', protocol: 'owa', requests: 1 }]);
    expect(storedFiles(db)).toEqual([{ path: log, offset: statSync(log).size, lineNo: 13, lines: 9, rejected: 4 }]);
  });

  it('when a 100 KB line is appended then it is rejected as line-too-long and the lines after it still ingest', () => {
    const folder = copyFixture('folders/bad-input');
    const db = join(tempDir(), 'a.db');
    const log = badLog(folder);
    ingest(db, folder);
    appendFileSync(log, [
      'x'.repeat(100_000),
      easLine('2010-10-06 09:08:00', 'gina', 'ApplGGGG4444', '10.1.1.30'),
      easLine('2010-10-06 09:09:00', 'gina', 'ApplGGGG4444', '10.1.1.30', 'Ping'),
      '',
    ].join('\r\n'));
    const { summary } = ingest(db, folder);
    expect(summary).toEqual({ files: 1, skippedFiles: 0, lines: 3, ingested: 2, rejected: 1, activesync: { direct: 2, proxy: 0, redirect: 0 }, other: 0 });
    expect(storedRejects(db).slice(4)).toEqual([{ path: log, lineNo: 14, reason: 'line-too-long (100000 bytes)' }]);
    expect(storedRequests(db)).toMatchObject([
      ...goodRequests,
      { ts: at('2010-10-06T09:08:00Z'), server: 'CASBAD', user: 'gina', device: 'ApplGGGG4444', command: 'Sync' },
      { ts: at('2010-10-06T09:09:00Z'), server: 'CASBAD', user: 'gina', device: 'ApplGGGG4444', command: 'Ping' },
    ]);
    expect(storedFiles(db)).toEqual([{ path: log, offset: statSync(log).size, lineNo: 16, lines: 12, rejected: 5 }]);
  });

  it('when a log file cannot be read then a warning names it, the rest is ingested and the exit code is 0', () => {
    const folder = copyFixture('folders/migration');
    // A dangling link: unreadable whoever runs the tests (root reads a chmod 000 file).
    const unreadable = join(folder, 'NYCAS10A', 'W3SVC1', 'u_ex101005.log');
    symlinkSync('/nonexistent/u_ex101005.log', unreadable);
    const db = join(tempDir(), 'a.db');
    const { summary, stderr } = ingest(db, folder);
    expect(stderr).toBe(`warning: cannot read ${unreadable}: ENOENT\n${notesSkipped(folder)}`);
    expect(summary).toEqual({ ...migrationSummary, skippedFiles: 2 });
    expect(rowCounts(db)).toMatchObject({ requests: 9, files: 3, rejects: 2 });
  });
});
