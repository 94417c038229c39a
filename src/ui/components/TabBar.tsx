import { memo } from 'react';
import { Box, Text } from 'ink';
import { views, type ViewId } from '../ui-state.js';
import { formatDataTime } from '../format-cells.js';

export interface TabBarProps {
  active: ViewId;
  /** The data's "now" (newest timestamp ingested), null before any data. */
  now: number | null;
  width: number;
}

const shortTitles: Record<ViewId, string> = {
  overview: 'Overview',
  failing: 'Failing',
  servers: 'Servers',
  rejects: 'Rejects',
};

/** The top line: view tabs with their number keys, and the data's "now" at the right. */
function TabBarComponent({ active, now, width }: TabBarProps) {
  const wide = width >= 110;
  const clock = `now ${formatDataTime(now)}`;
  return (
    <Box width={width} height={1}>
      {wide ? (
        <Text bold color="cyan">
          ActiveSync Doctor{' '}
        </Text>
      ) : null}
      {views.map((view) => (
        <Text key={view.id} inverse={view.id === active} bold={view.id === active}>
          {' '}
          {view.key} {wide ? view.title : shortTitles[view.id]}{' '}
        </Text>
      ))}
      <Box flexGrow={1} justifyContent="flex-end">
        <Text dimColor={now === null}>{clock}</Text>
      </Box>
    </Box>
  );
}

export const TabBar = memo(TabBarComponent);
