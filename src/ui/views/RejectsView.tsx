import { memo } from 'react';
import { Box, Text } from 'ink';
import type { RejectsData } from '../dashboard-source.js';
import { DataTable, type TableColumn } from '../components/DataTable.js';
import { baseName, formatCount, formatShare } from '../format-cells.js';

export interface RejectsViewProps {
  data: RejectsData;
  /** Cursor in the recent-rejects table. */
  cursor: number;
  width: number;
  height: number;
}

/** View 4: lines the parser could not read, per file and the latest ones, so nothing is lost silently. */
function RejectsViewComponent({ data, cursor, width, height }: RejectsViewProps) {
  const wide = width >= 110;
  const total = data.files.reduce((sum, f) => sum + f.rejected, 0);
  const fileColumns: TableColumn[] = [
    { header: 'File', width: 'flex', minWidth: 12 },
    { header: 'Lines', width: 10, align: 'right' },
    { header: 'Rejected', width: 9, align: 'right' },
    { header: 'Share', width: 6, align: 'right' },
  ];
  const fileRows = data.files.map((f) => [f.path, formatCount(f.lines), formatCount(f.rejected), formatShare(f.rejected, f.lines)]);
  const recentColumns: TableColumn[] = [
    { header: 'File:line', width: wide ? 30 : 20 },
    { header: 'Reason', width: wide ? 36 : 22 },
    { header: 'Line as read', width: 'flex', minWidth: 10 },
  ];
  const recentRows = data.recent.map((r) => [`${baseName(r.path)}:${r.lineNo}`, r.reason, r.sample]);
  const filesHeight = Math.min(Math.max(data.files.length, 1) + 1, Math.max(2, Math.floor((height - 3) / 2)));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold>Rejected lines: {formatCount(total)}</Text>
        <Text dimColor>
          {' '}
          in {data.files.length} file{data.files.length === 1 ? '' : 's'} (of {formatCount(data.header.files)} read)
        </Text>
      </Text>
      <DataTable columns={fileColumns} rows={fileRows} width={width} height={filesHeight} empty="every line was read" />
      <Box height={1} />
      <Text bold wrap="truncate-end">
        Latest rejects, newest first
      </Text>
      <DataTable
        columns={recentColumns}
        rows={recentRows}
        width={width}
        height={Math.max(2, height - filesHeight - 3)}
        cursor={recentRows.length > 0 ? cursor : -1}
        empty="none"
      />
    </Box>
  );
}

export const RejectsView = memo(RejectsViewComponent);
