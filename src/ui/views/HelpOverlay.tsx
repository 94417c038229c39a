import { memo } from 'react';
import { Box, Text } from 'ink';
import { keymap } from '../keymap.js';
import { fitCell } from '../components/DataTable.js';

export interface HelpOverlayProps {
  width: number;
  height: number;
}

/** The `?` overlay: every row of the keymap table, in one or two columns. */
function HelpOverlayComponent({ width, height }: HelpOverlayProps) {
  const entries = keymap.map((b) => ({ keys: b.keys.join(' '), help: b.help }));
  const columns = width >= 70 && (entries.length > height - 4 || width >= 100) ? 2 : 1;
  const perColumn = Math.ceil(entries.length / columns);
  const columnWidth = Math.floor((width - 4) / columns);
  const keyWidth = 14;
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" paddingX={1} overflow="hidden">
      <Text bold>
        Keys <Text dimColor>(? Esc or q closes)</Text>
      </Text>
      <Box>
        {Array.from({ length: columns }, (_, c) => (
          <Box key={c} flexDirection="column" width={columnWidth} paddingRight={1}>
            {entries.slice(c * perColumn, (c + 1) * perColumn).map((e) => (
              <Text key={e.keys} wrap="truncate-end">
                <Text color="cyan">{fitCell(e.keys, keyWidth)}</Text> {e.help}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}

export const HelpOverlay = memo(HelpOverlayComponent);
