import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { LogFollower, type FollowerStatus, type IngestPass } from '../../../src/ingest/follow.js';
import type { IngestSummary } from '../../../src/ingest/ingest-summary.js';
import { runIngest } from '../../../src/ingest/run-ingest.js';
import { openDatabase, type Db } from '../../../src/store/open-database.js';
import { copyFixture, tempDir } from '../../helpers/temp.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const summary = (lines: number): IngestSummary => ({
  files: 1, skippedFiles: 0, lines, ingested: lines, rejected: 0,
  activesync: { direct: lines, proxy: 0, redirect: 0 }, other: 0, elapsedMs: 1, linesPerSecond: 1,
});

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await sleep(5);
  }
}

const followers: LogFollower[] = [];
afterEach(async () => {
  for (const f of followers.splice(0)) await f.stop();
});
const follow = (options: ConstructorParameters<typeof LogFollower>[0]): LogFollower => {
  const f = new LogFollower(options);
  followers.push(f);
  return f;
};

describe('LogFollower', () => {
  test('when a pass takes longer than the interval then passes still never overlap', async () => {
    let running = 0;
    let most = 0;
    let passes = 0;
    const ingest: IngestPass = async () => {
      running += 1;
      most = Math.max(most, running);
      await sleep(30);
      running -= 1;
      passes += 1;
      return summary(0);
    };
    const f = follow({ paths: [tempDir()], ingest, intervalMs: 5 });
    f.start();
    void f.runNow();
    void f.runNow();
    await until(() => passes >= 4);
    expect(most).toBe(1);
  });

  test('when a folder does not exist yet then it is reported, the others are read, and it is read once it appears', async () => {
    const present = tempDir();
    const missing = join(tempDir(), 'NYCAS10C');
    const seen: string[][] = [];
    const f = follow({ paths: [present, missing], ingest: async (paths) => (seen.push(paths), summary(0)), intervalMs: 10 });
    await f.runNow();
    expect(seen.at(-1)).toEqual([present]);
    expect(f.status.errors).toEqual([{ path: missing, message: 'does not exist (yet)' }]);
    mkdirSync(missing);
    f.start();
    await until(() => seen.at(-1)?.length === 2);
    await until(() => f.status.errors.length === 0);
  });

  test('when a pass throws (permission denied) then the status says so and following goes on', async () => {
    const path = tempDir();
    let fail = true;
    let passes = 0;
    const ingest: IngestPass = async () => {
      passes += 1;
      if (fail) throw Object.assign(new Error('EACCES: permission denied, scandir'), { code: 'EACCES' });
      return summary(3);
    };
    const f = follow({ paths: [path], ingest, intervalMs: 10 });
    f.start();
    await until(() => f.status.errors.length === 1);
    expect(f.status.errors[0]).toEqual({ path, message: 'permission denied' });
    fail = false;
    await until(() => f.status.errors.length === 0 && f.status.lastNewLines === 3);
    expect(passes).toBeGreaterThan(1);
  });

  test('when warnings come from a pass then the status holds that pass\'s distinct warnings', async () => {
    const f = follow({
      paths: [tempDir()],
      ingest: async (_paths, warn) => {
        warn('skipped notes.txt: not a W3C log');
        warn('skipped notes.txt: not a W3C log');
        warn('cannot read u_ex101005.log: EACCES');
        return summary(0);
      },
    });
    await f.runNow();
    expect(f.status.warnings).toEqual(['skipped notes.txt: not a W3C log', 'cannot read u_ex101005.log: EACCES']);
  });

  test('when new lines arrive then afterIngest runs (and only then), and status reports them', async () => {
    let lines = 0;
    let after = 0;
    const statuses: FollowerStatus[] = [];
    const f = follow({
      paths: [tempDir()],
      ingest: async () => summary(lines),
      afterIngest: () => {
        after += 1;
      },
      onStatus: (s) => statuses.push(s),
      intervalMs: 10,
    });
    await f.runNow();
    await f.runNow();
    expect(after).toBe(0);
    const quiet = statuses.length;
    lines = 5;
    await f.runNow();
    expect(after).toBe(1);
    expect(f.status).toMatchObject({ lastNewLines: 5, passes: 3 });
    expect(statuses.length).toBe(quiet + 1);
  });

  test('when paused then no pass runs; resume runs one at once; stop clears the timer for good', async () => {
    let passes = 0;
    const f = follow({ paths: [tempDir()], ingest: async () => (passes++, summary(0)), intervalMs: 10 });
    f.start();
    await until(() => passes >= 2);
    f.pause();
    expect(f.status.state).toBe('paused');
    const paused = passes;
    await sleep(60);
    expect(passes).toBe(paused);
    f.resume();
    await until(() => passes > paused);
    expect(await f.stop()).toBe(true);
    const stopped = passes;
    await sleep(60);
    expect(passes).toBe(stopped);
    expect(f.status.state).toBe('stopped');
  });

  test('when stopped during a long pass then stop waits for it, up to its timeout', async () => {
    const f = follow({ paths: [tempDir()], ingest: async () => (await sleep(200), summary(0)) });
    void f.runNow();
    expect(await f.stop(20)).toBe(false);
    const g = follow({ paths: [tempDir()], ingest: async () => (await sleep(20), summary(0)) });
    void g.runNow();
    expect(await g.stop(1000)).toBe(true);
  });
});

describe('LogFollower with the real ingest', () => {
  let db: Db | undefined;
  afterEach(() => db?.close());

  const count = (): number => (db?.prepare('SELECT count(*) AS n FROM requests').get() as { n: number }).n;

  test('when IIS appends, starts a new day, truncates a file and a server folder appears then each is followed', async () => {
    const root = tempDir();
    const logs = join(root, 'logs');
    const late = join(root, 'late');
    cpSync(copyFixture('folders/migration'), logs, { recursive: true });
    db = openDatabase(join(root, 'follow.db'));
    const open = db;
    const f = follow({ paths: [logs, late], ingest: (paths, onWarning) => runIngest(paths, { db: open, onWarning }), intervalMs: 20 });
    await f.runNow();
    const initial = count();
    expect(initial).toBeGreaterThan(0);
    expect(f.status.errors).toEqual([{ path: late, message: 'does not exist (yet)' }]);
    f.start();

    const a = join(logs, 'NYCAS10A', 'W3SVC1', 'u_ex101004.log');
    const line = (time: string, user: string) =>
      `2010-10-04 ${time} 10.1.1.20 POST /Microsoft-Server-ActiveSync/default.eas User=${user}&DeviceId=D${user}&DeviceType=iPhone&Cmd=Sync&Log=V141_ 443 COMPANY\\${user} 203.0.113.9 Apple-iPhone3C1/803.148 200 0 0 15\r\n`;
    appendFileSync(a, line('09:00:00', 'appended'));
    await until(() => count() === initial + 1);

    const header = readFileSync(a, 'utf8').split('\n').slice(0, 4).join('\n') + '\n';
    writeFileSync(join(logs, 'NYCAS10A', 'W3SVC1', 'u_ex101005.log'), header.replace('2010-10-04', '2010-10-05') + line('00:00:01', 'nextday').replace('2010-10-04', '2010-10-05'));
    await until(() => count() === initial + 2);

    // Truncated and rewritten (a replaced file): read again from the start, no crash.
    writeFileSync(a, header + line('10:00:00', 'rewritten'));
    await until(() => count() === initial + 3);

    mkdirSync(join(late, 'NYCAS10C', 'W3SVC1'), { recursive: true });
    writeFileSync(join(late, 'NYCAS10C', 'W3SVC1', 'u_ex101004.log'), header + line('11:00:00', 'late'));
    await until(() => count() === initial + 4 && f.status.errors.length === 0);
  });
});

test('when afterIngest fails then the problem is reported as its own, not as the folder\'s', async () => {
  const f = new LogFollower({
    paths: [tempDir()],
    ingest: async () => summary(2),
    afterIngest: () => {
      throw new Error('no such table: device_breakdown');
    },
  });
  await f.runNow();
  expect(f.status.errors).toEqual([{ path: 'after ingest', message: 'no such table: device_breakdown' }]);
  expect(f.status.lastNewLines).toBe(2);
  await f.stop();
});
