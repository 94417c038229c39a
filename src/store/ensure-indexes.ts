import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import type { Db } from './open-database.js';

/**
 * Creates the per-device index once rows exist (a no-op when it does). It is the
 * serial tail of a first load, when the parser thread is done: SQLite's sorter
 * may use a second core then (1M rows: 0.71 -> 0.55 s).
 */
export function ensureIndexes(db: Db): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'requests_by_device'").get();
  if (exists) return;
  const threads = db.pragma('threads', { simple: true }) as number;
  db.pragma(`threads = ${Math.min(4, availableParallelism())}`);
  try {
    db.exec(readFileSync(join(packageRoot(), 'src', 'store', 'migrations', 'indexes.sql'), 'utf8'));
  } finally {
    db.pragma(`threads = ${threads}`);
  }
}
