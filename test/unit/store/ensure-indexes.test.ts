import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureIndexes } from '../../../src/store/ensure-indexes.js';
import { openDatabase } from '../../../src/store/open-database.js';
import { tempDir } from '../../helpers/temp.js';

/** Enough rows that the sorter's 1 MiB budget spills into several sorted runs to merge. */
const rowCount = 120_000;

describe('ensureIndexes', () => {
  it('when requests outgrow the sorter budget then the per-device index still orders every row and the connection gets its settings back', () => {
    const db = openDatabase(join(tempDir(), 'index.db'));
    const before = { cache: db.pragma('cache_size', { simple: true }), threads: db.pragma('threads', { simple: true }) };
    const insert = db.prepare('INSERT INTO requests (ts, server_id, device_id, codes) VALUES (?, 1, ?, 200)');
    db.transaction(() => {
      // Devices and times scattered over the row order, as several servers' files interleave them.
      for (let i = 0; i < rowCount; i++) insert.run(1_300_000_000 + ((i * 7919) % rowCount), (i * 104_729) % 997);
    })();

    ensureIndexes(db);

    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT ts FROM requests WHERE device_id = 5 ORDER BY ts').all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('requests_by_device');
    const viaIndex = db.prepare('SELECT device_id, ts FROM requests INDEXED BY requests_by_device ORDER BY device_id, ts').raw().all();
    const sorted = db.prepare('SELECT device_id, ts FROM requests NOT INDEXED ORDER BY device_id, ts').raw().all();
    expect(viaIndex).toHaveLength(rowCount);
    expect(viaIndex).toEqual(sorted);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect({ cache: db.pragma('cache_size', { simple: true }), threads: db.pragma('threads', { simple: true }) }).toEqual(before);
    db.close();
  });

  it('when the index exists then a second call leaves it as it is', () => {
    const db = openDatabase(join(tempDir(), 'again.db'));
    db.prepare('INSERT INTO requests (ts, server_id, device_id, codes) VALUES (1300000000, 1, 1, 200)').run();
    ensureIndexes(db);
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'requests_by_device'").pluck().get();
    ensureIndexes(db);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'requests_by_device'").pluck().get()).toBe(sql);
    db.close();
  });
});
