import type { Statement } from 'better-sqlite3';
import { col, copiedColumns, packCodes, rowWidth, storedColumns, withCommand, type Batch } from '../ingest/batch.js';
import { RowCompleter } from '../ingest/complete-rows.js';
import { RollupFolder } from '../ingest/rollups.js';
import { dictionaryTables, tokenTables, type DictionaryTable } from '../ingest/dictionary.js';
import { loadEntries } from './load-builder-seed.js';
import type { Db } from './open-database.js';

/** Rows per INSERT statement: a multi-row VALUES saves ~12% over one row at a time (performance.md trap 3). */
const rowsPerInsert = 50;

const insertRowsSql = (n: number): string =>
  `INSERT INTO requests (${storedColumns.join(', ')}) VALUES ` +
  Array.from({ length: n }, () => `(${storedColumns.map(() => '?').join(', ')})`).join(', ');

/**
 * A transaction spans batches until it holds this many lines or is this old:
 * a device seen in several batches then costs one rollup upsert, not one per
 * batch (the upserts were a third of the writer's time), and readers (the
 * dashboard) still see new rows within about a second.
 */
const commitLines = 200_000;
const commitMs = 1000;

/**
 * Writes batches with the file position after each in the same transaction
 * (kill -9 safe: a crash loses only uncommitted batches, with their offsets).
 */
export interface BatchWriter {
  /** Writes a batch, committing when the open transaction has grown big or old enough. */
  write(batch: Batch): void;
  /** Commits what is pending: call it when the run ends. */
  flush(): void;
}

export function createBatchWriter(db: Db): BatchWriter {
  const insertEntry = new Map<DictionaryTable, Statement>(
    dictionaryTables.map((t) => [t, db.prepare(`INSERT INTO ${t} (id, name) VALUES (?, ?)`)]),
  );
  const addServerIp = db.prepare('INSERT OR IGNORE INTO server_ips (server_id, ip) VALUES (?, ?)');
  const insertDevice = db.prepare('INSERT INTO devices (id, user_id, device_key, device_type_id, user_agent_id) VALUES (?, ?, ?, ?, ?)');
  const updateDevice = db.prepare('UPDATE devices SET device_type_id = ?, user_agent_id = ? WHERE id = ?');
  const insertMany = db.prepare(insertRowsSql(rowsPerInsert));
  const insertOne = db.prepare(insertRowsSql(1));
  const upsertMinute = db.prepare(`INSERT INTO minute_stats (minute, server_id, class, device_type_id, requests, failures) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET requests = requests + excluded.requests, failures = failures + excluded.failures`);
  const upsertDevice = db.prepare(`INSERT INTO device_stats (device_id, requests, direct, proxy, redirect, ok, failures, first_ts, last_ts, last_ok_ts, last_server_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET requests = requests + excluded.requests, direct = direct + excluded.direct,
      proxy = proxy + excluded.proxy, redirect = redirect + excluded.redirect, ok = ok + excluded.ok,
      failures = failures + excluded.failures, first_ts = min(first_ts, excluded.first_ts),
      last_server_id = CASE WHEN excluded.last_ts >= last_ts THEN excluded.last_server_id ELSE last_server_id END,
      last_ts = max(last_ts, excluded.last_ts),
      last_ok_ts = CASE WHEN last_ok_ts IS NULL OR excluded.last_ok_ts > last_ok_ts THEN coalesce(excluded.last_ok_ts, last_ok_ts) ELSE last_ok_ts END`);
  const upsertDay = db.prepare(`INSERT INTO device_days (device_id, day, requests, pings, syncs, failures) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET requests = requests + excluded.requests, pings = pings + excluded.pings,
      syncs = syncs + excluded.syncs, failures = failures + excluded.failures`);
  const upsertOther = db.prepare(`INSERT INTO other_traffic (day, server_id, protocol, requests) VALUES (?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET requests = requests + excluded.requests`);
  const upsertBreakdown = db.prepare(`INSERT INTO device_breakdown (device_id, server_id, class, outcome, status, proxy_target_id,
      redirect_target_id, error_id, requests, first_ts, last_ts, protocol) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET requests = requests + excluded.requests, first_ts = min(first_ts, excluded.first_ts),
      last_ts = max(last_ts, excluded.last_ts),
      protocol = max(coalesce(protocol, excluded.protocol), coalesce(excluded.protocol, protocol))`);
  const insertReject = db.prepare('INSERT INTO rejects (file_id, line_no, reason, sample) VALUES (?, ?, ?, ?)');
  const advanceFile = db.prepare(`UPDATE files SET offset = ?, line_no = ?, fields = ?, log_date = ?,
    lines = lines + ?, rejected = rejected + ?, updated_at = ?, server_id = coalesce(nullif(?, 0), server_id) WHERE id = ?`);

  // NaN stands for NULL in a batch, and SQLite stores a bound NaN as NULL.
  // Values are passed spread, not as one array: better-sqlite3 reads an array's elements through
  // V8's generic property look-up, which cost a third of the INSERT (1M rows: 1.7 -> 1.1 s).
  const stored = storedColumns.length;
  const args = new Array<number>(rowsPerInsert * stored);
  const one = new Array<number>(stored);
  const copied = Int32Array.from(copiedColumns, (c) => col[c]);

  /** Row `row` of `rows` as storedColumns, into `into` from `to`. */
  function store(rows: Float64Array, row: number, into: number[], to: number): void {
    const f = row * rowWidth;
    into[to] = withCommand(rows[f + col.flags]!, rows[f + col.command_id]!);
    into[to + 1] = packCodes(rows[f + col.status]!, rows[f + col.substatus]!, rows[f + col.win32]!);
    for (let k = 0; k < copied.length; k++) into[to + 2 + k] = rows[f + copied[k]!]!;
  }

  function insertRows(rows: Float64Array, count: number): void {
    let row = 0;
    for (; row + rowsPerInsert <= count; row += rowsPerInsert) {
      for (let r = 0; r < rowsPerInsert; r++) store(rows, row + r, args, r * stored);
      insertMany.run(...args);
    }
    for (; row < count; row++) {
      store(rows, row, one, 0);
      insertOne.run(...one);
    }
  }

  const begin = db.prepare('BEGIN');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const folder = new RollupFolder();
  const completer = new RowCompleter(loadEntries(db, tokenTables));
  let openedAt: number | null = null;
  let pendingLines = 0;

  function writeRows(batch: Batch): void {
    for (const [table, id, name] of completer.complete(batch)) insertEntry.get(table)!.run(id, name);
    for (const [table, id, name] of batch.newEntries) insertEntry.get(table)!.run(id, name);
    for (const [id, ip] of batch.serverIps) addServerIp.run(id, ip);
    for (const d of batch.newDevices) insertDevice.run(d.id, d.userId, d.deviceKey, d.deviceTypeId, d.userAgentId);
    for (const d of batch.changedDevices) updateDevice.run(d.deviceTypeId, d.userAgentId, d.id);
    insertRows(batch.rows, batch.rowCount);
    folder.add(batch.rows, batch.rowCount);
    for (const o of batch.otherTraffic) upsertOther.run(...o);
    for (const r of batch.rejects) insertReject.run(batch.fileId, r.lineNo, r.reason, r.sample);
    const e = batch.end;
    advanceFile.run(e.offset, e.lineNo, e.fields, e.date, batch.counts.lines, batch.counts.rejected, Math.floor(Date.now() / 1000), batch.serverId, batch.fileId);
  }

  function commitPending(): void {
    const rollups = folder.drain();
    for (const m of rollups.minuteStats) upsertMinute.run(...m);
    for (const d of rollups.deviceStats) upsertDevice.run(...d);
    for (const d of rollups.deviceDays) upsertDay.run(...d);
    for (const g of rollups.breakdown) upsertBreakdown.run(...g);
    commit.run();
    openedAt = null;
    pendingLines = 0;
  }

  /** Runs `step` in the open transaction; on failure the transaction and its folded rollups are dropped. */
  function guarded(step: () => void): void {
    try {
      step();
    } catch (error) {
      if (db.inTransaction) rollback.run();
      folder.drain();
      openedAt = null;
      pendingLines = 0;
      throw error;
    }
  }

  return {
    write(batch) {
      guarded(() => {
        if (openedAt === null) {
          begin.run();
          openedAt = performance.now();
        }
        writeRows(batch);
        pendingLines += batch.counts.lines;
        if (pendingLines >= commitLines || performance.now() - openedAt >= commitMs) commitPending();
      });
    },
    flush() {
      if (openedAt !== null) guarded(commitPending);
    },
  };
}
