import { memo } from 'react';
import { Box, Text } from 'ink';
import { sanitizeForTerminal } from '../../text/sanitize-terminal.js';

/** One column of a DataTable. */
export interface TableColumn {
  header: string;
  /** Width in cells, or 'flex' to share what the fixed columns leave. */
  width: number | 'flex';
  align?: 'left' | 'right';
  /** A flex column never gets narrower than this (default 4). */
  minWidth?: number;
}

export interface DataTableProps {
  columns: readonly TableColumn[];
  /** Cell text per row; log-sourced text is sanitized here, so pass it raw. */
  rows: readonly (readonly string[])[];
  /** Total width in cells. */
  width: number;
  /** Lines available, header included. */
  height: number;
  /**
   * Row under the cursor: drawn inverse and marked `›` in a two-cell gutter (so it
   * shows without colour too). -1 keeps the gutter with no row marked; undefined
   * means a table without a cursor and no gutter.
   */
  cursor?: number;
  /** Shown instead of rows when there are none. */
  empty?: string;
}

/** Widths of `columns` in `width` cells with one blank between columns. */
export function layoutColumns(columns: readonly TableColumn[], width: number): number[] {
  const gaps = Math.max(0, columns.length - 1);
  const fixed = columns.reduce((sum, c) => sum + (c.width === 'flex' ? 0 : c.width), 0);
  const flexCount = columns.filter((c) => c.width === 'flex').length;
  const spare = Math.max(0, width - fixed - gaps);
  let extra = flexCount > 0 ? spare - Math.floor(spare / flexCount) * flexCount : 0;
  return columns.map((c) => {
    if (c.width !== 'flex') return c.width;
    const share = Math.floor(spare / flexCount) + (extra > 0 ? 1 : 0);
    extra -= 1;
    return Math.max(c.minWidth ?? 4, share);
  });
}

/** First row to draw so that `cursor` sits mid-window when it can. */
export function firstVisibleRow(rowCount: number, visible: number, cursor: number): number {
  if (cursor < 0) return 0;
  return Math.max(0, Math.min(cursor - Math.floor(visible / 2), rowCount - visible));
}

/** `text` cut (with …) or padded to exactly `width` code points. */
export function fitCell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const chars = Array.from(text);
  if (chars.length > width) return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
  const padding = ' '.repeat(width - chars.length);
  return align === 'right' ? padding + text : text + padding;
}

/**
 * A table sized entirely by its props (Shopify's Table): fixed and flex columns,
 * a header, a window of rows that follows the cursor, and sanitized cells.
 */
function DataTableComponent({ columns, rows, width, height, cursor, empty = 'nothing to show' }: DataTableProps) {
  const gutter = cursor === undefined ? 0 : 2;
  const widths = layoutColumns(columns, width - gutter);
  const visible = Math.max(0, height - 1);
  const first = firstVisibleRow(rows.length, visible, cursor ?? -1);
  const line = (cells: readonly string[], selected: boolean, header: boolean, key: string) => (
    <Box key={key} height={1} width={width} flexShrink={0}>
      {gutter > 0 ? <Text inverse={selected}>{selected ? '› ' : '  '}</Text> : null}
      {columns.map((column, j) => {
        const w = widths[j] ?? 0;
        const gap = j < columns.length - 1 ? ' ' : '';
        const text = fitCell(sanitizeForTerminal(cells[j] ?? ''), w, column.align) + gap;
        return (
          <Box key={j} width={w + gap.length} flexShrink={0}>
            <Text inverse={selected} bold={header} wrap="truncate-end">
              {text}
            </Text>
          </Box>
        );
      })}
    </Box>
  );
  return (
    <Box flexDirection="column" width={width} height={Math.min(height, Math.max(rows.length, 1) + 1)} overflow="hidden">
      {line(columns.map((c) => c.header), false, true, 'header')}
      {rows.length === 0 ? (
        <Text dimColor>{sanitizeForTerminal(empty)}</Text>
      ) : (
        rows.slice(first, first + visible).map((row, i) => line(row, first + i === cursor, false, String(first + i)))
      )}
    </Box>
  );
}

export const DataTable = memo(DataTableComponent);
