import { describe, expect, test } from 'vitest';
import { createServerTrafficTotals, type ServerTrafficRow } from '../../../src/store/server-traffic.js';

/** An in-memory minute_stats: [minute, server_id, class, requests, failures]. */
type MinuteRow = [number, number, number, number, number];

/** What queries/dashboard-server-traffic.sql returns for `rows`, and the minute ranges asked for. */
function fakeReader(rows: MinuteRow[]) {
  const asked: [number, number][] = [];
  const read = (fromMinute: number, settleMinute: number): ServerTrafficRow[] => {
    asked.push([fromMinute, settleMinute]);
    const groups = new Map<string, ServerTrafficRow>();
    for (const [minute, server, cls, requests, failures] of rows) {
      if (minute < fromMinute) continue;
      const settled = minute < settleMinute ? 1 : 0;
      const key = `${server}:${cls}:${settled}`;
      const group = groups.get(key) ?? { server_id: server, class: cls, settled, requests: 0, failures: 0 };
      group.requests += requests;
      group.failures += failures;
      groups.set(key, group);
    }
    return [...groups.values()];
  };
  return { read, asked };
}

const total = (rows: MinuteRow[]): number => rows.reduce((sum, r) => sum + r[3], 0);

describe('createServerTrafficTotals', () => {
  test('when read twice then the second read asks only for minutes after the settled ones, with the same totals', () => {
    const rows: MinuteRow[] = [
      [100, 1, 2, 5, 5],
      [100, 2, 0, 3, 0],
      [150, 1, 1, 4, 1],
      [200, 1, 0, 2, 0],
    ];
    const { read, asked } = fakeReader(rows);
    const totals = createServerTrafficTotals(60);
    const first = totals.read(200, total(rows), read);
    expect(first.get(1)).toEqual({ requests: 11, classes: { redirect: 5, proxy: 4, direct: 2 }, failures: 6 });
    expect(first.get(2)).toEqual({ requests: 3, classes: { redirect: 0, proxy: 0, direct: 3 }, failures: 0 });
    expect(asked).toEqual([[0, 140]]);

    rows.push([201, 2, 1, 7, 7]);
    const second = totals.read(201, total(rows), read);
    expect(asked.at(-1)).toEqual([140, 141]);
    expect(second.get(2)).toEqual({ requests: 10, classes: { redirect: 0, proxy: 7, direct: 3 }, failures: 7 });
    expect(second.get(1)).toEqual(first.get(1));
  });

  test('when a late request lands in a settled minute then the totals no longer add up and everything is summed again', () => {
    const rows: MinuteRow[] = [
      [100, 1, 0, 5, 0],
      [300, 1, 0, 1, 0],
    ];
    const { read, asked } = fakeReader(rows);
    const totals = createServerTrafficTotals(60);
    expect(totals.read(300, total(rows), read).get(1)?.requests).toBe(6);
    rows.push([100, 1, 2, 2, 2]);
    const after = totals.read(300, total(rows), read);
    expect(after.get(1)).toEqual({ requests: 8, classes: { redirect: 2, proxy: 0, direct: 6 }, failures: 2 });
    expect(asked).toEqual([[0, 240], [240, 240], [0, 240]]);
  });

  test('when the two rollups disagree by a constant then that is the baseline, not a reason to sum again on every read', () => {
    const rows: MinuteRow[] = [[100, 1, 0, 5, 0]];
    const { read, asked } = fakeReader(rows);
    const totals = createServerTrafficTotals(60);
    totals.read(300, 7, read);
    totals.read(300, 7, read);
    expect(asked).toEqual([[0, 240], [240, 240]]);
  });

  test('when there is no data yet then there are no totals', () => {
    const { read } = fakeReader([]);
    expect(createServerTrafficTotals().read(null, 0, read).size).toBe(0);
  });
});
