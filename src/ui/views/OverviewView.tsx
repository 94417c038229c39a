import { memo } from 'react';
import { Box, Text } from 'ink';
import { dashboardClasses, type DashboardClass, type OverviewData } from '../dashboard-source.js';
import { Sparkline } from '../components/Sparkline.js';
import { DataTable, type TableColumn } from '../components/DataTable.js';
import {
  baseName,
  formatBytes,
  formatCount,
  formatDuration,
  formatShare,
  formatShortTime,
} from '../format-cells.js';

export interface OverviewViewProps {
  data: OverviewData;
  width: number;
  height: number;
}

/** Bar colours per class: 451s are the problem, proxied successes the goal. */
export const classColors: Record<DashboardClass, string> = { redirect: 'red', proxy: 'yellow', direct: 'green' };

const labelWidth = 9;
const statsWidth = (width: number): number => (width >= 100 ? 34 : 23);

/** Cells the sparklines get at `width` (the App sizes the series to fill them). */
export function sparklineWidth(width: number): number {
  return Math.max(10, width - labelWidth - statsWidth(width));
}

/** Minutes of history that fill the sparklines at `width` with whole minutes per cell, at least `minMinutes`. */
export function overviewMinutesFor(width: number, minMinutes = 360): number {
  const cells = sparklineWidth(width);
  return cells * Math.ceil(minMinutes / cells);
}

function SeriesBlock({ data, width, barHeight }: { data: OverviewData; width: number; barHeight: number }) {
  const minutes = data.series.direct.length;
  const sparkWidth = sparklineWidth(width);
  const hours = minutes >= 120 ? `${(minutes / 60).toFixed(minutes % 60 === 0 ? 0 : 1)}h` : `${minutes}min`;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        Requests per minute by class, last {hours} up to now{' '}
        <Text dimColor>({sparkWidth < minutes ? `${Math.ceil(minutes / sparkWidth)} min per cell` : '1 min per cell'})</Text>
      </Text>
      {dashboardClasses.map((cls) => {
        const values = data.series[cls];
        const peak = Math.max(0, ...values);
        const last = values[values.length - 1] ?? 0;
        const total = values.reduce((a, b) => a + b, 0);
        const stats =
          width >= 100
            ? ` peak ${formatCount(peak, true).padStart(6)} last ${formatCount(last, true).padStart(6)} Σ ${formatCount(total, true)}`
            : ` peak ${formatCount(peak, true).padStart(5)} last ${formatCount(last, true).padStart(5)}`;
        return (
          <Box key={cls} height={barHeight} width={width} alignItems="flex-end">
            <Box width={labelWidth} flexShrink={0}>
              <Text color={classColors[cls]}>{cls}</Text>
            </Box>
            <Box width={sparkWidth} flexShrink={0}>
              <Sparkline values={values} width={sparkWidth} height={barHeight} color={classColors[cls]} />
            </Box>
            <Box flexGrow={1} overflow="hidden">
              <Text wrap="truncate-end">{stats}</Text>
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}

function MatrixBlock({ data, width, height }: { data: OverviewData; width: number; height: number }) {
  const narrow = width < 70;
  const cell = narrow ? 10 : 14;
  const columns: TableColumn[] = [
    { header: 'Type', width: 'flex', minWidth: 6 },
    { header: 'Devices', width: 7, align: 'right' },
    ...dashboardClasses.map((cls): TableColumn => ({ header: cls, width: cell, align: 'right' })),
  ];
  const rows = data.matrix.map((row) => {
    const total = row.classes.direct + row.classes.proxy + row.classes.redirect;
    return [
      row.deviceType,
      formatCount(row.devices, true),
      ...dashboardClasses.map((cls) => `${formatCount(row.classes[cls], true)} ${formatShare(row.classes[cls], total).padStart(4)}`),
    ];
  });
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        Device type × class <Text dimColor>(requests, share of the type)</Text>
      </Text>
      <DataTable columns={columns} rows={rows} width={width} height={height - 1} empty="no ActiveSync requests yet" />
    </Box>
  );
}

function VerdictBlock({ data, width, height }: { data: OverviewData; width: number; height: number }) {
  const total = data.failingByVerdict.reduce((sum, v) => sum + v.devices, 0);
  const columns: TableColumn[] = [
    { header: 'Verdict', width: 'flex' },
    { header: 'Devices', width: 7, align: 'right' },
  ];
  const rows = data.failingByVerdict.map((v) => [v.verdict, formatCount(v.devices)]);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        Failing devices: <Text color={total > 0 ? 'red' : 'green'}>{formatCount(total)}</Text>
      </Text>
      <DataTable columns={columns} rows={rows} width={width} height={height - 1} empty="none failing" />
    </Box>
  );
}

function PositionBlock({ data, width, height }: { data: OverviewData; width: number; height: number }) {
  const wide = width >= 110;
  const columns: TableColumn[] = [
    { header: 'Server', width: wide ? 16 : 10 },
    { header: 'Current file', width: 'flex' },
    { header: 'Ingested', width: wide ? 21 : 17, align: 'right' },
    { header: 'Behind', width: 8, align: 'right' },
    { header: 'Last entry', width: 11, align: 'right' },
    { header: 'Lag', width: 6, align: 'right' },
  ];
  const rows = data.servers.map((s) => [
    s.server,
    s.file === null ? '-' : wide ? s.file : baseName(s.file),
    s.file === null ? '-' : `${formatBytes(s.offset)}/${formatBytes(s.size)}`,
    s.file === null ? '-' : formatBytes(Math.max(0, s.size - s.offset)),
    formatShortTime(s.lastTs),
    formatDuration(s.lagSeconds),
  ]);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end">
        Ingest position and lag per server <Text dimColor>(lag: behind the newest entry of any server)</Text>
      </Text>
      <DataTable columns={columns} rows={rows} width={width} height={height - 1} empty="no server seen yet" />
    </Box>
  );
}

/**
 * View 1: traffic by class over time, the device-type × class matrix, failing
 * devices by verdict and where ingest stands per server. Fits 80×24 and gives
 * extra rows to the matrix and extra columns to the sparklines.
 */
function OverviewViewComponent({ data, width, height }: OverviewViewProps) {
  const positionsHeight = Math.min(Math.max(data.servers.length, 1) + 2, Math.max(3, Math.floor((height - 4) / 3)));
  // The matrix takes what it needs, up to what is left after one-line charts.
  const wanted = Math.max(data.matrix.length, data.failingByVerdict.length, 1) + 2;
  const middleHeight = Math.max(3, Math.min(wanted, height - 4 - positionsHeight - 2));
  // Rows to spare (a tall terminal) make the charts taller, up to 6 lines each.
  const spare = height - 4 - positionsHeight - middleHeight - 2;
  const barHeight = Math.max(1, Math.min(6, 1 + Math.floor(spare / 3)));
  // Wide terminals: the matrix stops growing at 100 columns and the verdicts take the rest.
  const matrixWidth = width >= 120 ? Math.min(100, Math.floor(width * 0.6)) : width - 30;
  const verdictWidth = Math.min(60, width - matrixWidth - 2);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <SeriesBlock data={data} width={width} barHeight={barHeight} />
      <Box height={1} />
      <Box height={middleHeight}>
        <MatrixBlock data={data} width={matrixWidth} height={middleHeight} />
        <Box width={2} />
        <VerdictBlock data={data} width={verdictWidth} height={middleHeight} />
      </Box>
      <Box height={1} />
      <PositionBlock data={data} width={width} height={positionsHeight} />
    </Box>
  );
}

export const OverviewView = memo(OverviewViewComponent);
