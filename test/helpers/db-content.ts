import Database from 'better-sqlite3';

/**
 * Everything ingest derives, as one comparable fingerprint of a database's
 * content (opened read-only). `files: 'per-log'` sums what the files table
 * says as one log, for runs where two files (a log and its archive) together
 * hold what one clean run reads from one.
 */
export function contentOf(dbPath: string, files: 'per-file' | 'per-log' = 'per-file') {
  const db = new Database(dbPath, { readonly: true });
  const one = (sql: string) => db.prepare(sql).get();
  const result = {
    requests: one('SELECT count(*) n, sum(ts) ts, sum(class) c, sum(outcome) o, sum(device_id) d, sum(hop) h, sum(time_taken) t FROM requests'),
    devices: one('SELECT count(*) n, sum(requests) r, sum(ok) ok, max(last_ts) l, sum(last_ok_ts) lo FROM device_stats'),
    minutes: one('SELECT count(*) n, sum(requests) r, sum(failures) f FROM minute_stats'),
    days: one('SELECT count(*) n, sum(requests) r, sum(pings) p FROM device_days'),
    other: one('SELECT sum(requests) r FROM other_traffic'),
    rejects: one('SELECT count(*) n FROM rejects'),
    files: one(files === 'per-file'
      ? 'SELECT sum(offset) o, sum(lines) l, sum(rejected) r FROM files'
      : 'SELECT max(offset) o, max(line_no) l, sum(lines) n, sum(rejected) r FROM files'),
  };
  db.close();
  return result;
}
