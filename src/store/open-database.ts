import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { packageRoot } from '../package-root.js';

export type Db = Database.Database;

/**
 * Largest -wal file left on disk. After a checkpoint SQLite writes the WAL again from
 * its start but never shrinks the file, so one long ingest under a dashboard's open
 * snapshot (checkpoint starvation) would leave a multi-GB -wal behind for good. With a
 * limit, SQLite truncates it back to this size when it starts the WAL over.
 */
export const walSizeLimitBytes = 64 * 1024 * 1024;

const migrationsDir = (): string => join(packageRoot(), 'src', 'store', 'migrations');

/**
 * Opens (creating if needed) the database for writing and brings its schema up to
 * date. WAL lets the dashboard read while ingest writes; NORMAL sync costs nothing
 * measurable under WAL (performance.md, trap 3).
 */
export function openDatabase(path: string): Db {
  let db: Db;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    const notDatabase = (error as { code?: string }).code === 'SQLITE_NOTADB';
    throw new UserError(`cannot open database ${path}: ${(error as Error).message}`, 1, notDatabase
      ? 'the file is not an ActiveSync Doctor database or is damaged; move it away (or pass another --db) and ingest again'
      : 'check that the folder exists, is writable and is on a local disk (WAL needs one)');
  }
  db.pragma('synchronous = NORMAL');
  db.pragma(`journal_size_limit = ${walSizeLimitBytes}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -16384');
  migrate(db);
  return db;
}

/** Opens an existing database read-only: queries and reports can never change it. */
export function openReadOnly(path: string): Db {
  if (!existsSync(path)) {
    throw new UserError(`no database at ${path}`, 1, 'run `activesync-doctor ingest <folder>` first, or pass --db FILE');
  }
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    throw new UserError(`cannot read database ${path}: ${(error as Error).message}`, 1,
      'the file is not an ActiveSync Doctor database or is damaged; delete it and ingest again');
  }
}

/**
 * Applies migrations NNN-*.sql above `user_version`, each with its version bump in
 * one transaction, so a crash leaves either the old or the new schema.
 */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = readdirSync(migrationsDir())
    .filter((name) => /^\d{3}-.*\.sql$/.test(name))
    .sort()
    .map((name) => ({ version: Number(name.slice(0, 3)), name }))
    .filter((m) => m.version > current);
  for (const m of pending) {
    const sql = readFileSync(join(migrationsDir(), m.name), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
