import Database from 'better-sqlite3';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { generateBenchLog } from '../../src/simulate/bench-log.js';
import { contentOf } from '../helpers/db-content.js';
import { runCli, startCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

const A = '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';
/** A layout without a date field: the day comes from #Date. */
const B = '#Fields: time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';
/** Request number `n`, at its own second of 07:00, so every stored request can be told apart by its time. */
const eas = (n: number, layout: 'A' | 'B' = 'A') =>
  `${layout === 'A' ? '2010-10-05 ' : ''}07:${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')} 10.1.1.20 POST /Microsoft-Server-ActiveSync/default.eas User=u${n % 7}&DeviceId=D${n % 7}&DeviceType=iPhone&Cmd=Sync&Log=V141_ 443 COMPANY\\u${n % 7} 203.0.113.5 Apple-iPhone3C1/803.148 200 0 0 31`;
/** The text of lines `from` … `to - 1`, each ended by CRLF. */
const requests = (from: number, to: number, layout: 'A' | 'B' = 'A') =>
  Array.from({ length: to - from }, (_, i) => eas(from + i, layout) + '\r\n').join('');
/** A log with the two-line header and requests 0 … n - 1 (more than the 1 KiB a fingerprint covers). */
const log = (n: number) => `#Version: 1.0\r\n${A}\r\n${requests(0, n)}`;

function folder(name = 'CAS1'): string {
  const dir = join(tempDir(), name, 'W3SVC1');
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function ingest(db: Db, paths: string[], worker?: boolean) {
  const warnings: string[] = [];
  const summary = await runIngest(paths, { db, worker, onWarning: (w) => warnings.push(w) });
  return { summary, warnings };
}

/** Stored requests, and how many distinct ones: equal when nothing was stored twice. */
const stored = (db: Db) => db.prepare('SELECT count(*) AS requests, count(DISTINCT ts) AS distinct_ FROM requests').get() as { requests: number; distinct_: number };
const fileRows = (db: Db) => db.prepare('SELECT path, offset, line_no AS lineNo, lines FROM files ORDER BY path').all();
const note = (copy: string, of: string) => `skipped ${copy}: same content as ${of} (a copy or its archive), already ingested`;

/** A CAS folder whose 20-line log is ingested into a fresh database: where every case starts. */
async function ingestedLog() {
  const dir = folder();
  const plain = join(dir, 'u_ex101005.log');
  writeFileSync(plain, log(20));
  const db = openDatabase(join(tempDir(), 't.db'));
  await ingest(db, [dir]);
  return { dir, plain, db };
}

describe('a copy or archive of a log read only in part', () => {
  it('when the log is gzipped (the .log deleted) after a partial read then the .gz adds exactly the lines past it, and a gunzip adds nothing', async () => {
    const dir = folder();
    const plain = join(dir, 'u_ex101005.log');
    const archive = `${plain}.gz`;
    writeFileSync(plain, log(20));
    const db = openDatabase(join(tempDir(), 't.db'));
    expect((await ingest(db, [dir])).summary).toMatchObject({ files: 1, lines: 20 });
    const partial = statSync(plain).size;

    appendFileSync(plain, requests(20, 30));
    writeFileSync(archive, gzipSync(readFileSync(plain)));
    rmSync(plain);
    const second = await ingest(db, [dir]);
    expect(second.warnings).toEqual([]);
    expect(second.summary).toMatchObject({ files: 1, skippedFiles: 0, lines: 10, ingested: 10 });
    expect(stored(db)).toEqual({ requests: 30, distinct_: 30 });
    // The archive's offset counts decompressed bytes; its lines are numbered on from the log's.
    const whole = gunzipSync(readFileSync(archive)).length;
    expect(fileRows(db)).toEqual([
      { path: plain, offset: partial, lineNo: 22, lines: 20 },
      { path: archive, offset: whole, lineNo: 32, lines: 10 },
    ]);

    expect((await ingest(db, [dir])).summary).toMatchObject({ files: 1, lines: 0 });
    // gunzip: the .log is back, whole, at its old path, which was read only to line 22.
    writeFileSync(plain, gunzipSync(readFileSync(archive)));
    rmSync(archive);
    expect((await ingest(db, [dir])).summary).toMatchObject({ files: 1, lines: 0 });
    appendFileSync(plain, requests(30, 33));
    expect((await ingest(db, [dir])).summary).toMatchObject({ files: 1, lines: 3 });
    expect(stored(db)).toEqual({ requests: 33, distinct_: 33 });
  });

  it('when the continuation is parsed on a worker thread then it starts from the same position', async () => {
    const dir = folder();
    const plain = join(dir, 'u_ex101005.log');
    writeFileSync(plain, log(20));
    const db = openDatabase(join(tempDir(), 't.db'));
    await ingest(db, [dir], true);
    writeFileSync(`${plain}.gz`, gzipSync(log(30)));
    rmSync(plain);
    expect((await ingest(db, [dir], true)).summary).toMatchObject({ files: 1, lines: 10 });
    expect(stored(db)).toEqual({ requests: 30, distinct_: 30 });
  });

  it('when a longer copy arrives while the partial log stays, read to its end, then the copy goes on from there', async () => {
    const dir = folder();
    const partial = join(dir, 'u_ex101005.log');
    const longer = join(folder('CAS1-full'), 'u_ex101005.log');
    writeFileSync(partial, log(20));
    const db = openDatabase(join(tempDir(), 't.db'));
    await ingest(db, [dir]);
    writeFileSync(longer, log(30));
    const { summary, warnings } = await ingest(db, [dir, join(longer, '..')]);
    expect(warnings).toEqual([]);
    expect(summary).toMatchObject({ files: 2, lines: 10 });
    expect(stored(db)).toEqual({ requests: 30, distinct_: 30 });
    // The copy grows too (it was still being copied): only its new lines are read.
    appendFileSync(longer, requests(30, 35));
    expect((await ingest(db, [dir, join(longer, '..')])).summary).toMatchObject({ lines: 5 });
    expect(stored(db)).toEqual({ requests: 35, distinct_: 35 });
  });

  it('when the log changed layout and #Date before the saved position then the copy reads on with that layout and day, and numbers lines on', async () => {
    const dir = folder();
    const plain = join(dir, 'u_ex101005.log');
    const head = `${log(10)}#Date: 2010-10-06 07:00:00\r\n${B}\r\n${requests(10, 20, 'B')}`;
    writeFileSync(plain, head);
    const db = openDatabase(join(tempDir(), 't.db'));
    expect((await ingest(db, [dir])).summary).toMatchObject({ lines: 20, rejected: 0 });
    writeFileSync(`${plain}.gz`, gzipSync(`${head}${requests(20, 25, 'B')}junk\r\n${requests(25, 30, 'B')}`));
    rmSync(plain);
    expect((await ingest(db, [dir])).summary).toMatchObject({ lines: 11, ingested: 10, rejected: 1 });
    const days = db.prepare("SELECT date(ts, 'unixepoch') AS day, count(*) AS n FROM requests GROUP BY day ORDER BY day").all();
    expect(days).toEqual([{ day: '2010-10-05', n: 10 }, { day: '2010-10-06', n: 20 }]);
    // 2 + 10 header and request lines, #Date and #Fields, 10 + 5 requests: the junk is line 30.
    expect(db.prepare('SELECT line_no FROM rejects').pluck().all()).toEqual([30]);
  });
});

describe('a copy or archive with nothing past the saved position', () => {
  it('when a plain copy is shorter than or as long as the part read then nothing is added, nothing is tracked and the log is named', async () => {
    const { dir, plain, db } = await ingestedLog();
    const shorter = join(dir, 'u_ex101005 - Copy (1).log');
    const same = join(dir, 'u_ex101005 - Copy (2).log');
    writeFileSync(shorter, log(15));
    writeFileSync(same, log(20));
    rmSync(plain);
    const { summary, warnings } = await ingest(db, [dir]);
    expect(summary).toMatchObject({ files: 0, skippedFiles: 2, lines: 0 });
    expect(warnings).toEqual([note(shorter, plain), note(same, plain)]);
    expect(fileRows(db)).toEqual([{ path: plain, offset: statSync(same).size, lineNo: 22, lines: 20 }]);
  });

  it('when a .gz is the whole log already read, or a shorter part of it, then nothing is added and the log is named', async () => {
    const { dir, plain, db } = await ingestedLog();
    // The whole log is known by its trailer's length, on every run, and stays untracked like a plain copy.
    // The shorter one is known only once read from the saved position: it stays tracked, read to its end,
    // so that it is not decompressed again on every run.
    const whole = join(dir, 'u_ex101005.log.gz');
    const shorter = join(dir, 'u_ex101005.part.log.gz');
    writeFileSync(whole, gzipSync(log(20)));
    writeFileSync(shorter, gzipSync(log(12)));
    const first = await ingest(db, [dir]);
    expect(first.summary).toMatchObject({ files: 1, skippedFiles: 2, lines: 0 });
    expect(first.warnings).toEqual([note(whole, plain), note(shorter, plain)]);
    const second = await ingest(db, [dir]);
    expect(second.summary).toMatchObject({ files: 2, skippedFiles: 1, lines: 0 });
    expect(second.warnings).toEqual([note(whole, plain)]);
    const position = { offset: statSync(plain).size, lineNo: 22 };
    expect(fileRows(db)).toEqual([{ path: plain, ...position, lines: 20 }, { path: shorter, ...position, lines: 0 }]);
    rmSync(plain);
    expect((await ingest(db, [dir])).warnings).toEqual([note(whole, plain)]);
    expect(stored(db)).toEqual({ requests: 20, distinct_: 20 });
  });
});

describe('a copy of a log that is still growing', () => {
  it('when the log itself is still on disk with lines to read then the copy waits with the note and every line is stored once', async () => {
    // The copy's folder sorts first, so it is planned before the log it was taken from.
    const root = tempDir();
    const live = join(root, 'CAS1', 'W3SVC1', 'u_ex101005.log');
    const copy = join(root, 'A-copies', 'u_ex101005.log');
    mkdirSync(join(live, '..'), { recursive: true });
    mkdirSync(join(copy, '..'), { recursive: true });
    writeFileSync(live, log(20));
    const db = openDatabase(join(tempDir(), 't.db'));
    await ingest(db, [root]);

    appendFileSync(live, requests(20, 30));
    writeFileSync(copy, readFileSync(live));
    const second = await ingest(db, [root]);
    expect(second.warnings).toEqual([note(copy, live)]);
    expect(second.summary).toMatchObject({ files: 1, skippedFiles: 1, lines: 10 });

    appendFileSync(live, requests(30, 35));
    expect((await ingest(db, [root])).summary).toMatchObject({ lines: 5 });
    // The log is read to its end now, and the copy holds less than it: nothing to take.
    expect((await ingest(db, [root])).warnings).toEqual([note(copy, live)]);
    rmSync(live);
    expect((await ingest(db, [root])).summary).toMatchObject({ lines: 0, skippedFiles: 1 });
    expect(stored(db)).toEqual({ requests: 35, distinct_: 35 });
  });

  it('when a copy went on past the log and the log then grows again then each line is read once, by whichever file is found first', async () => {
    const dir = folder();
    const partial = join(dir, 'u_ex101005.log');
    const longer = join(dir, 'u_ex101005.full.log');
    writeFileSync(partial, log(20));
    const db = openDatabase(join(tempDir(), 't.db'));
    await ingest(db, [partial]);
    writeFileSync(longer, log(30));
    expect((await ingest(db, [dir])).summary).toMatchObject({ lines: 10 });
    // Both grow (the partial log is synced again): 20..29 are stored already, 30..31 are new to both.
    // The copy (….full.log) is found first and reads them; the log waits, then has nothing past them.
    appendFileSync(partial, requests(20, 32));
    appendFileSync(longer, requests(30, 32));
    expect((await ingest(db, [dir])).summary).toMatchObject({ lines: 2 });
    expect((await ingest(db, [dir])).summary).toMatchObject({ lines: 0 });
    appendFileSync(partial, requests(32, 33));
    expect((await ingest(db, [dir])).summary).toMatchObject({ lines: 1 });
    expect(stored(db)).toEqual({ requests: 33, distinct_: 33 });
  });

  it('when two copies that go past the log arrive in one run then one reads the new lines and the other is named as its copy', async () => {
    const { dir, plain, db } = await ingestedLog();
    const archive = `${plain}.gz`;
    const copy = join(dir, 'u_ex101005.log.bak');
    writeFileSync(archive, gzipSync(log(30)));
    writeFileSync(copy, log(30));
    rmSync(plain);
    // The copy (….log.bak) is found first: it reads, the archive waits and then has nothing past it.
    const { summary, warnings } = await ingest(db, [dir]);
    expect(summary).toMatchObject({ files: 1, skippedFiles: 1, lines: 10 });
    expect(warnings).toEqual([note(archive, copy)]);
    expect((await ingest(db, [dir])).warnings).toEqual([note(archive, copy)]);
    expect(stored(db)).toEqual({ requests: 30, distinct_: 30 });
  });

  it('when the copy that reads in a run turns out shorter than the position then the longer one waiting on it reads on the next run', async () => {
    const { dir, plain, db } = await ingestedLog();
    const shorter = join(dir, 'u_ex101005.log.1.gz');
    const longer = join(dir, 'u_ex101005.log.2.gz');
    writeFileSync(shorter, gzipSync(log(15)));
    writeFileSync(longer, gzipSync(log(30)));
    rmSync(plain);
    const first = await ingest(db, [dir]);
    expect(first.summary).toMatchObject({ lines: 0, skippedFiles: 2 });
    expect(first.warnings).toEqual([note(longer, shorter), note(shorter, plain)]);
    const second = await ingest(db, [dir]);
    expect(second.warnings).toEqual([]);
    expect(second.summary).toMatchObject({ files: 2, lines: 10 });
    expect(stored(db)).toEqual({ requests: 30, distinct_: 30 });
  });
});

describe('a continuation interrupted', () => {
  it('when the database fails while the copy is read on then a re-run stores its new lines once', async () => {
    const { dir, plain, db } = await ingestedLog();
    writeFileSync(`${plain}.gz`, gzipSync(log(30)));
    rmSync(plain);
    db.exec("CREATE TRIGGER full BEFORE INSERT ON requests BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    await expect(runIngest([dir], { db, worker: false })).rejects.toThrow(/database or disk is full/);
    expect(stored(db)).toEqual({ requests: 20, distinct_: 20 });
    db.exec('DROP TRIGGER full');
    expect((await ingest(db, [dir])).summary).toMatchObject({ lines: 10 });
    expect(stored(db)).toEqual({ requests: 30, distinct_: 30 });
  });
});

describe('activesync-doctor ingest of an archive that goes past a partial read (CLI)', () => {

  it('when ingest is killed with SIGKILL while reading the .gz on then a re-run gives exactly the content of one clean run', async () => {
    const dir = tempDir();
    const whole = join(dir, 'whole', 'u_ex101004.log');
    mkdirSync(join(whole, '..'), { recursive: true });
    // Past one commit (200k lines or 1 s) with lines left to go whatever the speed of the machine.
    await generateBenchLog(whole, 300_000, 7);
    const clean = join(dir, 'clean.db');
    expect(runCli(['ingest', whole, '--db', clean, '--quiet']).status).toBe(0);

    // The live log as it stood when last followed: its first 1,000 lines (to a line end).
    const text = readFileSync(whole);
    let cut = 0;
    for (let i = 0; i < 1000; i++) cut = text.indexOf(10, cut) + 1;
    const live = join(dir, 'CAS', 'W3SVC1', 'u_ex101004.log');
    mkdirSync(join(live, '..'), { recursive: true });
    writeFileSync(live, text.subarray(0, cut));
    const killed = join(dir, 'killed.db');
    expect(runCli(['ingest', live, '--db', killed, '--quiet']).status).toBe(0);
    rmSync(live);
    const archive = `${live}.gz`;
    writeFileSync(archive, gzipSync(text, { level: 1 }));

    const child = startCli(['ingest', archive, '--db', killed, '--quiet']);
    // Wait until the archive has committed a batch of its own, then kill without warning.
    for (let i = 0; i < 800; i++) {
      await sleep(25);
      const probe = new Database(killed, { readonly: true });
      const offset = probe.prepare('SELECT offset FROM files WHERE path = ?').pluck().get(archive) as number | undefined;
      probe.close();
      if (offset !== undefined && offset > cut) break;
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect((contentOf(killed, 'per-log').requests as { n: number }).n).toBeLessThan((contentOf(clean, 'per-log').requests as { n: number }).n);
    expect(existsSync(live)).toBe(false);
    const rerun = runCli(['ingest', archive, '--db', killed, '--quiet']);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(contentOf(killed, 'per-log')).toEqual(contentOf(clean, 'per-log'));
  }, 120_000);
});
