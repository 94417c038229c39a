import type { ReportDevice, ReportModel } from './report-model.js';
import { stripControls } from './report-text.js';
import { toCsv } from './to-csv.js';

/** The `report --format csv` columns, in contract order. */
export const csvColumns = [
  'user',
  'deviceId',
  'deviceType',
  'userAgent',
  'verdict',
  'reason',
  'recommendation',
  'requests',
  'direct',
  'proxy',
  'redirect',
  'servers',
  'proxyTargets',
  'firstSeen',
  'lastSeen',
  'lastSuccess',
] as const;

type CsvRow = Record<(typeof csvColumns)[number], string | number>;

/**
 * Renders one row per device. Lists are joined with `; `. Text cells are made one
 * line here (control characters removed, tabs and line breaks become a space), so
 * no line of the file can start inside a cell, even for a reader that splits on
 * newlines; formula neutralising and quoting are toCsv's.
 */
export function renderCsv(model: ReportModel): string {
  return toCsv(model.devices.map(toRow), [...csvColumns]);
}

function toRow(d: ReportDevice): CsvRow {
  const text = (s: string): string => stripControls(s);
  return {
    user: text(d.user),
    deviceId: text(d.deviceId),
    deviceType: text(d.deviceType),
    userAgent: text(d.userAgent),
    verdict: d.verdict,
    reason: text(d.reason),
    recommendation: text(d.recommendation),
    requests: d.requests,
    direct: d.classes.direct,
    proxy: d.classes.proxy,
    redirect: d.classes.redirect,
    servers: d.servers.map(text).join('; '),
    proxyTargets: d.proxyTargets.map(text).join('; '),
    firstSeen: d.firstSeen,
    lastSeen: d.lastSeen,
    lastSuccess: d.lastSuccess ?? '',
  };
}
