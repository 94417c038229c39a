import { describe, expect, it } from 'vitest';
import { batchColumns, col, commandKinds, rowWidth } from '../../src/ingest/batch.js';
import { computeRollups } from '../../src/ingest/rollups.js';

/** Encodes rows the way the parser thread hands them over. */
function rowsOf(values: Partial<Record<(typeof batchColumns)[number], number>>[]): Float64Array {
  const rows = new Float64Array(values.length * rowWidth).fill(Number.NaN);
  values.forEach((v, r) => {
    const base = { ts: 1286176320, server_id: 1, device_id: 1, class: 0, hop: 0, outcome: 0, status: 200, device_type_id: 1, command_kind: commandKinds.sync, ...v };
    for (const [name, value] of Object.entries(base)) rows[r * rowWidth + col[name as keyof typeof col]] = value;
  });
  return rows;
}

describe('computeRollups', () => {
  it('when rows repeat a device and minute then they fold into one group each, inner hops left out', () => {
    const rows = rowsOf([{}, { ts: 1286176330 }, { outcome: 5, status: 451, class: 2, ts: 1286176390 }, { hop: 1 }]);
    const r = computeRollups(rows, 4);
    expect(r.deviceStats).toEqual([[1, 3, 2, 0, 1, 2, 1, 1286176320, 1286176390, 1286176330, 1]]);
    expect(r.deviceDays).toEqual([[1, Math.floor(1286176320 / 86400), 3, 0, 3, 1]]);
    expect(r.minuteStats).toHaveLength(2);
    expect(r.breakdown.map((g) => g.slice(0, 9))).toEqual([[1, 1, 0, 0, 200, 0, 0, 0, 2], [1, 1, 2, 5, 451, 0, 0, 0, 1]]);
  });

  it('when ids are too large for a packed key then the string fallback groups the same way', () => {
    const big = { server_id: 5000, error_id: 70_000, device_type_id: 100_000 };
    const r = computeRollups(rowsOf([big, big, { ...big, error_id: 70_001 }]), 3);
    expect(r.breakdown.map((g) => [g[1], g[7], g[8]])).toEqual([[5000, 70_000, 2], [5000, 70_001, 1]]);
    expect(r.minuteStats).toEqual([[Math.floor(1286176320 / 60), 5000, 0, 100_000, 3, 0]]);
  });
});
