import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

const cache = new Map<string, string>();

/** The text of queries/<name>.sql, read once. For names chosen by code, never by a user. */
export function namedSql(name: string): string {
  let sql = cache.get(name);
  if (sql === undefined) {
    sql = readFileSync(join(packageRoot(), 'queries', `${name}.sql`), 'utf8');
    cache.set(name, sql);
  }
  return sql;
}
