import { failureOutcomes, outcomes } from '../activesync/request-class.js';
import { col, commandKinds, rowWidth } from './batch.js';

/** Rollup increments since the last drain, as the writer upserts them. */
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
const classSlot = [2, 3, 4]; // direct, proxy, redirect in a deviceStats row
const breakdownParts = ['server_id', 'class', 'outcome', 'status', 'proxy_target_id', 'redirect_target_id', 'error_id'] as const;

/**
 * Packs small non-negative integers into one number (mixed radix) when each fits
 * its radix, else joins them into a string. Building a string key for every row
 * cost the writer more than its inserts; the fallback keeps huge ids correct.
 */
function packKey(values: readonly number[], radix: readonly number[]): number | string {
  let key = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i]! >= radix[i]!) return values.join(',');
    key = key * radix[i]! + values[i]!;
  }
  return key;
}
const partsRadix = [64, 4, 16, 1024, 256, 256, 256]; // 46 bits: exact in a double

/**
 * Folds client-facing rows (hop = 0) into the rollups the dashboard and the
 * report read, across as many batches as the writer puts in one transaction:
 * a device seen in five batches is upserted once, not five times. Pure, and run
 * on the writer thread: the parser thread is the bottleneck (performance.md 4).
 */
export class RollupFolder {
  private minutes = new Map<number | string, number[]>();
  private devices = new Map<number, number[]>();
  private days = new Map<number, number[]>();
  private groups = new Map<number, Map<number | string, number[]>>();
  private readonly parts = new Array<number>(breakdownParts.length);

  add(rows: Float64Array, count: number): void {
    const { minutes, devices, days, groups, parts } = this;
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
      // Packed inline (no array per row); huge ids fall back to a string key.
      const minuteKey = server < 256 && type < 16_384 ? ((minute * 4 + cls) * 256 + server) * 16_384 + type : `${minute},${cls},${server},${type}`;
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
      const dayKey = device * 65536 + day; // day numbers stay below 2^16 until 2149
      const ping = kind === commandKinds.ping ? 1 : 0;
      const sync = kind === commandKinds.sync ? 1 : 0;
      const dd = days.get(dayKey);
      if (dd) { dd[2]!++; dd[3]! += ping; dd[4]! += sync; dd[5]! += failed; } else days.set(dayKey, [device, day, 1, ping, sync, failed]);

      for (let i = 0; i < breakdownParts.length; i++) parts[i] = rows[at + col[breakdownParts[i]!]] || 0;
      let perDevice = groups.get(device);
      if (!perDevice) { perDevice = new Map(); groups.set(device, perDevice); }
      const partsKey = packKey(parts, partsRadix);
      const g = perDevice.get(partsKey);
      if (g === undefined) {
        perDevice.set(partsKey, [device, ...parts, 1, ts, ts, protocol]);
      } else {
        g[8]!++;
        if (ts < g[9]!) g[9] = ts;
        if (ts > g[10]!) g[10] = ts;
        if (Number.isNaN(g[11]!) || protocol > g[11]!) g[11] = protocol;
      }
    }
  }

  /** The rollups folded since the last drain; the folder starts empty again. */
  drain(): Rollups {
    const rollups = {
      minuteStats: [...this.minutes.values()],
      deviceStats: [...this.devices.values()],
      deviceDays: [...this.days.values()],
      breakdown: [...this.groups.values()].flatMap((perDevice) => [...perDevice.values()]),
    };
    this.minutes = new Map();
    this.devices = new Map();
    this.days = new Map();
    this.groups = new Map();
    return rollups;
  }
}
