import { memo } from 'react';
import { Text } from 'ink';

const blocks = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * Draws `values` (oldest first) as `width` block characters, newest at the right.
 * When there are more values than cells, each cell shows the mean of the values it
 * covers; with fewer, the line is padded on the left. Zero is a blank cell, so a
 * class that stopped (no more 451s) is visibly empty rather than a low bar.
 * `max` fixes the scale (default: the largest cell).
 */
export function renderSparkline(values: readonly number[], width: number, max?: number): string {
  if (width <= 0) return '';
  const perCell = Math.max(1, Math.ceil(values.length / width));
  const cells: number[] = [];
  // Group from the newest end so the last cell always holds the most recent minutes.
  for (let end = values.length; end > 0 && cells.length < width; end -= perCell) {
    const start = Math.max(0, end - perCell);
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i] ?? 0;
    cells.unshift(sum / (end - start));
  }
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

export interface SparklineProps {
  /** Values, oldest first (requests per minute). */
  values: readonly number[];
  /** Cells to draw. */
  width: number;
  /** Fixed top of the scale; default the largest value drawn. */
  max?: number;
  /** Ink colour name for the bars. */
  color?: string;
}

/** A one-line block-character chart of `values`, exactly `width` cells wide. */
function SparklineComponent({ values, width, max, color }: SparklineProps) {
  return <Text color={color}>{renderSparkline(values, width, max)}</Text>;
}

export const Sparkline = memo(SparklineComponent);
