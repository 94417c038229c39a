import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseFailureOf } from '../../../src/errors.js';
import { openDatabase, openReadOnly } from '../../../src/store/open-database.js';
import { tempDir } from '../../helpers/temp.js';

describe('openDatabase limits', () => {
  it('when the database is opened for writing then its WAL is capped at 64 MiB', () => {
    const db = openDatabase(join(tempDir(), 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
    db.close();
  });

  it('when SQLite runs out of room while writing then the error names the database file, on one line', () => {
    const path = join(tempDir(), 'full.db');
    const db = openDatabase(path);
    // max_page_count makes SQLite answer exactly as on a full disk (SQLITE_FULL), without filling one.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    let thrown: unknown;
    try {
      db.exec(`CREATE TABLE filler (x); INSERT INTO filler VALUES (zeroblob(1 << 20));`);
    } catch (error) {
      thrown = error;
    }
    db.close();
    expect((thrown as { code?: string }).code).toBe('SQLITE_FULL');
    const failure = databaseFailureOf(thrown, path);
    expect(failure?.message).toBe(`disk full while writing the database ${path}; free space and run again (nothing is counted twice)`);
    expect(failure?.hint).toBeUndefined();
    expect(databaseFailureOf(thrown)?.message).toBe('disk full while writing the database; free space and run again (nothing is counted twice)');
  });

  it('when the disk fills while writing another file then that file is named, not the database', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: '/srv/snapshot.html' });
    expect(databaseFailureOf(enospc, 'a.db')?.message).toBe('disk full while writing /srv/snapshot.html; free space and run again (nothing is counted twice)');
  });

  it('when an error is not about the database file then it is left to the caller', () => {
    const path = join(tempDir(), 'b.db');
    openDatabase(path).close();
    const db = openReadOnly(path);
    let thrown: unknown;
    try {
      db.prepare('SELECT * FROM no_such_table').all();
    } catch (error) {
      thrown = error;
    }
    db.close();
    expect((thrown as { code?: string }).code).toBe('SQLITE_ERROR');
    expect(databaseFailureOf(thrown, 'b.db')).toBeUndefined();
  });
});
