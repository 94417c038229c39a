import { describe, expect, test } from 'vitest';
import { renderSparkline, renderSparkRows } from '../../src/ui/components/Sparkline.js';
import { firstVisibleRow, fitCell, layoutColumns } from '../../src/ui/components/DataTable.js';
import { renderBar } from '../../src/ui/components/ProgressView.js';
import { formatDuration, shortenReason, wrapWords } from '../../src/ui/format-cells.js';

describe('renderSparkline', () => {
  test('when values fit then one cell per value, newest at the right, zero blank', () => {
    expect(renderSparkline([0, 1, 2, 4, 8], 5)).toBe(' ▁▂▄█');
  });
  test('when there are fewer values than cells then it pads on the left', () => {
    expect(renderSparkline([8, 8], 4)).toBe('  ██');
  });
  test('when there are more values than cells then each cell is the mean of its values, grouped from the newest end', () => {
    // 6 values in 3 cells: [0,0] [4,4] [8,8]
    expect(renderSparkline([0, 0, 4, 4, 8, 8], 3)).toBe(' ▄█');
    // 5 values in 2 cells of 3: the oldest cell is the partial one
    expect(renderSparkline([8, 8, 0, 0, 0], 2).length).toBe(2);
    expect(renderSparkline([8, 8, 0, 0, 0], 2)).toBe('█ ');
  });
  test('when everything is zero then the line is blank but still as wide', () => {
    expect(renderSparkline([0, 0, 0], 6)).toBe('      ');
  });
  test('when a fixed max is given then bars scale to it', () => {
    expect(renderSparkline([1], 1, 8)).toBe('▁');
  });
});

describe('DataTable layout', () => {
  test('when flex columns share the space then widths fill the total with one-cell gaps', () => {
    const widths = layoutColumns([{ header: 'a', width: 10 }, { header: 'b', width: 'flex' }, { header: 'c', width: 'flex' }], 80);
    expect(widths[0]).toBe(10);
    expect(widths.reduce((a, b) => a + b, 0) + 2).toBe(80);
  });
  test('when the terminal is too narrow then a flex column keeps its minimum', () => {
    expect(layoutColumns([{ header: 'a', width: 70 }, { header: 'b', width: 'flex', minWidth: 6 }], 60)).toEqual([70, 6]);
  });
  test('when the cursor moves down a long table then the window follows it', () => {
    expect(firstVisibleRow(100, 10, 0)).toBe(0);
    expect(firstVisibleRow(100, 10, 50)).toBe(45);
    expect(firstVisibleRow(100, 10, 99)).toBe(90);
    expect(firstVisibleRow(5, 10, 4)).toBe(0);
  });
  test('when a cell is too long then it is cut with an ellipsis, else padded', () => {
    expect(fitCell('abcdef', 4)).toBe('abc…');
    expect(fitCell('ab', 4)).toBe('ab  ');
    expect(fitCell('ab', 4, 'right')).toBe('  ab');
    expect(fitCell('😀😀😀', 2)).toBe('😀…');
  });
});

describe('cell formatting', () => {
  test('progress bar is exactly as wide as asked', () => {
    expect(renderBar(1, 2, 12)).toBe('[█████░░░░░]');
    expect(renderBar(0, 0, 4)).toBe('[░░]');
  });
  test('durations read short', () => {
    expect([0, 45, 600, 3900, 90_000, null].map(formatDuration)).toEqual(['0s', '45s', '10m', '1h05m', '1d01h', '-']);
  });
  test('a reason is shortened to its first sentence', () => {
    expect(shortenReason('Got 451 37 times. Never proxied.')).toBe('Got 451 37 times.');
    expect(shortenReason('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
  test('wrapWords breaks at spaces and cuts words longer than a line', () => {
    expect(wrapWords('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapWords('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapWords('one\ntwo', 10)).toEqual(['one', 'two']);
  });
});

describe('renderSparkRows', () => {
  test('when taller then each cell is a bar of eighths over the lines, top line first', () => {
    expect(renderSparkRows([0, 2, 8, 16], 4, 2)).toEqual(['   █', ' ▂██']);
  });
  test('when one line tall then it is the one-line sparkline', () => {
    expect(renderSparkRows([0, 1, 2], 3, 1)).toEqual([renderSparkline([0, 1, 2], 3)]);
  });
});
