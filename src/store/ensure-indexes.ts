import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import type { Db } from './open-database.js';

/** Creates the per-device index once rows exist (a no-op when it does). */
export function ensureIndexes(db: Db): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'requests_by_device'").get();
  if (exists) return;
  db.exec(readFileSync(join(packageRoot(), 'src', 'store', 'migrations', 'indexes.sql'), 'utf8'));
}
