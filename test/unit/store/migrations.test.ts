import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/package-root.js';
import { openDatabase } from '../../../src/store/open-database.js';

const dir = mkdtempSync(join(tmpdir(), 'asd-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('when a version-1 database holds requests then 002 packs class, hop and outcome into flags and still reads them back by name', () => {
    const path = join(dir, 'v1.db');
    const v1 = new Database(path);
    v1.exec(readFileSync(join(packageRoot(), 'src', 'store', 'migrations', '001-initial.sql'), 'utf8'));
    v1.pragma('user_version = 1');
    v1.exec(`INSERT INTO requests (ts, server_id, device_id, class, hop, outcome, anonymous, status) VALUES
      (1300000000, 1, 1, 2, 0, 5, 0, 451), (1300000001, 1, 1, 1, 1, 8, 1, 500)`);
    v1.close();

    const db = openDatabase(path);
    expect(db.prepare('SELECT flags, class, hop, outcome, status FROM requests ORDER BY ts').all()).toEqual([
      { flags: 2 | (0 << 2) | (5 << 3), class: 2, hop: 0, outcome: 5, status: 451 },
      { flags: 1 | (1 << 2) | (8 << 3), class: 1, hop: 1, outcome: 8, status: 500 },
    ]);
    expect(db.prepare("SELECT count(*) FROM pragma_table_info('requests') WHERE name = 'anonymous'").pluck().get()).toBe(0);
    db.close();
  });
});
