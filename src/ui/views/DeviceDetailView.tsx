import { memo } from 'react';
import { Box, Text } from 'ink';
import type { DeviceDetail } from '../dashboard-source.js';
import { fitCell } from '../components/DataTable.js';
import { formatCount, formatDataTime, wrapWords } from '../format-cells.js';
import { sanitizeForTerminal } from '../../text/sanitize-terminal.js';

export interface DeviceDetailViewProps {
  /** Null while loading or when the device is gone. */
  detail: DeviceDetail | null;
  /** First scrollable line shown. */
  scroll: number;
  width: number;
  height: number;
}

/** One drawn line of the scrollable part. */
export interface DetailLine {
  text: string;
  tone?: 'heading' | 'dim' | 'failing' | 'ok';
}

/** Lines of the fixed head: who, which device, verdict and counts. */
const headLines = 3;

/** Columns of the timeline rows (time, server, class, status, command, detail). */
function timelineRow(cells: string[], width: number): string {
  const fixed = [20, 12, 8, 6, 5, 14];
  const rest = Math.max(8, width - fixed.reduce((a, b) => a + b, 0) - fixed.length);
  return [...fixed, rest].map((w, i) => fitCell(cells[i] ?? '', w, i === 3 || i === 4 ? 'right' : 'left')).join(' ');
}

/**
 * The scrollable part of the drill-down as lines at `width`: the full reason and
 * recommendation, word-wrapped, then the timeline. Log text is sanitized here.
 */
export function detailLines(detail: DeviceDetail, width: number): DetailLine[] {
  const clean = (text: string): string => sanitizeForTerminal(text);
  const lines: DetailLine[] = [{ text: 'Reason', tone: 'heading' }];
  for (const line of wrapWords(clean(detail.reason), width - 2)) lines.push({ text: `  ${line}` });
  lines.push({ text: 'Recommendation', tone: 'heading' });
  for (const line of wrapWords(clean(detail.recommendation), width - 2)) lines.push({ text: `  ${line}` });
  lines.push({ text: '' });
  const requests = detail.timeline.reduce((sum, e) => sum + e.count, 0);
  lines.push({ text: `Timeline: the last ${requests} requests, newest first (repeats collapsed)`, tone: 'heading' });
  lines.push({ text: timelineRow(['Last (UTC)', 'Server', 'Class', 'Status', 'Count', 'Command', 'Target / error'], width), tone: 'dim' });
  for (const entry of detail.timeline) {
    const count = entry.count > 1 ? `×${entry.count}` : '';
    const cells = [formatDataTime(entry.ts), entry.server, entry.requestClass, String(entry.status), count, entry.command, entry.detail];
    lines.push({ text: timelineRow(cells.map(clean), width), tone: entry.status >= 400 ? 'failing' : undefined });
  }
  return lines;
}

/** How many lines the scrollable part has room for at `height`. */
export function detailVisibleLines(height: number): number {
  return Math.max(1, height - headLines - 1);
}

/** The drill-down of one device: identity, verdict, full reason and fix, timeline. */
function DeviceDetailViewComponent({ detail, scroll, width, height }: DeviceDetailViewProps) {
  if (detail === null) {
    return (
      <Box width={width} height={height}>
        <Text dimColor>device not found (Esc goes back)</Text>
      </Box>
    );
  }
  const clean = (text: string): string => sanitizeForTerminal(text);
  const lines = detailLines(detail, width);
  const visible = detailVisibleLines(height);
  const first = Math.max(0, Math.min(scroll, lines.length - visible));
  const c = detail.classes;
  const more = lines.length > visible ? ` · lines ${first + 1}-${Math.min(lines.length, first + visible)} of ${lines.length} (↑↓)` : '';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        {clean(detail.user)} · {clean(detail.deviceType)} · {clean(detail.deviceId)}{' '}
        <Text dimColor>{clean(detail.userAgent)}</Text>
      </Text>
      <Text wrap="truncate-end">
        <Text color={detail.failing ? 'red' : 'green'} bold>
          {clean(detail.verdict)}
        </Text>
        {' · '}
        {formatCount(detail.requests)} requests: redirect {formatCount(c.redirect)} · proxy {formatCount(c.proxy)} · direct{' '}
        {formatCount(c.direct)}
      </Text>
      <Text wrap="truncate-end" dimColor>
        seen {formatDataTime(detail.firstSeen)} → {formatDataTime(detail.lastSeen)} · last success{' '}
        {detail.lastSuccess === null ? 'never' : formatDataTime(detail.lastSuccess)} · {clean(detail.servers.join(', '))}
      </Text>
      <Text dimColor wrap="truncate-end">
        Esc back{more}
      </Text>
      {lines.slice(first, first + visible).map((line, i) => (
        <Text
          key={first + i}
          wrap="truncate-end"
          bold={line.tone === 'heading'}
          dimColor={line.tone === 'dim'}
          color={line.tone === 'failing' ? 'red' : undefined}
        >
          {line.text === '' ? ' ' : line.text}
        </Text>
      ))}
    </Box>
  );
}

export const DeviceDetailView = memo(DeviceDetailViewComponent);
