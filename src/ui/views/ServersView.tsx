import { memo } from 'react';
import { Box, Text } from 'ink';
import type { ServerSort, ServersData } from '../dashboard-source.js';
import { DataTable, type TableColumn } from '../components/DataTable.js';
import { formatCount, formatRate } from '../format-cells.js';

export interface ServersViewProps {
  data: ServersData;
  /** Cursor in the proxy-target table. */
  cursor: number;
  sort: ServerSort;
  width: number;
  height: number;
}

/** View 3: what each CAS answered devices (by class, with errors) and where proxied requests went. */
function ServersViewComponent({ data, cursor, sort, width, height }: ServersViewProps) {
  const wide = width >= 110;
  const n = wide ? 11 : 7;
  const serverColumns: TableColumn[] = [
    { header: 'CAS server', width: 'flex', minWidth: 8 },
    { header: 'Requests', width: n + 1, align: 'right' },
    { header: wide ? 'Redirect' : 'Redir', width: n, align: 'right' },
    { header: 'Proxy', width: n, align: 'right' },
    { header: 'Direct', width: n, align: 'right' },
    { header: wide ? 'Failures' : 'Fails', width: n, align: 'right' },
    { header: 'Err %', width: 6, align: 'right' },
    { header: '451 %', width: 6, align: 'right' },
  ];
  const serverRows = data.servers.map((s) => [
    s.server,
    formatCount(s.requests, !wide),
    formatCount(s.classes.redirect, !wide),
    formatCount(s.classes.proxy, !wide),
    formatCount(s.classes.direct, !wide),
    formatCount(s.failures, !wide),
    formatRate(s.failures, s.requests),
    formatRate(s.classes.redirect, s.requests),
  ]);
  const targetColumns: TableColumn[] = [
    { header: 'PrxTo target', width: 'flex', minWidth: 12 },
    { header: 'Requests', width: n + 1, align: 'right' },
    { header: 'Devices', width: n, align: 'right' },
    { header: wide ? 'Failures' : 'Fails', width: n, align: 'right' },
    { header: 'Err %', width: 6, align: 'right' },
    { header: 'Proxied by', width: wide ? 30 : 16 },
  ];
  const targetRows = data.proxyTargets.map((t) => [
    t.target,
    formatCount(t.requests, !wide),
    formatCount(t.devices, !wide),
    formatCount(t.failures, !wide),
    formatRate(t.failures, t.requests),
    t.servers.join(', '),
  ]);
  const serversHeight = Math.min(Math.max(data.servers.length, 1) + 1, Math.max(2, Math.floor((height - 3) / 2)));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold>CAS servers</Text>
        <Text dimColor> · client-facing requests · sort: {sort} (s)</Text>
      </Text>
      <DataTable columns={serverColumns} rows={serverRows} width={width} height={serversHeight} empty="no server seen yet" />
      <Box height={1} />
      <Text wrap="truncate-end">
        <Text bold>Proxy targets</Text>
        <Text dimColor> · requests a CAS proxied (PrxTo) and how they ended</Text>
      </Text>
      <DataTable
        columns={targetColumns}
        rows={targetRows}
        width={width}
        height={Math.max(2, height - serversHeight - 3)}
        cursor={targetRows.length > 0 ? cursor : -1}
        empty="nothing proxied yet"
      />
    </Box>
  );
}

export const ServersView = memo(ServersViewComponent);
