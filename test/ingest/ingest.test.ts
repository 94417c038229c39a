import { appendFileSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { copyFixture, tempDir } from '../helpers/temp.js';

const A = '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';
const eas = (time: string, user: string, device: string, status = 200, log = 'V141_') =>
  `2010-10-05 ${time} 10.1.1.20 POST /Microsoft-Server-ActiveSync/default.eas User=${user}&DeviceId=${device}&DeviceType=iPhone&Cmd=Sync&Log=${log} 443 COMPANY\\${user} 203.0.113.5 Apple-iPhone3C1/803.148 ${status} 0 0 31`;

async function ingest(db: Db, ...paths: string[]) {
  const warnings: string[] = [];
  const summary = await runIngest(paths, { db, onWarning: (m) => warnings.push(m) });
  return { summary, warnings };
}

const count = (db: Db, sql: string): number => db.prepare(sql).pluck().get() as number;

describe('ingest of the migration fixture', () => {
  it('when three server folders are ingested then every line is classified and counted', async () => {
    const db = openDatabase(join(tempDir(), 't.db'));
    const { summary, warnings } = await ingest(db, copyFixture('folders/migration'));
    expect(summary).toMatchObject({
      files: 3, skippedFiles: 1, lines: 14, ingested: 12, rejected: 2,
      activesync: { direct: 4, proxy: 2, redirect: 3 }, other: 3,
    });
    expect(summary.lines).toBe(summary.ingested + summary.rejected);
    expect(warnings).toEqual([expect.stringMatching(/notes\.txt: not a W3C log/)]);
    // the server comes from s-computername when logged, else from the folder
    expect(db.prepare('SELECT name FROM servers ORDER BY name').pluck().all()).toEqual(['NEWYORK07', 'NYCAS10A', 'NYCAS10B']);
    expect(db.prepare("SELECT s.name FROM files f JOIN servers s ON s.id = f.server_id WHERE f.path LIKE '%NYCAS10B%'").pluck().get()).toBe('NYCAS10B');
    // one identity, three spellings → one user; the probe is not a device
    expect(db.prepare('SELECT name FROM users ORDER BY name').pluck().all()).toEqual(['alice', 'bob', 'dave']);
    expect(count(db, 'SELECT count(*) FROM devices')).toBe(4);
    // the inner hop on NEWYORK07 (from the 2010 CAS's s-ip) is linked, not counted twice
    expect(count(db, 'SELECT count(*) FROM requests WHERE hop = 1')).toBe(1);
    expect(count(db, "SELECT requests FROM device_stats JOIN devices d ON d.id = device_id WHERE d.device_key = 'TD0123456789ABCDEF'")).toBe(1);
    expect(db.prepare('SELECT line_no, reason FROM rejects ORDER BY line_no').all()).toEqual([
      { line_no: 12, reason: 'field-count-mismatch expected 14 got 5' },
      { line_no: 18, reason: 'bad-timestamp' },
    ]);
    expect(db.prepare('SELECT protocol, sum(requests) AS n FROM other_traffic GROUP BY protocol ORDER BY protocol').all()).toEqual([
      { protocol: 'activesync-nodevice', n: 1 }, { protocol: 'ews', n: 1 }, { protocol: 'owa', n: 1 },
    ]);
    const alice = db.prepare(`SELECT r.status, r.class, o.name AS outcome, p.name AS target FROM requests r
      JOIN devices d ON d.id = r.device_id JOIN outcomes o ON o.id = r.outcome LEFT JOIN redirect_targets p ON p.id = r.redirect_target_id
      WHERE d.device_key = 'ApplAAAA1111' ORDER BY r.ts`).all();
    expect(alice[0]).toEqual({ status: 401, class: 0, outcome: 'challenge', target: null });
    expect(alice[1]).toEqual({ status: 451, class: 2, outcome: 'redirect', target: 'https://legacy.company.com/Microsoft-Server-ActiveSync' });
  });

  it('when the same folder is ingested twice then the second run adds nothing', async () => {
    const db = openDatabase(join(tempDir(), 't.db'));
    const folder = copyFixture('folders/migration');
    await ingest(db, folder);
    const before = count(db, 'SELECT count(*) FROM requests');
    const { summary } = await ingest(db, folder);
    expect(summary.lines).toBe(0);
    expect(count(db, 'SELECT count(*) FROM requests')).toBe(before);
    expect(count(db, 'SELECT count(*) FROM rejects')).toBe(2);
  });
});

describe('incremental ingest of a growing file', () => {
  function makeLog(): string {
    const dir = join(tempDir(), 'CAS1', 'W3SVC1');
    return join(dir, 'u_ex101005.log');
  }
  async function fresh(file: string, lines: string[]): Promise<Db> {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, lines.join('\r\n'));
    return openDatabase(join(tempDir(), 't.db'));
  }

  it('when lines are appended then only they are read, and a torn last line waits for its end', async () => {
    const file = makeLog();
    const db = await fresh(file, ['#Version: 1.0', A, eas('07:00:00', 'u1', 'D1'), eas('07:00:01', 'u1', 'D1') + '\r\n' + eas('07:00:02', 'u1', 'D1').slice(0, 40)]);
    const first = await ingest(db, file);
    expect(first.summary.lines).toBe(2);
    expect(count(db, 'SELECT count(*) FROM rejects')).toBe(0);
    appendFileSync(file, eas('07:00:02', 'u1', 'D1').slice(40) + '\r\n' + eas('07:00:03', 'u1', 'D1') + '\r\n');
    const second = await ingest(db, file);
    expect(second.summary).toMatchObject({ lines: 2, ingested: 2, rejected: 0 });
    expect(db.prepare('SELECT ts % 86400 FROM requests ORDER BY id').pluck().all()).toEqual([25200, 25201, 25202, 25203]);
    expect(count(db, 'SELECT line_no FROM files')).toBe(6);
  });

  it('when a file is replaced by other content (rotation) then it is read anew from its start', async () => {
    const file = makeLog();
    const db = await fresh(file, ['#Version: 1.0', A, eas('07:00:00', 'u1', 'D1'), '']);
    await ingest(db, file);
    writeFileSync(file, ['#Version: 1.0', '#Date: 2010-10-05 09:00:00', A, eas('09:00:00', 'u2', 'D2'), eas('09:00:01', 'u2', 'D2'), ''].join('\r\n'));
    const { summary } = await ingest(db, file);
    expect(summary.lines).toBe(2);
    expect(count(db, 'SELECT count(*) FROM requests')).toBe(3);
  });

  it('when the file shrank below the saved offset (truncated) then it is read from the start', async () => {
    const file = makeLog();
    const db = await fresh(file, ['#Version: 1.0', A, eas('07:00:00', 'u1', 'D1'), eas('07:00:01', 'u1', 'D1'), '']);
    await ingest(db, file);
    writeFileSync(file, ['#Version: 1.0', A, eas('07:00:00', 'u1', 'D1'), ''].join('\r\n'));
    expect((await ingest(db, file)).summary.lines).toBe(1);
  });
});

describe('archives and bad input', () => {
  it('when a day is archived as .gz then it is read through zlib', async () => {
    const dir = join(tempDir(), 'CAS1', 'W3SVC1');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'u_ex101005.log.gz'), gzipSync(['#Version: 1.0', A, eas('07:00:00', 'u1', 'D1'), eas('07:00:01', 'u1', 'D1', 451)].join('\r\n')));
    const db = openDatabase(join(tempDir(), 't.db'));
    expect((await ingest(db, dir)).summary).toMatchObject({ files: 1, lines: 2, activesync: { direct: 1, redirect: 1, proxy: 0 } });
    expect((await ingest(db, dir)).summary.lines).toBe(0);
  });

  it('when junk, NUL bytes, a 100 KB line and a bad date sit between good lines then each is rejected with its line number and the rest ingests', async () => {
    const dir = join(tempDir(), 'CAS1');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const junk = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256).filter((b) => b !== 10));
    const file = join(dir, 'u_ex101005.log');
    writeFileSync(file, Buffer.concat([
      Buffer.from(['#Version: 1.0', A, eas('07:00:00', 'u1', 'D1'), ''].join('\n')),
      junk, Buffer.from('\n'),
      Buffer.from('\0\0\0\0\0\0\0\0\n'),
      Buffer.from('x'.repeat(100_000) + '\n'),
      Buffer.from(eas('07:00:00', 'u1', 'D1').replace('2010-10-05', '2010-99-05') + '\n'),
      Buffer.from(eas('07:00:01', 'u1', 'D1') + ' extra\n'),
      Buffer.from(eas('07:00:02', 'u\u00e9\u00ff', 'D1') + '\n'),
    ]));
    const db = openDatabase(join(tempDir(), 't.db'));
    const { summary } = await ingest(db, file);
    expect(summary).toMatchObject({ lines: 7, ingested: 2, rejected: 5 });
    const rejects = db.prepare('SELECT line_no, reason, sample FROM rejects ORDER BY line_no').all() as { line_no: number; reason: string; sample: string }[];
    expect(rejects.map((r) => r.line_no)).toEqual([4, 5, 6, 7, 8]);
    expect(rejects.map((r) => r.reason)).toEqual([
      'nul-bytes', 'nul-bytes', 'line-too-long (100000 bytes)', 'bad-timestamp', 'field-count-mismatch expected 14 got 15',
    ]);
    // The first 200 bytes, control bytes escaped: the junk line's sample starts as its bytes do.
    expect(rejects[0]!.sample.startsWith('\\x0b0U')).toBe(true);
    expect(rejects[1]!.sample).toBe('\\x00'.repeat(8));
    expect(rejects[2]!.sample).toBe('x'.repeat(200));
    expect(readFileSync(file).length).toBeGreaterThan(100_000);
  });

  it('when a log starts mid-stream, its header over 64 KiB in, then its early rows count as no-fields-directive and the rest ingests', async () => {
    const dir = join(tempDir(), 'CAS1');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const early = Array.from({ length: 400 }, (_, i) => eas(`06:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`, 'u0', 'D0'));
    writeFileSync(join(dir, 'u_ex101005.log'), [...early, '#Software: Microsoft Internet Information Services 7.5', A, eas('07:00:00', 'u1', 'D1'), ''].join('\n'));
    // The same rows in a file IIS would not name so: not taken for a log.
    writeFileSync(join(dir, 'app-trace.log'), [...early, ''].join('\n'));
    const db = openDatabase(join(tempDir(), 't.db'));
    const { summary, warnings } = await ingest(db, dir);
    expect(early.join('\n').length).toBeGreaterThan(64 * 1024);
    expect(summary).toMatchObject({ files: 1, skippedFiles: 1, lines: 401, ingested: 1, rejected: 400 });
    expect(warnings).toEqual([expect.stringMatching(/app-trace\.log: not a W3C log/)]);
    expect(db.prepare('SELECT DISTINCT reason FROM rejects').pluck().all()).toEqual(['no-fields-directive']);
  });

  it('when a crash left NUL padding and IIS wrote on after it then the padding counts once and what follows is read', async () => {
    const dir = join(tempDir(), 'CAS1');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'u_ex101005.log');
    const padding = '\0'.repeat(4096);
    writeFileSync(file, [
      '#Software: Microsoft Internet Information Services 7.5', A,
      eas('07:00:00', 'u1', 'D1'),
      // a row torn by the crash, the padding, then the header block IIS writes on restart
      eas('07:00:01', 'u2', 'D2').slice(0, 60) + padding + '#Software: Microsoft Internet Information Services 7.5', A,
      eas('07:10:00', 'u3', 'D3'),
      padding + eas('07:20:00', 'u4', 'D4'), // padding straight into a row
      eas('07:30:00', 'u5', 'D5').replace('Sync', 'Sy\0nc'), // a NUL inside a row: that row is one reject
      padding, // padding on a line of its own
      eas('07:40:00', 'u6', 'D6'), '',
    ].join('\r\n'));
    const db = openDatabase(join(tempDir(), 't.db'));
    const { summary } = await ingest(db, file);
    expect(summary).toMatchObject({ lines: 8, ingested: 4, rejected: 4 });
    expect(db.prepare('SELECT line_no, reason FROM rejects ORDER BY line_no').all()).toEqual([
      { line_no: 4, reason: 'nul-bytes' }, { line_no: 7, reason: 'nul-bytes' }, { line_no: 8, reason: 'nul-bytes' }, { line_no: 9, reason: 'nul-bytes' },
    ]);
    expect(db.prepare('SELECT name FROM users ORDER BY name').pluck().all()).toEqual(['u1', 'u3', 'u4', 'u6']);
  });

  it('when lines name their CAS by s-computername, folder or only s-ip then the server follows that order', async () => {
    const { mkdirSync } = await import('node:fs');
    const root = tempDir();
    const write = (folder: string, lines: string[]) => {
      mkdirSync(join(root, folder), { recursive: true });
      writeFileSync(join(root, folder, 'u_ex101005.log'), [...lines, ''].join('\n'));
    };
    const withName = A.replace('s-ip', 's-computername s-ip');
    write('FOLDERNAME/W3SVC1', [withName, eas('07:00:00', 'u1', 'D1').replace(' 10.1.1.20 ', ' LOGGEDNAME 10.1.1.20 ')]);
    write('CAS2010/W3SVC1', [A, eas('07:00:00', 'u2', 'D2').replace(' 10.1.1.20 ', ' 10.2.2.2 ')]);
    write('inetpub/logs/LogFiles/W3SVC1', [A, eas('07:00:00', 'u3', 'D3').replace(' 10.1.1.20 ', ' 10.3.3.3 ')]);
    const db = openDatabase(join(tempDir(), 't.db'));
    await ingest(db, root);
    expect(db.prepare(`SELECT u.name AS user, s.name AS server FROM requests r JOIN devices d ON d.id = r.device_id
      JOIN users u ON u.id = d.user_id JOIN servers s ON s.id = r.server_id ORDER BY u.name`).all()).toEqual([
      { user: 'u1', server: 'LOGGEDNAME' }, { user: 'u2', server: 'CAS2010' }, { user: 'u3', server: '10.3.3.3' },
    ]);
  });

  it('when junk starts with #, bytes are not UTF-8 and a BOM sits before #Fields then the junk is rejected, the bytes kept and the file read', async () => {
    const dir = join(tempDir(), 'CAS1');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'u_ex101005.log');
    writeFileSync(file, Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from([A, eas('07:00:00', 'u1', 'D1'), '#\u0001\u0002 junk', '#garbage: not a directive', '#Remark: a real directive', ''].join('\n')),
      Buffer.from(eas('07:00:01', 'caf\u00e9', 'D2') + '\n', 'latin1'),
    ]));
    const db = openDatabase(join(tempDir(), 't.db'));
    const { summary, warnings } = await ingest(db, file);
    expect(warnings).toEqual([]);
    expect(summary).toMatchObject({ files: 1, lines: 4, ingested: 2, rejected: 2, notUtf8Lines: 1 });
    expect(db.prepare('SELECT line_no, reason, sample FROM rejects ORDER BY line_no').all()).toEqual([
      { line_no: 3, reason: 'not-a-directive', sample: '#\\x01\\x02 junk' },
      { line_no: 4, reason: 'not-a-directive', sample: '#garbage: not a directive' },
    ]);
    expect(db.prepare('SELECT name FROM users ORDER BY name').pluck().all()).toEqual(['café', 'u1']);
  });

  it('when a path cannot be read then it is named in a warning and the rest still ingests', async () => {
    const folder = copyFixture('folders/migration');
    symlinkSync('/nonexistent/u_ex101004.log', join(folder, 'NYCAS10A', 'W3SVC1', 'u_ex101005.log'));
    const db = openDatabase(join(tempDir(), 't.db'));
    const { summary, warnings } = await ingest(db, folder);
    expect(summary.files).toBe(3);
    expect(warnings.some((w) => w.includes('u_ex101005.log') && w.includes('ENOENT'))).toBe(true);
  });

  it('when a log file is empty then it is tracked and read once it grows', async () => {
    const dir = join(tempDir(), 'CAS1');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'u_ex101006.log');
    writeFileSync(file, '');
    const db = openDatabase(join(tempDir(), 't.db'));
    expect((await ingest(db, file)).summary).toMatchObject({ files: 1, skippedFiles: 0, lines: 0 });
    writeFileSync(file, ['#Version: 1.0', A, eas('07:00:00', 'u1', 'D1'), ''].join('\r\n'));
    expect((await ingest(db, file)).summary.lines).toBe(1);
  });

  it('when a layout has no date field then #Date gives the day, and quoted values (Advanced Logging) keep their spaces', async () => {
    const dir = join(tempDir(), 'CAS2');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'ex101007.log');
    writeFileSync(file, [
      '#Software: IIS Advanced Logging Module', '#Version: 1.0', '#Date: 2010-10-07 00:00:00 UTC',
      '#Fields: time cs-uri-stem cs-uri-query cs-username cs(User-Agent) sc-status',
      '08:15:00 "/Microsoft-Server-ActiveSync/default.eas" "User=eve&DeviceId=Dev9&DeviceType=iPad&Cmd=Sync&Log=V141_" "COMPANY\\eve" "Apple iPad/803.148" "200"',
      '',
    ].join('\r\n'));
    const db = openDatabase(join(tempDir(), 't.db'));
    expect((await ingest(db, file)).summary).toMatchObject({ lines: 1, ingested: 1, rejected: 0 });
    expect(db.prepare('SELECT r.ts, a.name AS ua, s.name AS server FROM requests r JOIN user_agents a ON a.id = r.user_agent_id JOIN servers s ON s.id = r.server_id').get())
      .toEqual({ ts: Date.UTC(2010, 9, 7, 8, 15) / 1000, ua: 'Apple iPad/803.148', server: 'CAS2' });
  });
});
