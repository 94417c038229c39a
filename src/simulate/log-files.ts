/**
 * Lays the logged requests out as IIS would on disk: one u_exYYMMDD.log per
 * server and UTC day under <SERVER>/W3SVC1/, CRLF line ends, a directive block
 * at the top and again after a restart or 15 idle minutes, the oldest day of
 * one server gzipped, and a torn last line. Pure: records in, bytes out.
 */
import { gzipSync } from 'node:zlib';
import { msPerDay, msPerMinute } from './options.js';
import { servers, type ServerName } from './scenario.js';
import { fieldsOf, fileDay, formatEntry, formatHeader, type LogRecord } from './w3c-format.js';

export interface FileQuirks {
  /** Server whose oldest day is archived as .log.gz. */
  gzipOldestOf: ServerName;
  /** App-pool recycles / iisresets: a new directive block before the next entry. */
  restarts: readonly { server: ServerName; ms: number }[];
}

/** IIS closes an idle log after about 15 minutes and writes a new header when it reopens it (domain.md 1.1). */
const idleHeaderAfterMs = 15 * msPerMinute;

export const logPath = (server: ServerName, dayMs: number, gz: boolean): string =>
  `${server}/W3SVC1/u_ex${fileDay(dayMs)}.log${gz ? '.gz' : ''}`;

/** gzip with a fixed header: mtime 0 (zlib's default) and OS byte 3 (Unix) on every platform. */
export function gzipDeterministic(data: Buffer): Buffer {
  const gz = gzipSync(data, { level: 9 });
  gz[9] = 3;
  return gz;
}

/** The text of one file. A torn record is cut in the middle of its Log= value and left without CRLF. */
function renderFile(server: ServerName, records: LogRecord[], restarts: readonly number[]): string {
  const fields = fieldsOf(server);
  const software = servers[server].software;
  const lines: string[] = [];
  let previous: number | null = null;
  let tornText: string | null = null;
  for (const r of records) {
    const after = previous;
    const restartAt = after === null ? undefined : restarts.find((ms) => ms > after && ms <= r.ms);
    if (after === null || restartAt !== undefined || r.ms - after > idleHeaderAfterMs) {
      lines.push(...formatHeader(software, restartAt ?? r.ms, fields));
    }
    const line = formatEntry(fields, r);
    if (r.torn === true) {
      const log = line.indexOf('&Log=');
      tornText = line.slice(0, log === -1 ? Math.floor(line.length / 2) : log + 17);
    } else {
      lines.push(line);
    }
    previous = r.ms;
  }
  return lines.join('\r\n') + '\r\n' + (tornText ?? '');
}

/** Groups records per server and UTC day and renders every file, keyed by relative path. */
export function buildLogFiles(records: readonly LogRecord[], quirks: FileQuirks): Map<string, Buffer> {
  const groups = new Map<string, { server: ServerName; day: number; records: LogRecord[] }>();
  for (const r of records) {
    const day = Math.floor(r.ms / msPerDay) * msPerDay;
    const key = `${r.server}|${day}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { server: r.server, day, records: [] };
      groups.set(key, group);
    }
    group.records.push(r);
  }
  const ordered = [...groups.values()].sort((a, b) => (a.server === b.server ? a.day - b.day : a.server < b.server ? -1 : 1));
  const oldest = new Map<ServerName, number>();
  for (const g of ordered) if (!oldest.has(g.server)) oldest.set(g.server, g.day);

  const files = new Map<string, Buffer>();
  for (const g of ordered) {
    // Completion order, as IIS writes; the torn line is whatever was being written last.
    g.records.sort((a, b) => a.ms - b.ms || Number(a.torn === true) - Number(b.torn === true));
    const restarts = quirks.restarts.filter((x) => x.server === g.server).map((x) => x.ms);
    const text = Buffer.from(renderFile(g.server, g.records, restarts), 'utf8');
    const gz = g.server === quirks.gzipOldestOf && oldest.get(g.server) === g.day;
    files.set(logPath(g.server, g.day, gz), gz ? gzipDeterministic(text) : text);
  }
  return files;
}
