import { failureOutcomes, outcomes } from '../activesync/request-class.js';
import { col, commandKinds, rowWidth } from './batch.js';

/** Rollup increments of one batch, as the writer upserts them. */
export interface Rollups {
  /** [minute, server_id, class, device_type_id, requests, failures] */
  minuteStats: number[][];
  /** [device_id, requests, direct, proxy, redirect, ok, failures, first_ts, last_ts, last_ok_ts|NaN, last_server_id] */
  deviceStats: number[][];
  /** [device_id, day, requests, pings, syncs, failures] */
  deviceDays: number[][];
  /** [device_id, server_id, class, outcome, status, proxy_target_id, redirect_target_id, error_id (0 = none), requests, first_ts, last_ts, protocol|NaN] */
  breakdown: number[][];
}

const okOutcome = outcomes.indexOf('ok');
const isFailure = outcomes.map((o) => (failureOutcomes.has(o) ? 1 : 0));
const breakdownKey = ['device_id', 'server_id', 'class', 'outcome', 'status', 'proxy_target_id', 'redirect_target_id', 'error_id'] as const;
const classSlot = [2, 3, 4]; // direct, proxy, redirect in a deviceStats row

/**
 * Folds a batch's client-facing rows (hop = 0) into the rollups the dashboard and
 * the report read. Pure, and run on the writer thread: the parser thread is the
 * bottleneck and the writer idles ~60% of the time (performance.md 4).
 */
export function computeRollups(rows: Float64Array, count: number): Rollups {
  const minutes = new Map<string, number[]>();
  const devices = new Map<number, number[]>();
  const days = new Map<string, number[]>();
  const groups = new Map<string, number[]>();
  for (let r = 0; r < count; r++) {
    const at = r * rowWidth;
    if (rows[at + col.hop] === 1) continue; // counted once, on the CAS the device talked to
    const ts = rows[at + col.ts]!;
    const server = rows[at + col.server_id]!;
    const device = rows[at + col.device_id]!;
    const cls = rows[at + col.class]!;
    const outcome = rows[at + col.outcome]!;
    const failed = isFailure[outcome] ?? 0;
    const type = rows[at + col.device_type_id]!;
    const protocol = rows[at + col.protocol]!;

    const minute = Math.floor(ts / 60);
    const minuteKey = `${minute},${server},${cls},${type}`;
    const m = minutes.get(minuteKey);
    if (m) { m[4]!++; m[5]! += failed; } else minutes.set(minuteKey, [minute, server, cls, type, 1, failed]);

    let d = devices.get(device);
    if (!d) { d = [device, 0, 0, 0, 0, 0, 0, ts, ts, Number.NaN, server]; devices.set(device, d); }
    d[1]!++;
    d[classSlot[cls]!]!++;
    d[6]! += failed;
    if (ts < d[7]!) d[7] = ts;
    if (ts >= d[8]!) { d[8] = ts; d[10] = server; }
    if (outcome === okOutcome) { d[5]!++; if (!(d[9]! >= ts)) d[9] = ts; }

    const day = Math.floor(ts / 86400);
    const kind = rows[at + col.command_kind]!;
    const dayKey = `${device},${day}`;
    const dd = days.get(dayKey);
    const ping = kind === commandKinds.ping ? 1 : 0;
    const sync = kind === commandKinds.sync ? 1 : 0;
    if (dd) { dd[2]!++; dd[3]! += ping; dd[4]! += sync; dd[5]! += failed; } else days.set(dayKey, [device, day, 1, ping, sync, failed]);

    const key = breakdownKey.map((c) => rows[at + col[c]] || 0);
    const id = key.join(',');
    const g = groups.get(id);
    if (g === undefined) {
      groups.set(id, [...key, 1, ts, ts, protocol]);
    } else {
      g[8]!++;
      if (ts < g[9]!) g[9] = ts;
      if (ts > g[10]!) g[10] = ts;
      if (Number.isNaN(g[11]!) || protocol > g[11]!) g[11] = protocol;
    }
  }
  return { minuteStats: [...minutes.values()], deviceStats: [...devices.values()], deviceDays: [...days.values()], breakdown: [...groups.values()] };
}
