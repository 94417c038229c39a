import { appendFileSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { tempDir } from '../helpers/temp.js';

const A = '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';
const eas = (n: number, status = '200', time?: string) =>
  `2010-10-05 ${time ?? `07:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`} 10.1.1.20 POST /Microsoft-Server-ActiveSync/default.eas User=u${n % 50}&DeviceId=D${n % 50}&DeviceType=iPhone&Cmd=Sync&Log=V141_ 443 COMPANY\\u${n % 50} 203.0.113.5 Apple-iPhone3C1/803.148 ${status} 0 0 31`;

function folder(): string {
  const dir = join(tempDir(), 'CAS1', 'W3SVC1');
  mkdirSync(dir, { recursive: true });
  return dir;
}
const count = (db: Db, sql: string): number => db.prepare(sql).pluck().get() as number;

/** How many of this process's file descriptors are open on `path` (Linux: /proc/self/fd). */
const openHandles = (path: string): number =>
  readdirSync('/proc/self/fd').filter((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`) === path; } catch { return false; } }).length;

describe('ingest faults', () => {
  it('when a .gz archive is truncated then its readable lines are ingested, the file is named, and a re-run adds nothing twice', async () => {
    const dir = folder();
    const lines = ['#Version: 1.0', A, ...Array.from({ length: 30_000 }, (_, n) => eas(n))];
    const whole = gzipSync(lines.join('\r\n') + '\r\n');
    writeFileSync(join(dir, 'u_ex101005.log.gz'), whole.subarray(0, Math.floor(whole.length * 0.6)));
    const db = openDatabase(join(tempDir(), 't.db'));
    const warnings: string[] = [];
    const first = await runIngest([dir], { db, onWarning: (w) => warnings.push(w) });
    expect(warnings.join('\n')).toMatch(/error reading .*u_ex101005\.log\.gz/);
    expect(first.lines).toBeGreaterThan(10_000);
    const stored = count(db, 'SELECT count(*) FROM requests');
    expect(stored).toBe(first.ingested);
    const second = await runIngest([dir], { db, onWarning: () => {} });
    expect(second.lines).toBe(0);
    expect(count(db, 'SELECT count(*) FROM requests')).toBe(stored);
  });

  it('when the database fails to write then the run stops with that error instead of blaming the log file', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'u_ex101005.log'), ['#Version: 1.0', A, eas(1), eas(2), ''].join('\r\n'));
    const db = openDatabase(join(tempDir(), 't.db'));
    db.exec("CREATE TRIGGER full BEFORE INSERT ON requests BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    await expect(runIngest([dir], { db, worker: false })).rejects.toThrow(/database or disk is full/);
    expect(count(db, 'SELECT count(*) FROM requests')).toBe(0);
    expect(count(db, 'SELECT offset FROM files')).toBe(0);
    // The parse stopped mid-file is ended, and the log closed with it (not left to the garbage collector).
    expect(openHandles(join(dir, 'u_ex101005.log'))).toBe(0);
  });

  it('when a file tracked while empty turns out not to be a W3SVC log then it is skipped, not ingested', async () => {
    const dir = folder();
    const file = join(dir, 'httperr1.log');
    writeFileSync(file, '');
    const db = openDatabase(join(tempDir(), 't.db'));
    await runIngest([dir], { db });
    writeFileSync(file, '#Software: Microsoft HTTP API 2.0\r\n#Version: 1.0\r\n#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename\r\n2010-10-05 07:00:00 1.2.3.4 5000 10.1.1.20 443 HTTP/1.1 POST /x 503 1 AppOffline DefaultAppPool\r\n');
    const warnings: string[] = [];
    const summary = await runIngest([dir], { db, onWarning: (w) => warnings.push(w) });
    expect(summary).toMatchObject({ lines: 0, skippedFiles: 1 });
    expect(warnings).toEqual([expect.stringMatching(/HTTPERR log/)]);
  });

  it('when a file is replaced then its per-file counters and old rejects start over', async () => {
    const dir = folder();
    const file = join(dir, 'u_ex101005.log');
    writeFileSync(file, ['#Version: 1.0', A, eas(1), 'junk', ''].join('\r\n'));
    const db = openDatabase(join(tempDir(), 't.db'));
    await runIngest([dir], { db });
    writeFileSync(file, ['#Version: 1.0', '#Date: 2010-10-05 09:00:00', A, eas(2), eas(3), eas(4), ''].join('\r\n'));
    await runIngest([dir], { db });
    expect(db.prepare('SELECT lines, rejected FROM files').get()).toEqual({ lines: 3, rejected: 0 });
    expect(count(db, 'SELECT count(*) FROM rejects')).toBe(0);
  });

  it('when status or time fields are not plain digits then the line is rejected, not misread', async () => {
    const dir = folder();
    const file = join(dir, 'u_ex101005.log');
    writeFileSync(file, ['#Version: 1.0', A, eas(1, '0x1F4'), eas(2, '1e2'), eas(3, '200', '1/:00:00'), eas(4).replace('2010-10-05', '2010-02-31'), eas(5), eas(6, '2000'), ''].join('\r\n'));
    const db = openDatabase(join(tempDir(), 't.db'));
    const summary = await runIngest([dir], { db });
    expect(summary).toMatchObject({ lines: 6, ingested: 1, rejected: 5 });
    expect(db.prepare('SELECT reason FROM rejects ORDER BY line_no').pluck().all()).toEqual(['bad-status', 'bad-status', 'bad-timestamp', 'bad-timestamp', 'bad-status']);
    expect(readFileSync(file, 'utf8')).toContain('0x1F4');
  });

  it('when a request is stored then its status, substatus, win32 status and command read back by name', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'u_ex101005.log'), ['#Version: 1.0', A, eas(1).replace(' 200 0 0 31', ' 500 19 999999999 31'),
      eas(2, '401').replace('Cmd=Sync', 'Cmd=Ping').replace(' 401 0 0 31', ' 401 1 2148074254 31'), eas(3).replace('Cmd=Sync&', ''), ''].join('\r\n'));
    const db = openDatabase(join(tempDir(), 't.db'));
    await runIngest([dir], { db });
    expect(db.prepare(`SELECT r.status, r.substatus, r.win32, c.name AS command, o.name AS outcome, r.time_taken, a.name AS agent,
      i.name AS ip, r.protocol FROM requests r LEFT JOIN commands c ON c.id = r.command_id JOIN outcomes o ON o.id = r.outcome
      JOIN user_agents a ON a.id = r.user_agent_id JOIN client_ips i ON i.id = r.client_ip_id ORDER BY r.ts`).all()).toEqual([
      { status: 500, substatus: 19, win32: 999999999, command: 'Sync', outcome: 'server', time_taken: 31, agent: 'Apple-iPhone3C1/803.148', ip: '203.0.113.5', protocol: 141 },
      // a 10-digit win32 status is not read
      { status: 401, substatus: 1, win32: 0, command: 'Ping', outcome: 'auth', time_taken: 31, agent: 'Apple-iPhone3C1/803.148', ip: '203.0.113.5', protocol: 141 },
      { status: 200, substatus: 0, win32: 0, command: null, outcome: 'ok', time_taken: 31, agent: 'Apple-iPhone3C1/803.148', ip: '203.0.113.5', protocol: 141 },
    ]);
  });

  it('when a log and its .gz archive (or a copy) both sit in the folder then it is ingested once and the twin is named', async () => {
    const dir = folder();
    const text = ['#Version: 1.0', A, ...Array.from({ length: 100 }, (_, n) => eas(n))].join('\r\n') + '\r\n';
    writeFileSync(join(dir, 'u_ex101005.log'), text);
    writeFileSync(join(dir, 'u_ex101005.log.gz'), gzipSync(text));
    const db = openDatabase(join(tempDir(), 't.db'));
    const warnings: string[] = [];
    const summary = await runIngest([dir], { db, onWarning: (w) => warnings.push(w) });
    expect(summary).toMatchObject({ files: 1, skippedFiles: 1, lines: 100 });
    expect(warnings).toEqual([expect.stringMatching(/u_ex101005\.log\.gz: same content as .*u_ex101005\.log \(a copy or its archive\)/)]);
  });

  it('when a CAS logs under two addresses then requests from either are recognised as inner proxy hops', async () => {
    const root = tempDir();
    const cas = (name: string, day: string, lines: string[]) => {
      mkdirSync(join(root, name, 'W3SVC1'), { recursive: true });
      writeFileSync(join(root, name, 'W3SVC1', `u_ex${day}.log`), ['#Version: 1.0', A, ...lines, ''].join('\r\n'));
    };
    const line = (sip: string, cip: string, log: string) =>
      `2010-10-05 07:00:00 ${sip} POST /Microsoft-Server-ActiveSync/default.eas User=td&DeviceId=TD1&DeviceType=TouchDown&Cmd=Ping&Log=${log} 443 COMPANY\\td ${cip} TouchDown 200 0 0 900000`;
    cas('NYCAS10A', '101004', [line('10.1.1.20', '203.0.113.9', 'V120_PrxTo:newyork07_')]);
    cas('NYCAS10A', '101005', [line('10.1.1.30', '203.0.113.9', 'V120_PrxTo:newyork07_')]);
    cas('NEWYORK07', '101005', [line('10.1.2.7', '10.1.1.20', 'V120_'), line('10.1.2.7', '10.1.1.30', 'V120_')]);
    const db = openDatabase(join(tempDir(), 't.db'));
    // The CAS's logs in one run, the legacy CAS's in a later one: its addresses come from the database then.
    await runIngest([join(root, 'NYCAS10A')], { db });
    await runIngest([join(root, 'NEWYORK07')], { db });
    expect(count(db, 'SELECT count(*) FROM requests WHERE hop = 1')).toBe(2);
    expect(count(db, 'SELECT requests FROM device_stats')).toBe(2);
  });

  it('when an endless line (over 1 MiB) is still unfinished at the end of the file then it waits like a torn line, and is one reject once it ends', async () => {
    const dir = folder();
    const file = join(dir, 'u_ex101005.log');
    const long = 'x'.repeat(3 << 20);
    writeFileSync(file, ['#Version: 1.0', A, eas(1), long].join('\r\n'));
    const db = openDatabase(join(tempDir(), 't.db'));
    expect(await runIngest([dir], { db, worker: false })).toMatchObject({ lines: 1, rejected: 0 });
    appendFileSync(file, '\r\n' + eas(2) + '\r\n');
    expect(await runIngest([dir], { db, worker: false })).toMatchObject({ lines: 2, ingested: 1, rejected: 1 });
    expect(db.prepare('SELECT line_no, reason FROM rejects').all()).toEqual([{ line_no: 4, reason: `line-too-long (${(3 << 20) + 1} bytes)` }]);
    expect(db.prepare('SELECT line_no FROM files').pluck().get()).toBe(5);
  });
});
