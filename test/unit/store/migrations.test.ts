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

  it('when a version-2 database holds requests then 003 packs the status codes and the command and reads them back by name', () => {
    const path = join(dir, 'v2.db');
    const v2 = new Database(path);
    for (const m of ['001-initial.sql', '002-packed-flags.sql']) v2.exec(readFileSync(join(packageRoot(), 'src', 'store', 'migrations', m), 'utf8'));
    v2.pragma('user_version = 2');
    v2.exec(`INSERT INTO requests (ts, server_id, device_id, flags, command_id, status, substatus, win32) VALUES
      (1300000000, 1, 1, ${2 | (5 << 3)}, 3, 451, 0, 0), (1300000001, 1, 1, ${1 | (1 << 2) | (8 << 3)}, NULL, 500, 19, 64)`);
    v2.close();

    const db = openDatabase(path);
    expect(db.prepare('SELECT class, hop, outcome, command_id, status, substatus, win32 FROM requests ORDER BY ts').all()).toEqual([
      { class: 2, hop: 0, outcome: 5, command_id: 3, status: 451, substatus: 0, win32: 0 },
      { class: 1, hop: 1, outcome: 8, command_id: null, status: 500, substatus: 19, win32: 64 },
    ]);
    db.close();
  });
});
