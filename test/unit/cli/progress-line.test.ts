import { describe, expect, it } from 'vitest';
import { createProgressLine, formatProgress } from '../../../cli/output/progress-line.js';
import type { IngestProgress } from '../../../src/ingest/ingest-summary.js';

const progress = (over: Partial<IngestProgress> = {}): IngestProgress => ({
  filesDone: 1, filesTotal: 4, bytesDone: 25 << 20, bytesTotal: 100 << 20, lines: 75_000, linesPerSecond: 250_000, currentFile: 'CAS1/u_ex101004.log', ...over,
});

/** A stand-in for stderr that records what is written. */
function fakeStream(isTTY: boolean, columns = 200) {
  const written: string[] = [];
  const stream = { isTTY, columns, write: (text: string) => { written.push(text); return true; } };
  return { stream: stream as unknown as NodeJS.WriteStream, written };
}

describe('ingest progress line', () => {
  it('when a quarter of the bytes is read then it shows the bar, files, bytes, lines/s and the time left', () => {
    expect(formatProgress(progress(), 1000)).toBe(
      '██████░░░░░░░░░░░░░░░░░░  25%  files 1/4  25.0 MiB/100.0 MiB  75,000 lines  250,000 lines/s ETA 3.0 s',
    );
  });

  it('when everything is read or nothing is known yet then no ETA is guessed', () => {
    expect(formatProgress(progress({ bytesDone: 100 << 20, filesDone: 4 }), 4000)).not.toContain('ETA');
    expect(formatProgress(progress({ bytesDone: 0, bytesTotal: 0 }), 10)).toMatch(/^░{24}   0%/);
  });

  it('when stderr is a terminal then the line is redrawn in place and cleared at the end', () => {
    const { stream, written } = fakeStream(true);
    const line = createProgressLine(stream);
    line.update(progress());
    line.update(progress({ lines: 80_000 })); // within 100 ms of the last draw: skipped
    line.clear();
    expect(written).toHaveLength(2);
    expect(written[0]).toMatch(/^\r\x1b\[2K█+░+ +25% {2}files 1\/4/);
    expect(written[1]).toBe('\r\x1b[2K');
  });

  it('when the terminal is narrow then the line is cut to fit, and a terminal of unknown size (0 columns) gets 100', () => {
    const narrow = fakeStream(true, 40);
    createProgressLine(narrow.stream).update(progress());
    expect(narrow.written[0]).toHaveLength('\r\x1b[2K'.length + 39);
    const unsized = fakeStream(true, 0);
    createProgressLine(unsized.stream).update(progress());
    expect(unsized.written[0]).toContain('250,000 lines/s');
  });

  it('when stderr is not a terminal (a pipe, a log file) then nothing is drawn', () => {
    const { stream, written } = fakeStream(false);
    const line = createProgressLine(stream);
    line.update(progress());
    line.clear();
    expect(written).toEqual([]);
  });
});
