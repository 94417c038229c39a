import type { NewEntry } from './dictionary.js';

/** Columns of one encoded request row, in `requests` insert order. */
export const rowColumns = [
  'ts', 'server_id', 'device_id', 'class', 'hop', 'outcome', 'anonymous', 'command_id',
  'status', 'substatus', 'win32', 'time_taken', 'user_agent_id', 'client_ip_id',
  'proxy_target_id', 'redirect_target_id', 'error_id', 'protocol', 'heartbeat',
] as const;
export const rowWidth = rowColumns.length;

/** A device first seen in this batch, or one whose type/user agent changed. */
export interface DeviceRow {
  id: number;
  userId: number;
  deviceKey: string;
  deviceTypeId: number;
  userAgentId: number | null;
}

export interface RejectRow {
  lineNo: number;
  reason: string;
  sample: string;
}

/**
 * What one transaction writes: the rows of a stretch of one file, the strings
 * and devices they introduce, rollup increments and the file position after
 * them. Plain data, so it can cross a worker boundary.
 */
export interface Batch {
  fileId: number;
  /** `rowWidth` numbers per request; NaN stands for NULL. Transferred, not copied, from the parser thread. */
  rows: Float64Array;
  rowCount: number;
  newEntries: NewEntry[];
  newDevices: DeviceRow[];
  changedDevices: DeviceRow[];
  /** [minute, server_id, class, device_type_id, requests, failures] */
  minuteStats: number[][];
  /** [device_id, requests, direct, proxy, redirect, ok, failures, first_ts, last_ts, last_ok_ts|NaN, last_server_id] */
  deviceStats: number[][];
  /** [device_id, day, requests, pings, syncs, failures] */
  deviceDays: number[][];
  /** [day, server_id, protocol, requests] */
  otherTraffic: [number, number, string, number][];
  /** server ids → s-ip seen */
  serverIps: [number, string][];
  rejects: RejectRow[];
  /** File position after this batch: only complete lines are covered. */
  end: { offset: number; lineNo: number; fields: string | null; date: string | null };
  counts: { lines: number; rejected: number; direct: number; proxy: number; redirect: number; other: number };
}
