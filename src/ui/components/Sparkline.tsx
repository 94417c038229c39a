import { memo } from 'react';
import { Box, Text } from 'ink';

const blocks = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * Means of consecutive values, at most `width` cells, grouped from the newest end
 * so the last cell always holds the most recent minutes.
 */
function groupCells(values: readonly number[], width: number): number[] {
  const perCell = Math.max(1, Math.ceil(values.length / width));
  const cells: number[] = [];
  for (let end = values.length; end > 0 && cells.length < width; end -= perCell) {
    const start = Math.max(0, end - perCell);
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i] ?? 0;
    cells.unshift(sum / (end - start));
  }
  return cells;
}

/**
 * Draws `values` (oldest first) as `width` block characters, newest at the right.
 * When there are more values than cells, each cell shows the mean of the values it
 * covers; with fewer, the line is padded on the left. Zero is a blank cell, so a
 * class that stopped (no more 451s) is visibly empty rather than a low bar.
 * `max` fixes the scale (default: the largest cell).
 */
export function renderSparkline(values: readonly number[], width: number, max?: number): string {
  if (width <= 0) return '';
  const cells = groupCells(values, width);
  const scale = max ?? Math.max(0, ...cells);
  const drawn = cells
    .map((v) => {
      if (v <= 0 || scale <= 0) return ' ';
      const level = Math.min(blocks.length - 1, Math.max(0, Math.ceil((v / scale) * blocks.length) - 1));
      return blocks[level];
    })
    .join('');
  return drawn.padStart(width, ' ');
}

/**
 * Like renderSparkline over `height` lines (top line first): each cell is a bar of
 * up to `height` × 8 eighths, so a taller terminal gets a finer chart.
 */
export function renderSparkRows(values: readonly number[], width: number, height: number, max?: number): string[] {
  if (height <= 1) return [renderSparkline(values, width, max)];
  const cells = groupCells(values, width);
  while (cells.length < width) cells.unshift(0);
  const scale = max ?? Math.max(0, ...cells);
  const eighths = cells.map((v) => (v <= 0 || scale <= 0 ? 0 : Math.max(1, Math.ceil((v / scale) * height * 8))));
  const rows: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    rows.push(
      eighths
        .map((e) => {
          const fill = Math.min(8, Math.max(0, e - row * 8));
          return fill === 0 ? ' ' : blocks[fill - 1];
        })
        .join(''),
    );
  }
  return rows;
}

export interface SparklineProps {
  /** Values, oldest first (requests per minute). */
  values: readonly number[];
  /** Cells to draw. */
  width: number;
  /** Fixed top of the scale; default the largest value drawn. */
  max?: number;
  /** Ink colour name for the bars. */
  color?: string;
  /** Lines tall (default 1). */
  height?: number;
}

/** A block-character chart of `values`, exactly `width` cells wide and `height` lines tall. */
function SparklineComponent({ values, width, max, color, height = 1 }: SparklineProps) {
  if (height <= 1) return <Text color={color}>{renderSparkline(values, width, max)}</Text>;
  return (
    <Box flexDirection="column">
      {renderSparkRows(values, width, height, max).map((line, i) => (
        <Text key={i} color={color}>
          {line}
        </Text>
      ))}
    </Box>
  );
}

export const Sparkline = memo(SparklineComponent);
