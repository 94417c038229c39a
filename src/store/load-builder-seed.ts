import type { BuilderSeed } from '../ingest/batch-builder.js';
import type { DeviceRow } from '../ingest/batch.js';
import { builderTables, type DictionaryTable } from '../ingest/dictionary.js';
import type { Db } from './open-database.js';

/** The entries of some dictionary tables, for whoever continues numbering where the database stopped. */
export function loadEntries<T extends DictionaryTable>(db: Db, tables: readonly T[]): [T, number, string][] {
  const entries: [T, number, string][] = [];
  for (const table of tables) {
    for (const row of db.prepare(`SELECT id, name FROM ${table}`).iterate() as Iterable<{ id: number; name: string }>) {
      entries.push([table, row.id, row.name]);
    }
  }
  return entries;
}

/** Reads what a BatchBuilder must know to continue numbering where the database stopped. */
export function loadBuilderSeed(db: Db, extraCasIps: Iterable<string>): BuilderSeed {
  const entries = loadEntries(db, builderTables);
  const devices = db.prepare(`SELECT d.id, d.user_id AS userId, d.device_key AS deviceKey, d.device_type_id AS deviceTypeId,
    d.user_agent_id AS userAgentId, u.name AS user FROM devices d JOIN users u ON u.id = d.user_id`).all() as (DeviceRow & { user: string })[];
  const ips = db.prepare('SELECT DISTINCT ip FROM server_ips').pluck().all() as string[];
  return { entries, devices, casIps: [...ips, ...extraCasIps] };
}
