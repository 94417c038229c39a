import { memo } from 'react';
import { Box, Text } from 'ink';
import type { IngestProgress } from '../dashboard-source.js';
import { baseName, formatBytes, formatCount, formatDuration } from '../format-cells.js';
import { sanitizeForTerminal } from '../../text/sanitize-terminal.js';

export interface ProgressViewProps {
  progress: IngestProgress;
  /** Folders being ingested. */
  paths: string[];
  width: number;
}

/** `[█████░░░░░]` of `width` cells for `done` out of `total`. */
export function renderBar(done: number, total: number, width: number): string {
  const inner = Math.max(0, width - 2);
  const filled = total > 0 ? Math.min(inner, Math.round((done / total) * inner)) : 0;
  return `[${'█'.repeat(filled)}${'░'.repeat(inner - filled)}]`;
}

/** The first ingest: files, bytes and lines done, speed and time left. */
function ProgressViewComponent({ progress, paths, width }: ProgressViewProps) {
  const share = progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : 0;
  const bytesPerSecond =
    progress.lines > 0 && progress.linesPerSecond > 0 ? (progress.bytesDone / progress.lines) * progress.linesPerSecond : 0;
  const eta = bytesPerSecond > 0 ? (progress.bytesTotal - progress.bytesDone) / bytesPerSecond : null;
  const what = paths.length === 1 ? (paths[0] ?? '') : `${paths.length} folders`;
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <Text bold wrap="truncate-end">
        Reading {sanitizeForTerminal(what)} before following it…
      </Text>
      <Text> </Text>
      <Text wrap="truncate-end">
        file {progress.filesDone}/{progress.filesTotal}{' '}
        {progress.currentFile ? sanitizeForTerminal(baseName(progress.currentFile)) : ''}
      </Text>
      <Text>
        {renderBar(progress.bytesDone, progress.bytesTotal, Math.max(10, width - 12))} {Math.floor(share * 100)}%
      </Text>
      <Text wrap="truncate-end">
        {formatBytes(progress.bytesDone)} of {formatBytes(progress.bytesTotal)} · {formatCount(progress.lines)} lines ·{' '}
        {formatCount(Math.round(progress.linesPerSecond))} lines/s{eta !== null ? ` · about ${formatDuration(eta)} left` : ''}
      </Text>
      <Text> </Text>
      <Text dimColor>q quits (what is read so far stays in the database)</Text>
    </Box>
  );
}

export const ProgressView = memo(ProgressViewComponent);
