import { describe, expect, it } from 'vitest';
import { batchColumns, col, commandKinds, packFlags, rowWidth } from '../../src/ingest/batch.js';
import { RollupFolder } from '../../src/ingest/rollups.js';

/** Encodes rows the way the parser thread hands them over. */
type Unpacked = Partial<Record<(typeof batchColumns)[number] | 'class' | 'hop' | 'outcome', number>>;
function rowsOf(values: Unpacked[]): Float64Array {
  const rows = new Float64Array(values.length * rowWidth).fill(Number.NaN);
  values.forEach((v, r) => {
    const { class: cls = 0, hop = 0, outcome = 0, ...rest } = v;
    const base = { ts: 1286176320, server_id: 1, device_id: 1, status: 200, device_type_id: 1, command_kind: commandKinds.sync, ...rest, flags: packFlags(cls, hop, outcome) };
    for (const [name, value] of Object.entries(base)) rows[r * rowWidth + col[name as keyof typeof col]] = value;
  });
  return rows;
}

/** The rollups of `count` rows folded in one go. */
function fold(rows: Float64Array, count: number) {
  const folder = new RollupFolder();
  folder.add(rows, count);
  return folder.drain();
}

describe('RollupFolder', () => {
  it('when rows repeat a device and minute then they fold into one group each, inner hops left out', () => {
    const rows = rowsOf([{}, { ts: 1286176330 }, { outcome: 5, status: 451, class: 2, ts: 1286176390 }, { hop: 1 }]);
    const r = fold(rows, 4);
    expect(r.deviceStats).toEqual([[1, 3, 2, 0, 1, 2, 1, 1286176320, 1286176390, 1286176330, 1]]);
    expect(r.deviceDays).toEqual([[1, Math.floor(1286176320 / 86400), 3, 0, 3, 1]]);
    expect(r.minuteStats).toHaveLength(2);
    expect(r.breakdown.map((g) => g.slice(0, 9))).toEqual([[1, 1, 0, 0, 200, 0, 0, 0, 2], [1, 1, 2, 5, 451, 0, 0, 0, 1]]);
  });

  it('when ids are too large for a packed key then the string fallback groups the same way', () => {
    const big = { server_id: 5000, error_id: 70_000, device_type_id: 100_000 };
    const r = fold(rowsOf([big, big, { ...big, error_id: 70_001 }]), 3);
    expect(r.breakdown.map((g) => [g[1], g[7], g[8]])).toEqual([[5000, 70_000, 2], [5000, 70_001, 1]]);
    expect(r.minuteStats).toEqual([[Math.floor(1286176320 / 60), 5000, 0, 100_000, 3, 0]]);
  });

  it('when a device shows up in two batches before a drain then it is one group per rollup, and a drain starts empty', () => {
    const folder = new RollupFolder();
    folder.add(rowsOf([{}]), 1);
    folder.add(rowsOf([{ ts: 1286176330 }]), 1);
    const first = folder.drain();
    expect(first.deviceStats).toEqual([[1, 2, 2, 0, 0, 2, 0, 1286176320, 1286176330, 1286176330, 1]]);
    expect(first.breakdown.map((g) => g[8])).toEqual([2]);
    expect(folder.drain()).toEqual({ minuteStats: [], deviceStats: [], deviceDays: [], breakdown: [] });
  });

  it('when a device comes back to an earlier day or minute then the rows for that day and minute add up', () => {
    const day = 86400;
    const r = fold(rowsOf([{}, { ts: 1286176320 + day }, { ts: 1286176320, outcome: 5 }, { ts: 1286176320 + day, device_id: 2 }]), 4);
    const perDay = new Map<string, number>();
    for (const [device, d, requests] of r.deviceDays) perDay.set(`${device}/${d}`, (perDay.get(`${device}/${d}`) ?? 0) + requests!);
    const first = Math.floor(1286176320 / day);
    expect(Object.fromEntries(perDay)).toEqual({ [`1/${first}`]: 2, [`1/${first + 1}`]: 1, [`2/${first + 1}`]: 1 });
    expect(r.minuteStats.filter((m) => m[0] === Math.floor(1286176320 / 60)).map((m) => m[4])).toEqual([2]);
    expect(r.breakdown.filter((g) => g[0] === 1).map((g) => [g[3], g[8]])).toEqual([[0, 2], [5, 1]]);
  });
});
