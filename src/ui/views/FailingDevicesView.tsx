import { memo } from 'react';
import { Box, Text } from 'ink';
import type { FailingDevicesData, FailingSort } from '../dashboard-source.js';
import { DataTable, type TableColumn } from '../components/DataTable.js';
import { formatCount, formatShortTime, shortenReason } from '../format-cells.js';
import { sanitizeForTerminal } from '../../text/sanitize-terminal.js';

export interface FailingDevicesViewProps {
  data: FailingDevicesData;
  cursor: number;
  filter: string;
  editingFilter: boolean;
  sort: FailingSort;
  width: number;
  height: number;
}

function columnsFor(width: number): TableColumn[] {
  const wide = width >= 120;
  return [
    { header: 'User', width: wide ? 20 : 12 },
    ...(wide ? [{ header: 'Device ID', width: 18 } satisfies TableColumn] : []),
    { header: 'Type', width: wide ? 14 : 9 },
    { header: 'Verdict', width: wide ? 18 : 14 },
    { header: 'Reason', width: 'flex', minWidth: 10 },
    { header: 'Last seen', width: 11 },
    { header: 'Server', width: wide ? 14 : 8 },
  ];
}

/** The line above the table: counts, sort, and the filter (or its prompt while typing). */
function TitleLine({ data, filter, editingFilter, sort }: Omit<FailingDevicesViewProps, 'width' | 'height' | 'cursor'>) {
  const safeFilter = sanitizeForTerminal(filter);
  if (editingFilter) {
    return (
      <Text wrap="truncate-end">
        <Text color="cyan">Filter: </Text>
        {safeFilter}
        <Text inverse> </Text>
        <Text dimColor> user, device id, type or verdict · Enter keeps · Esc clears</Text>
      </Text>
    );
  }
  return (
    <Text wrap="truncate-end">
      <Text bold>Failing devices: {formatCount(data.total)}</Text>
      {data.rows.length < data.total ? <Text dimColor> (first {formatCount(data.rows.length)})</Text> : null}
      <Text dimColor> · sort: {sort}</Text>
      {filter !== '' ? <Text color="cyan"> · filter: {safeFilter}</Text> : null}
      <Text dimColor> · Enter: timeline · / filter · s sort</Text>
    </Text>
  );
}

/** View 2: failing devices, most severe first (or as sorted), with a cursor for Enter. */
function FailingDevicesViewComponent(props: FailingDevicesViewProps) {
  const { data, cursor, width, height } = props;
  const wide = width >= 120;
  const rows = data.rows.map((row) => [
    row.user,
    ...(wide ? [row.deviceId] : []),
    row.deviceType,
    row.verdict,
    shortenReason(row.reason, wide ? 120 : 80),
    formatShortTime(row.lastSeen),
    row.server,
  ]);
  const empty = props.filter !== '' ? `no failing device matches "${props.filter}"` : 'no failing devices';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <TitleLine data={data} filter={props.filter} editingFilter={props.editingFilter} sort={props.sort} />
      <DataTable columns={columnsFor(width)} rows={rows} width={width} height={height - 1} cursor={cursor} empty={empty} />
    </Box>
  );
}

export const FailingDevicesView = memo(FailingDevicesViewComponent);
