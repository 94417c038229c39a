/**
 * Writes IIS W3C extended log text: the directive block and one entry per
 * request, in the column order of the `#Fields` layout (domain.md 1.1). Line
 * ends are added by the caller (CRLF, as IIS writes them).
 */
import { msPerDay } from './options.js';
import { servers, type ServerName } from './scenario.js';

/** One logged request, whatever the layout will show of it. */
export interface LogRecord {
  /** Completion time, epoch ms (IIS logs whole seconds). */
  ms: number;
  server: ServerName;
  method: string;
  stem: string;
  /** '-' when empty. */
  query: string;
  port: number;
  /** '-' when anonymous. */
  username: string;
  clientIp: string;
  /** Spaces already written as '+'; '-' when none. */
  userAgent: string;
  status: number;
  substatus: number;
  win32: number;
  timeTaken: number;
  host: string;
  scBytes: number;
  csBytes: number;
  /** The newest line of the file, cut mid-line (HTTP.sys had not flushed the rest). */
  torn?: boolean;
}

/** IIS 7/7.5 default fields (layout A). */
export const defaultFields = [
  'date', 'time', 's-ip', 'cs-method', 'cs-uri-stem', 'cs-uri-query', 's-port', 'cs-username', 'c-ip',
  'cs(User-Agent)', 'sc-status', 'sc-substatus', 'sc-win32-status', 'time-taken',
] as const;

/** Layout A plus s-computername, cs-host, sc-bytes and cs-bytes, in IIS's fixed order. */
export const extendedFields = [
  'date', 'time', 's-computername', 's-ip', 'cs-method', 'cs-uri-stem', 'cs-uri-query', 's-port', 'cs-username',
  'c-ip', 'cs(User-Agent)', 'cs-host', 'sc-status', 'sc-substatus', 'sc-win32-status', 'sc-bytes', 'cs-bytes',
  'time-taken',
] as const;

export type FieldName = (typeof extendedFields)[number];

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

let cachedDay = Number.NaN;
let cachedDate = '';

/** YYYY-MM-DD of an epoch ms, UTC. Remembers the last day: the benchmark log formats a million lines. */
export function utcDate(ms: number): string {
  const day = Math.floor(ms / msPerDay);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * msPerDay).toISOString().slice(0, 10);
  }
  return cachedDate;
}

let cachedSecond = Number.NaN;
let cachedTime = '';

/** HH:MM:SS of an epoch ms, UTC (truncated to the second, as IIS does). Remembers the last second. */
export function utcTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    const s = ((second % 86_400) + 86_400) % 86_400;
    cachedTime = `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`;
  }
  return cachedTime;
}

/** YYMMDD, as in u_exYYMMDD.log. */
export function fileDay(ms: number): string {
  return utcDate(ms).slice(2).replace(/-/g, '');
}

const fieldWriters: Readonly<Record<FieldName, (r: LogRecord) => string>> = {
  date: (r) => utcDate(r.ms),
  time: (r) => utcTime(r.ms),
  's-computername': (r) => r.server,
  's-ip': (r) => servers[r.server].ip,
  'cs-method': (r) => r.method,
  'cs-uri-stem': (r) => r.stem,
  'cs-uri-query': (r) => r.query,
  's-port': (r) => String(r.port),
  'cs-username': (r) => r.username,
  'c-ip': (r) => r.clientIp,
  'cs(User-Agent)': (r) => r.userAgent,
  'cs-host': (r) => r.host,
  'sc-status': (r) => String(r.status),
  'sc-substatus': (r) => String(r.substatus),
  'sc-win32-status': (r) => String(r.win32),
  'sc-bytes': (r) => String(r.scBytes),
  'cs-bytes': (r) => String(r.csBytes),
  'time-taken': (r) => String(r.timeTaken),
};

/** The fields a server logs. */
export function fieldsOf(server: ServerName): readonly FieldName[] {
  return servers[server].extendedFields ? extendedFields : defaultFields;
}

type FieldWriter = (r: LogRecord) => string;
const writersByLayout = new WeakMap<readonly FieldName[], readonly FieldWriter[]>();

/** One entry line, without its line end. The writers of a layout are looked up once, not per field. */
export function formatEntry(fields: readonly FieldName[], record: LogRecord): string {
  let writers = writersByLayout.get(fields);
  if (writers === undefined) {
    writers = fields.map((field) => fieldWriters[field]);
    writersByLayout.set(fields, writers);
  }
  let line = (writers[0] as FieldWriter)(record);
  for (let i = 1; i < writers.length; i++) line += ' ' + (writers[i] as FieldWriter)(record);
  return line;
}

/** The directive block IIS writes at the top of a file and again after a restart or idle time. */
export function formatHeader(software: string, ms: number, fields: readonly FieldName[]): string[] {
  return [
    `#Software: ${software}`,
    '#Version: 1.0',
    `#Date: ${utcDate(ms)} ${utcTime(ms)}`,
    `#Fields: ${fields.join(' ')}`,
  ];
}
