import { verdicts } from '../diagnose/device-facts.js';
import { sanitizeForTerminal } from '../text/sanitize-terminal.js';
import { formatUtc } from './report-text.js';
import type { Finding, ReportDevice, ReportModel } from './report-model.js';
import { wrapText } from './wrap-text.js';

/** Requests per class, as the overview counts them. */
interface ClassCounts {
  redirect: number;
  proxy: number;
  direct: number;
}

/**
 * The overview part of a snapshot: the dashboard's Overview view in numbers. The
 * dashboard source's OverviewData fits this shape as it is.
 */
export interface SnapshotOverview {
  header: { now: number | null; requests: number; devices: number; failingDevices: number; rejectedLines: number; files: number };
  matrix: { deviceType: string; devices: number; classes: ClassCounts }[];
  servers: { server: string; file: string | null; offset: number; size: number; lastTs: number | null; lagSeconds: number | null }[];
}

export interface SnapshotInput {
  model: ReportModel;
  overview: SnapshotOverview;
  /** What was read to make it (folders or files). */
  paths: string[];
  /** Problems met while reading (missing folders, unreadable files), one line each. */
  problems: string[];
  /** Columns that findings, reasons and fixes wrap to (default 100); a shell command is never broken. */
  width?: number;
}

/** Snapshot width when none is given. */
export const defaultSnapshotWidth = 100;

/** Log text for a plain-text line: escapes shown, never acted on by the terminal. */
const clean = (text: string): string => sanitizeForTerminal(text);
const count = (n: number): string => n.toLocaleString('en-US');
const share = (part: number, whole: number): string => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '0%');
const time = (ts: number | null): string => (ts === null ? '-' : formatUtc(new Date(ts * 1000).toISOString(), { seconds: true }));

/** Columns padded to the widest cell; the first column left-aligned, the rest right-aligned unless `left` says so. */
function columns(rows: string[][], left: (i: number) => boolean = (i) => i === 0): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, Array.from(c).length)));
  return rows.map((row) =>
    row
      .map((c, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - Array.from(c).length);
        return left(i) ? c + pad : pad + c;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** Log-sourced prose after `label`, wrapped to `width` under itself (see wrapText); line breaks kept. */
const wrapped = (label: string, text: string, width: number): string[] =>
  wrapText(label, sanitizeForTerminal(text, { allowNewlines: true }), width);

function overviewSection(input: SnapshotInput): string[] {
  const { header, matrix, servers } = input.overview;
  const totals = matrix.reduce(
    (sum, row) => ({
      redirect: sum.redirect + row.classes.redirect,
      proxy: sum.proxy + row.classes.proxy,
      direct: sum.direct + row.classes.direct,
    }),
    { redirect: 0, proxy: 0, direct: 0 },
  );
  const all = totals.redirect + totals.proxy + totals.direct;
  const out = [
    'OVERVIEW',
    `  ${count(header.requests)} client-facing ActiveSync requests from ${count(header.devices)} devices; ${count(header.failingDevices)} failing; ${count(header.rejectedLines)} rejected lines in ${count(header.files)} files`,
    `  By class: redirect (451) ${count(totals.redirect)} (${share(totals.redirect, all)}) · proxy ${count(totals.proxy)} (${share(totals.proxy, all)}) · direct ${count(totals.direct)} (${share(totals.direct, all)})`,
    '',
  ];
  if (matrix.length > 0) {
    out.push('  Device type × class (requests):');
    const rows = [['Type', 'Devices', 'Redirect', 'Proxy', 'Direct']];
    for (const row of matrix) {
      const sum = row.classes.redirect + row.classes.proxy + row.classes.direct;
      const cell = (n: number): string => `${count(n)} ${share(n, sum).padStart(4)}`;
      rows.push([clean(row.deviceType), count(row.devices), cell(row.classes.redirect), cell(row.classes.proxy), cell(row.classes.direct)]);
    }
    out.push(...columns(rows).map((l) => `    ${l}`), '');
  }
  if (servers.length > 0) {
    out.push('  Servers (last file read, last entry, lag behind the newest entry):');
    const rows = [['Server', 'File', 'Read', 'Last entry', 'Lag']];
    for (const s of servers) {
      rows.push([
        clean(s.server),
        s.file === null ? '-' : clean(s.file),
        s.file === null ? '-' : `${count(s.offset)} of ${count(s.size)} bytes`,
        time(s.lastTs),
        s.lagSeconds === null ? '-' : `${Math.round(s.lagSeconds / 60)} min`,
      ]);
    }
    out.push(...columns(rows, (i) => i < 2).map((l) => `    ${l}`), '');
  }
  return out;
}

function findingLines(finding: Finding, width: number): string[] {
  const out = [`  [${finding.severity}] ${clean(finding.title)}`, ...wrapped('    ', finding.detail, width)];
  if (finding.recommendation !== undefined) out.push(...wrapped('    Fix: ', finding.recommendation, width));
  if (finding.table !== undefined) {
    const rows = [finding.table.columns.map(clean), ...finding.table.rows.map((r) => r.map((c) => clean(String(c))))];
    out.push(...columns(rows).map((l) => `      ${l}`));
  }
  out.push('');
  return out;
}

function deviceLines(device: ReportDevice, width: number): string[] {
  return [
    `  ${clean(device.user)} · ${clean(device.deviceType)} · ${clean(device.deviceId)} — ${device.verdict}`,
    `    ${count(device.requests)} requests (redirect ${count(device.classes.redirect)}, proxy ${count(device.classes.proxy)}, direct ${count(device.classes.direct)}); last seen ${formatUtc(device.lastSeen)}; last success ${formatUtc(device.lastSuccess, { fallback: 'never' })}; servers ${clean(device.servers.join(', ')) || '-'}`,
    ...wrapped('    Reason: ', device.reason, width),
    ...wrapped('    Fix:    ', device.recommendation, width),
    '',
  ];
}

const notALog = /^skipped (.+): not a W3C log/;

/**
 * One line per problem, except that files which are not logs at all (a readme,
 * an expected.json, a picture) are named together on one line: they are not a
 * problem with the logs, only worth knowing about.
 */
function problemLines(problems: readonly string[]): string[] {
  const strays = problems.flatMap((p) => notALog.exec(p)?.[1] ?? []);
  const lines = problems.filter((p) => !notALog.test(p)).map((p) => `Problem: ${clean(p)}`);
  if (strays.length > 0) lines.push(`Skipped ${strays.length} ${strays.length === 1 ? 'file that is' : 'files that are'} not W3C logs: ${strays.map(clean).join(', ')}`);
  return lines;
}

/**
 * The non-interactive dashboard: overview, migration findings with their
 * recommendations, and failing devices (most severe verdicts first) with reasons,
 * as plain text for a pipe, a CI log or `--snapshot`. Times are UTC, data time;
 * every log-sourced string is sanitized so escapes are shown, not executed. Findings,
 * reasons and fixes wrap to `input.width` with a hanging indent, never cut, so a file
 * holds every word and every Exchange command whole.
 */
export function renderSnapshot(input: SnapshotInput): string {
  const { model } = input;
  const width = Math.max(40, input.width ?? defaultSnapshotWidth);
  const out = [
    `ActiveSync Doctor snapshot: data up to ${time(input.overview.header.now)} UTC`,
    `Read: ${input.paths.map(clean).join(', ')}`,
    ...problemLines(input.problems),
    '',
    ...overviewSection(input),
    `MIGRATION FINDINGS (${model.findings.length})`,
  ];
  if (model.findings.length === 0) out.push('  none', '');
  for (const finding of model.findings) out.push(...findingLines(finding, width));

  const failing = model.devices.filter((d) => d.failing);
  const rank = (d: ReportDevice): number => verdicts.indexOf(d.verdict);
  failing.sort((a, b) => rank(a) - rank(b) || a.user.localeCompare(b.user));
  out.push(`FAILING DEVICES (${failing.length} of ${model.summary.devices})`);
  if (failing.length === 0) out.push('  none', '');
  for (const device of failing) out.push(...deviceLines(device, width));
  return out.join('\n').replace(/\n+$/, '\n');
}
