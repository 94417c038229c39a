import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readLines, type LineChunk } from '../../src/ingest/read-lines.js';
import { tempDir } from '../helpers/temp.js';

/** Lines of varied lengths, so that 1 MiB reads end mid-line at many different places. */
const content = Array.from({ length: 40_000 }, (_, n) => `line ${n} ${'x'.repeat((n * 37) % 200)}`).join('\n') + '\n';

async function collect(path: string, offset: number): Promise<LineChunk[]> {
  const chunks: LineChunk[] = [];
  for await (const chunk of readLines(path, offset)) chunks.push(chunk);
  return chunks;
}

describe('readLines', () => {
  it('when lines straddle the reads then every line comes out whole, once, with each chunk ending at its offset', async () => {
    const path = join(tempDir(), 'u_ex101005.log');
    writeFileSync(path, content);
    const chunks = await collect(path, 0);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.map((c) => c.text).join('')).toBe(content);
    let offset = 0;
    for (const c of chunks) {
      offset += Buffer.byteLength(c.text);
      expect(c.endOffset).toBe(offset);
      expect(c.text.endsWith('\n')).toBe(true);
    }
  });

  it('when resumed at a line offset past a BOM then it reads from there, and holds back the torn last line', async () => {
    const path = join(tempDir(), 'u_ex101005.log');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(content + 'torn 1 2')]));
    const whole = await collect(path, 0);
    expect(whole.map((c) => c.text).join('')).toBe(content);
    expect(whole.at(-1)!.endOffset).toBe(3 + content.length);
    const resumeAt = 3 + content.indexOf('line 30000 ');
    const rest = await collect(path, resumeAt);
    expect(rest.map((c) => c.text).join('')).toBe(content.slice(resumeAt - 3));
    expect(rest.at(-1)!.endOffset).toBe(3 + content.length);
  });

  it('when one line is not UTF-8 then it alone is read as Latin-1 and the UTF-8 lines beside it keep their letters', async () => {
    const path = join(tempDir(), 'u_ex101005.log');
    const bytes = Buffer.concat([
      Buffer.from('user=müller\n', 'utf8'), Buffer.from('user=caf\xe9 agent=\xff\n', 'latin1'), Buffer.from('user=müller again\n', 'utf8'),
    ]);
    writeFileSync(path, bytes);
    const chunks = await collect(path, 0);
    expect(chunks.map((c) => c.text).join('')).toBe('user=müller\nuser=café agent=\u00ff\nuser=müller again\n');
    expect(chunks.at(-1)!.endOffset).toBe(bytes.length);
    expect(chunks.reduce((n, c) => n + (c.notUtf8Lines ?? 0), 0)).toBe(1);
  });

  it('when an archive is resumed then the skipped bytes are decompressed ones, and its unfinished last line counts as complete', async () => {
    const path = join(tempDir(), 'u_ex101005.log.gz');
    writeFileSync(path, gzipSync(content + 'last line'));
    const resumeAt = content.indexOf('line 20000 ');
    const rest = await collect(path, resumeAt);
    expect(rest.map((c) => c.text).join('')).toBe(content.slice(resumeAt) + 'last line');
    expect(rest.at(-1)!.endOffset).toBe(content.length + 'last line'.length);
  });

  it('when a line is longer than the carry limit then it is one tooLong chunk between the lines around it', async () => {
    const path = join(tempDir(), 'u_ex101005.log');
    const long = 'y'.repeat((2 << 20) + 5);
    writeFileSync(path, `before\n${long}\nafter\n`);
    const chunks = await collect(path, 0);
    expect(chunks.map((c) => c.text).join('')).toBe('before\nafter\n');
    const tooLong = chunks.filter((c) => c.tooLong);
    expect(tooLong).toHaveLength(1);
    expect(tooLong[0]!.tooLong!.bytes).toBe(long.length);
    expect(tooLong[0]!.tooLong!.head).toBe('y'.repeat(256));
    expect(tooLong[0]!.endOffset).toBe(7 + long.length + 1);
    expect(chunks.at(-1)!.endOffset).toBe(7 + long.length + 1 + 6);
  });
});
