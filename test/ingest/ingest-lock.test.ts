import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { acquireIngestLock } from '../../src/store/ingest-lock.js';
import { openDatabase } from '../../src/store/open-database.js';
import { copyFixture, tempDir } from '../helpers/temp.js';

describe('ingest lock', () => {
  it('when another live process holds the lock then a second ingest is refused with its pid, and nothing is written', async () => {
    const dbPath = join(tempDir(), 'a.db');
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    try {
      writeFileSync(`${dbPath}.ingest-lock`, String(sleeper.pid));
      const db = openDatabase(dbPath);
      await expect(runIngest([copyFixture('folders/migration')], { db })).rejects.toThrow(`another activesync-doctor (pid ${sleeper.pid}) is ingesting into ${dbPath}`);
      expect(db.prepare('SELECT count(*) FROM requests').pluck().get()).toBe(0);
    } finally {
      sleeper.kill();
    }
  });

  it('when the lock was left by a process that died (kill -9) then it is taken over and released after the run', async () => {
    const dbPath = join(tempDir(), 'a.db');
    writeFileSync(`${dbPath}.ingest-lock`, '999999999');
    const db = openDatabase(dbPath);
    const summary = await runIngest([copyFixture('folders/migration')], { db });
    expect(summary.lines).toBe(14);
    expect(existsSync(`${dbPath}.ingest-lock`)).toBe(false);
  });

  it('when taken and released then it can be taken again', () => {
    const dbPath = join(tempDir(), 'b.db');
    acquireIngestLock(dbPath)();
    const release = acquireIngestLock(dbPath);
    expect(() => acquireIngestLock(dbPath)).toThrow(/already running in this process/);
    release();
  });
});
