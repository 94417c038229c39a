import type { IngestResult } from '../../src/ingest/ingest-summary.js';
import { formatCount, formatDuration } from '../../src/text/format-numbers.js';

/** The human summary of an ingest run. */
export function formatSummary(s: IngestResult, dbPath: string): string {
  const lines = [
    `Ingested into ${dbPath} in ${formatDuration(s.elapsedMs)} (${formatCount(s.linesPerSecond)} lines/s)`,
    `  files      ${formatCount(s.files)} log files${s.skippedFiles ? `, ${formatCount(s.skippedFiles)} skipped (see warnings above)` : ''}`,
    `  lines      ${formatCount(s.lines)} read: ${formatCount(s.ingested)} ingested, ${formatCount(s.rejected)} rejected`,
    `  ActiveSync ${formatCount(s.activesync.direct)} direct, ${formatCount(s.activesync.proxy)} proxied, ${formatCount(s.activesync.redirect)} redirected (451)`,
    `  other      ${formatCount(s.other)} OWA/EWS/Autodiscover/RPC/probe requests`,
  ];
  if (s.rejected > 0) lines.push(`  ${formatCount(s.rejected)} malformed lines were kept in the rejects table: activesync-doctor query rejected-lines`);
  if (s.notUtf8Lines > 0) {
    const were = s.notUtf8Lines === 1 ? 'line was' : 'lines were';
    lines.push(`  ${formatCount(s.notUtf8Lines)} ${were} not UTF-8 and read as Latin-1: names in them may come from another code page`);
  }
  if (s.lines === 0) lines.push('  nothing new: every file is already ingested up to its last complete line');
  return lines.join('\n');
}
