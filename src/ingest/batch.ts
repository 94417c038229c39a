import type { NewEntry } from './dictionary.js';

/** status + 1000 substatus + 1000000 win32: statuses and substatuses have three digits. */
export const packCodes = (status: number, substatus: number, win32: number): number => status + 1000 * substatus + 1_000_000 * win32;

/** `flags` with a command id (NaN: none) in its bits from 7 up. */
export const withCommand = (flags: number, commandId: number): number => (commandId > 0 ? flags + 128 * commandId : flags);

/**
 * `flags` packs class, hop and outcome into one stored column: every bound
 * column costs the writer ~0.07 s per million rows. The schema reads them back
 * as virtual columns of those names (src/store/migrations/002-packed-flags.sql, 003).
 */
export const packFlags = (cls: number, hop: number, outcome: number): number => cls | (hop << 2) | (outcome << 3);
export const flagClass = (flags: number): number => flags & 3;
export const flagHop = (flags: number): number => (flags >> 2) & 1;
export const flagOutcome = (flags: number): number => (flags >> 3) & 15;

/**
 * A row as the parser hands it over: the request's columns (which the writer
 * packs into storedColumns), then what only the rollups need, then what the
 * writer needs to complete the row. The parser leaves class, outcome, the
 * `Log=` targets, error, heartbeat (and the protocol version the tokens give)
 * to the writer thread (see complete-rows.ts); `flags` carries only the hop it
 * knows of.
 */
export const batchColumns = [
  'ts', 'server_id', 'device_id', 'flags', 'command_id',
  'status', 'substatus', 'win32', 'time_taken', 'user_agent_id', 'client_ip_id',
  'proxy_target_id', 'redirect_target_id', 'error_id', 'protocol', 'heartbeat',
  'device_type_id', 'command_kind', 'anonymous', 'log_length',
] as const;
export type BatchColumn = (typeof batchColumns)[number];
export const rowWidth = batchColumns.length;
/** Offsets of each column in a row. */
export const col = Object.fromEntries(batchColumns.map((c, i) => [c, i])) as Record<BatchColumn, number>;

/** The batch columns `requests` stores as they are. */
export const copiedColumns = [
  'ts', 'server_id', 'device_id', 'time_taken', 'user_agent_id', 'client_ip_id',
  'proxy_target_id', 'redirect_target_id', 'error_id', 'protocol', 'heartbeat',
] as const satisfies readonly BatchColumn[];

/**
 * What `requests` stores of a row, in insert order: `flags` with command_id
 * in it (withCommand), `codes` packing status, substatus and win32
 * (packCodes), then the copied columns (migration 003: the schema reads the
 * packed ones back by name as virtual columns).
 */
export const storedColumns = ['flags', 'codes', ...copiedColumns] as const;

/** `command_kind`: the commands the per-day rollup counts, and Provision, which classification tells from a sync. */
export const commandKinds = { other: 0, ping: 1, sync: 2, provision: 3 } as const;

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
  /**
   * The `Log=` values of the rows that have one, back to back in row order, in
   * pieces (log-pieces.ts); a row's `log_length` says how long its value is
   * (-1 when it has none).
   */
  logs: string[];
  rowCount: number;
  newEntries: NewEntry[];
  newDevices: DeviceRow[];
  changedDevices: DeviceRow[];
  /** [day, server_id, protocol, requests] */
  otherTraffic: [number, number, string, number][];
  /** The CAS of this stretch of the file (the last server a line named), 0 when no line named one. */
  serverId: number;
  /** server ids → s-ip seen */
  serverIps: [number, string][];
  rejects: RejectRow[];
  /** File position after this batch: only complete lines are covered. */
  end: { offset: number; lineNo: number; fields: string | null; date: string | null };
  /** `notUtf8`: lines read as Latin-1 because they were not UTF-8 (counted in `lines` as any other). */
  counts: { lines: number; rejected: number; direct: number; proxy: number; redirect: number; other: number; notUtf8: number };
}
