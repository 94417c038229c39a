import { sanitizeForTerminal } from '../text/sanitize-terminal.js';
import type { DeviceTimeline, DeviceTimelineDevice, TimelineEntry } from './device-timeline.js';
import { formatUtc } from './report-text.js';
import { wrapText } from './wrap-text.js';

/**
 * Renders a device timeline as plain text for a terminal or a ticket: a header per
 * device, one line per run of identical requests ("×N" when collapsed), pauses
 * between sessions, then the verdict with its reason and fix. Log-sourced strings
 * pass through sanitizeForTerminal, so a user agent cannot move the cursor or
 * rewrite the clipboard.
 */
export function renderDeviceTimeline(timeline: DeviceTimeline, options: { width?: number } = {}): string {
  const width = Math.max(60, options.width ?? 100);
  const out: string[] = [];
  if (timeline.matchedBy === 'user') {
    const n = timeline.devices.length;
    out.push(`User ${clean(timeline.key)}: ${n} ${n === 1 ? 'device' : 'devices'}`, '');
  }
  timeline.devices.forEach((device, i) => {
    if (i > 0) out.push('', '─'.repeat(72), '');
    out.push(...renderDevice(device, width));
  });
  return out.join('\n') + '\n';
}

function renderDevice(d: DeviceTimelineDevice, width: number): string[] {
  const out = [
    `${clean(d.user)} · ${clean(d.deviceId)} · ${clean(d.deviceType)}`,
    `  user agent    ${clean(d.userAgent)}`,
    `  seen          ${formatUtc(d.firstSeen)} → ${formatUtc(d.lastSeen)} UTC, ${d.requests.toLocaleString('en-US')} ${d.requests === 1 ? 'request' : 'requests'} on ${d.servers.map(clean).join(', ')}`,
    `  last success  ${d.lastSuccess === null ? 'never' : `${formatUtc(d.lastSuccess)} UTC`}`,
    '',
  ];
  if (d.omittedEntries > 0) out.push(`  … ${d.omittedEntries} earlier entries not shown (--limit 0 shows all)`);
  out.push(...entryTable(d.entries), '');
  const { verdict, failing, reason, recommendation } = d.diagnosis;
  out.push(`Verdict: ${verdict}${failing ? ' (failing)' : ''}`, ...wrapText('Reason:  ', clean(reason), width));
  if (recommendation !== '') out.push(...wrapText('Fix:     ', clean(recommendation), width));
  return out;
}

function entryTable(entries: TimelineEntry[]): string[] {
  if (entries.length === 0) return ['  (no requests in the window)'];
  const rows = entries.map((e) => ({
    gap: e.gapBefore,
    cells: [
      formatUtc(e.first, { seconds: true }),
      e.count > 1 ? `×${e.count}` : '',
      clean(e.server),
      e.class,
      clean(e.command ?? '-'),
      String(e.status),
      detail(e),
    ],
  }));
  const header = ['time (UTC)', 'count', 'server', 'class', 'command', 'status', 'detail'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
  const line = (cells: string[]): string =>
    ('  ' + cells.map((c, i) => (i === 1 || i === 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')).trimEnd();
  const out = [line(header)];
  for (const r of rows) {
    if (r.gap !== null) out.push(`  ·· ${formatGap(r.gap)} without requests ··`);
    out.push(line(r.cells));
  }
  return out;
}

/** For a run, when it ended; then the Exchange error and where the request went. */
function detail(e: TimelineEntry): string {
  const parts: string[] = [];
  if (e.count > 1) parts.push(`until ${formatUtc(e.last, { seconds: true }).slice(e.first.slice(0, 10) === e.last.slice(0, 10) ? 11 : 0)}`);
  if (e.error !== null && e.error !== '') parts.push(clean(e.error));
  if (e.proxyTarget !== null && e.proxyTarget !== '') parts.push(`proxied to ${clean(e.proxyTarget)}`);
  if (e.redirectTarget !== null && e.redirectTarget !== '') parts.push(`redirected to ${clean(e.redirectTarget)}`);
  return parts.join('  ');
}

function formatGap(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  return `${minutes} min`;
}

/** One line of log text, safe for a terminal (a line break shows as \n). */
function clean(text: string): string {
  return sanitizeForTerminal(text);
}
