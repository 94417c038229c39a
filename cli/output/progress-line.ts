import type { IngestProgress } from '../../src/ingest/ingest-summary.js';
import { formatBytes, formatCount, formatDuration } from '../../src/text/format-numbers.js';

const barWidth = 24;

/** One line: bar, files, bytes, lines/s and ETA, redrawn in place on a terminal. */
export function formatProgress(p: IngestProgress, elapsedMs: number): string {
  const share = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
  const filled = Math.round(share * barWidth);
  const bar = '█'.repeat(filled) + '░'.repeat(barWidth - filled);
  const rate = share > 0 ? elapsedMs / share : 0;
  const eta = share > 0 && share < 1 ? ` ETA ${formatDuration(rate - elapsedMs)}` : '';
  return `${bar} ${(share * 100).toFixed(0).padStart(3)}%  files ${p.filesDone}/${p.filesTotal}  ` +
    `${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}  ${formatCount(p.lines)} lines  ${formatCount(p.linesPerSecond)} lines/s${eta}`;
}

/** Draws progress on stderr at most every 100 ms, only when stderr is a terminal. */
export function createProgressLine(stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  let last = 0;
  let drawn = false;
  return {
    update(p: IngestProgress): void {
      if (!stream.isTTY) return;
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      // A terminal of unknown size (a pty nobody sized) reports 0 columns.
      const text = formatProgress(p, now - started).slice(0, Math.max(20, (stream.columns || 100) - 1));
      stream.write(`\r\x1b[2K${text}`);
      drawn = true;
    },
    clear(): void {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
