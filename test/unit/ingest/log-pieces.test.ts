import { describe, expect, it } from 'vitest';
import { logPieceChars, LogPieceReader, LogPieceWriter } from '../../../src/ingest/log-pieces.js';

/** Writes `values` and reads them back by their lengths, as the parser and the writer threads do. */
function roundTrip(values: string[]): { read: string[]; pieces: string[] } {
  const writer = new LogPieceWriter();
  for (const v of values) writer.add(v);
  const pieces = writer.take();
  const reader = new LogPieceReader(pieces);
  const read = values.map((v) => {
    reader.next(v.length);
    return reader.text.slice(reader.from, reader.from + v.length);
  });
  return { read, pieces };
}

describe('Log= value pieces', () => {
  it('when values fill several pieces, with empty ones at the cuts, then each reads back whole and in order', () => {
    const long = 'V141_Sst1_'.repeat(logPieceChars / 40); // a quarter of a piece
    const values = ['', long, 'a', long, long, long, '', '', long, 'PrxTo:cas1_', '', long.slice(3), ''];
    const { read, pieces } = roundTrip(values);
    expect(read).toEqual(values);
    expect(pieces.length).toBeGreaterThan(1);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(logPieceChars * 1.5);
  });

  it('when a batch has no values, or only empty ones, then reading them yields empty values', () => {
    expect(roundTrip([]).pieces).toEqual([]);
    expect(roundTrip(['', '']).read).toEqual(['', '']);
  });

  it('when a writer is taken twice then the second batch starts fresh', () => {
    const writer = new LogPieceWriter();
    writer.add('x');
    writer.take();
    writer.add('y');
    expect(writer.take()).toEqual(['y']);
  });
});
