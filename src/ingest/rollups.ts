import { failureOutcomes, outcomes } from '../activesync/request-class.js';
import { col, commandKinds, flagClass, flagHop, flagOutcome, rowWidth } from './batch.js';

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
const noGroup: number[] = [];

/** What one device has folded since the last drain. */
interface DeviceFold {
  /** Its deviceStats row. */
  stats: number[];
  /** Its deviceDays row of the day seen last (rows come in time order: the day rarely changes). */
  day: number[];
  /** Its breakdown rows by packed key, and the last one hit (a device repeats the same answer). */
  groups: Map<number | string, number[]>;
  lastKey: number | string;
  lastGroup: number[];
}

/**
 * A breakdown group's key: server, class, outcome, status and the three target
 * ids packed into one exact double (46 bits) when each fits, else a string.
 * Building a string for every row cost the writer more than its inserts.
 */
function groupKey(server: number, cls: number, outcome: number, status: number, proxy: number, redirect: number, error: number): number | string {
  if (server < 64 && status < 1024 && proxy < 256 && redirect < 256 && error < 256) {
    return ((((((server * 4 + cls) * 16 + outcome) * 1024 + status) * 256 + proxy) * 256 + redirect) * 256) + error;
  }
  return `${server},${cls},${outcome},${status},${proxy},${redirect},${error}`;
}

/**
 * Folds client-facing rows (hop = 0) into the rollups the dashboard and the
 * report read, across as many batches as the writer puts in one transaction:
 * a device seen in five batches is upserted once, not five times. Pure, and run
 * on the writer thread: the parser thread is the bottleneck (performance.md 4).
 * Rows come in time order, so the minute, the day and a device's answer mostly
 * repeat the previous row's; those are checked before any look-up.
 */
export class RollupFolder {
  private devices = new Map<number, DeviceFold>();
  /** minute → (class, server, device type) → its minuteStats row. */
  private minutes = new Map<number, Map<number | string, number[]>>();
  private lastMinute = Number.NaN;
  private minuteRows = new Map<number | string, number[]>();
  /** Every deviceDays row started since the last drain. */
  private dayRows: number[][] = [];

  add(rows: Float64Array, count: number): void {
    for (let r = 0; r < count; r++) this.addRow(rows, r * rowWidth);
  }

  /**
   * Folds the row at `at`. A method of its own, not the loop's body: when V8
   * re-optimises it (its feedback changes a few times per run), it recompiles
   * this alone, not the loop around it both on the stack and off it.
   */
  private addRow(rows: Float64Array, at: number): void {
    const flags = rows[at + col.flags]!;
    if (flagHop(flags) === 1) return; // counted once, on the CAS the device talked to
    const ts = rows[at + col.ts]!;
    const server = rows[at + col.server_id]!;
    const device = rows[at + col.device_id]!;
    const cls = flagClass(flags);
    const outcome = flagOutcome(flags);
    const failed = isFailure[outcome] ?? 0;
    const type = rows[at + col.device_type_id]!;
    const protocol = rows[at + col.protocol]!;

    const minute = Math.floor(ts / 60);
    if (minute !== this.lastMinute) {
      this.lastMinute = minute;
      this.minuteRows = this.minutes.get(minute) ?? new Map();
      this.minutes.set(minute, this.minuteRows);
    }
    const minuteKey = server < 256 && type < 65_536 ? (type * 256 + server) * 4 + cls : `${cls},${server},${type}`;
    const m = this.minuteRows.get(minuteKey);
    if (m) { m[4]!++; m[5]! += failed; } else this.minuteRows.set(minuteKey, [minute, server, cls, type, 1, failed]);

    const day = Math.floor(ts / 86400);
    let fold = this.devices.get(device);
    if (fold === undefined) {
      fold = { stats: [device, 0, 0, 0, 0, 0, 0, ts, ts, Number.NaN, server], day: [device, day, 0, 0, 0, 0], groups: new Map(), lastKey: Number.NaN, lastGroup: noGroup };
      this.devices.set(device, fold);
      this.dayRows.push(fold.day);
    }
    const d = fold.stats;
    d[1]!++;
    d[classSlot[cls]!]!++;
    d[6]! += failed;
    if (ts < d[7]!) d[7] = ts;
    if (ts >= d[8]!) { d[8] = ts; d[10] = server; }
    if (outcome === okOutcome) { d[5]!++; if (!(d[9]! >= ts)) d[9] = ts; }

    // Another day starts a row of its own; a day seen again later (a file read late) gets a second row, and the upserts add up.
    if (fold.day[1] !== day) this.dayRows.push((fold.day = [device, day, 0, 0, 0, 0]));
    const kind = rows[at + col.command_kind]!;
    const dd = fold.day;
    dd[2]!++;
    if (kind === commandKinds.ping) dd[3]!++;
    else if (kind === commandKinds.sync) dd[4]!++;
    dd[5]! += failed;

    const status = rows[at + col.status]!;
    const proxy = rows[at + col.proxy_target_id]! || 0;
    const redirect = rows[at + col.redirect_target_id]! || 0;
    const error = rows[at + col.error_id]! || 0;
    const key = groupKey(server, cls, outcome, status, proxy, redirect, error);
    let g = key === fold.lastKey ? fold.lastGroup : fold.groups.get(key);
    if (g === undefined) {
      g = [device, server, cls, outcome, status, proxy, redirect, error, 0, ts, ts, protocol];
      fold.groups.set(key, g);
    }
    fold.lastKey = key;
    fold.lastGroup = g;
    g[8]!++;
    if (ts < g[9]!) g[9] = ts;
    if (ts > g[10]!) g[10] = ts;
    if (Number.isNaN(g[11]!) || protocol > g[11]!) g[11] = protocol;
  }

  /** The rollups folded since the last drain; the folder starts empty again. */
  drain(): Rollups {
    const folds = [...this.devices.values()];
    const rollups = {
      minuteStats: [...this.minutes.values()].flatMap((perMinute) => [...perMinute.values()]),
      deviceStats: folds.map((f) => f.stats),
      // Handed out as a copy: a fresh [] would hold small integers until its first row, and that first
      // row made V8 throw away the fold's optimised code after every drain.
      deviceDays: this.dayRows.splice(0),
      breakdown: folds.flatMap((f) => [...f.groups.values()]),
    };
    this.devices = new Map();
    this.minutes = new Map();
    this.lastMinute = Number.NaN;
    return rollups;
  }
}
