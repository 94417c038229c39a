import { memo } from 'react';
import { Box, Text } from 'ink';
import type { FollowState } from '../dashboard-source.js';
import { formatClock, formatCount } from '../format-cells.js';
import { sanitizeForTerminal } from '../../text/sanitize-terminal.js';

export interface StatusLineProps {
  follow: FollowState;
  /** A notice from the last action (export written, sorted by…), shown at the right. */
  message: string | null;
  /** The last failed read of the data source, if the last read failed. */
  readError: string | null;
  width: number;
}

const phaseLabel: Record<FollowState['phase'], string> = {
  ingesting: '◌ ingesting',
  following: '● following',
  paused: '⏸ PAUSED (p resumes)',
  stopped: '■ stopped',
};

/** The follow state in words: phase, what arrived last, or the first problem. */
export function describeFollow(follow: FollowState): { text: string; problem: boolean } {
  const phase = phaseLabel[follow.phase];
  const first = follow.errors[0];
  if (first) {
    const more = follow.errors.length > 1 ? ` (+${follow.errors.length - 1} more)` : '';
    return { text: `${phase} · ⚠ ${first.path}: ${first.message}${more}`, problem: true };
  }
  const what = follow.paths.length === 1 ? (follow.paths[0] ?? '') : `${follow.paths.length} folders`;
  const news =
    follow.lastNewAt !== null ? ` · +${formatCount(follow.lastNewLines)} line${follow.lastNewLines === 1 ? '' : 's'} at ${formatClock(follow.lastNewAt)}` : '';
  // Files that are not logs (a readme, notes) are skipped every pass: worth a count, not an alarm.
  const skipped = follow.warnings.filter((w) => w.startsWith('skipped ')).length;
  const problems = follow.warnings.filter((w) => !w.startsWith('skipped '));
  const last = problems[problems.length - 1];
  const others = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
  const warn = last !== undefined ? ` · ⚠ ${last}${others}` : '';
  const skips = skipped > 0 ? ` · ${skipped} non-log file${skipped === 1 ? '' : 's'} skipped` : '';
  return { text: `${phase} ${what}${news}${warn}${skips}`, problem: last !== undefined };
}

/** The bottom line: follow state on the left, the last notice or key hints on the right. */
function StatusLineComponent({ follow, message, readError, width }: StatusLineProps) {
  const { text, problem } = describeFollow(follow);
  const right = readError ? `read error: ${readError}` : (message ?? '? help · q quit');
  const rightText = sanitizeForTerminal(right);
  // A notice (the export's file name) may take all but a glimpse of the follow state; key hints half at most.
  const notice = readError !== null || message !== null;
  const rightWidth = Math.min(Array.from(rightText).length, notice ? width - 14 : Math.floor(width / 2));
  return (
    <Box width={width} height={1}>
      <Box flexGrow={1} flexShrink={1} overflow="hidden">
        <Text color={problem ? 'yellow' : undefined} wrap="truncate-end">
          {sanitizeForTerminal(text)}
        </Text>
      </Box>
      <Box width={rightWidth + 1} flexShrink={0} justifyContent="flex-end">
        <Text color={readError ? 'red' : message ? 'cyan' : undefined} dimColor={!readError && !message} wrap="truncate-start">
          {rightText}
        </Text>
      </Box>
    </Box>
  );
}

export const StatusLine = memo(StatusLineComponent);
