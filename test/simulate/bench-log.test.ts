import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateBenchLog, type BenchLogSummary } from '../../src/simulate/bench-log.js';

describe('generateBenchLog', () => {
  let dir: string;
  let body: string;
  let summary: BenchLogSummary;
  const lines = 30_000;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-log-'));
    summary = await generateBenchLog(join(dir, 'a.log'), lines, 42);
    body = await readFile(join(dir, 'a.log'), 'utf8');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('when asked for N lines then it writes N data lines plus directive blocks, all CRLF', () => {
    const all = body.split('\r\n');
    expect(all.pop()).toBe('');
    expect(all.filter((l) => !l.startsWith('#')).length).toBe(lines);
    expect(all.filter((l) => l.startsWith('#')).length).toBe(summary.directives);
    expect(all[3]).toMatch(/^#Fields: date time s-ip /);
    expect(body.replace(/\r\n/g, '').includes('\n')).toBe(false);
    expect(summary.bytes).toBe(Buffer.byteLength(body));
  });

  test('when generated again with the same seed then the bytes are identical', async () => {
    await generateBenchLog(join(dir, 'b.log'), lines, 42);
    await generateBenchLog(join(dir, 'c.log'), lines, 43);
    const sha = async (name: string): Promise<string> => createHash('sha256').update(await readFile(join(dir, name))).digest('hex');
    expect(await sha('b.log')).toBe(await sha('a.log'));
    expect(await sha('c.log')).not.toBe(await sha('a.log'));
  });

  test('when the lines are classified then the mix is the scenario one', () => {
    const data = body.split('\r\n').filter((l) => l.length > 0 && !l.startsWith('#'));
    const share = (re: RegExp): number => data.filter((l) => re.test(l)).length / data.length;
    expect(share(/ \/Microsoft-Server-ActiveSync\/default\.eas /)).toBeGreaterThan(0.85);
    expect(share(/ \/Microsoft-Server-ActiveSync\/default\.eas (?!User=|Cmd=)\S+&Log=/)).toBeGreaterThan(0.01);
    expect(share(/PrxTo:/)).toBeGreaterThan(0.02);
    expect(share(/ 451 0 0 /)).toBeGreaterThan(0.01);
    for (const stem of ['/owa/', '/EWS/Exchange.asmx', '/Autodiscover/Autodiscover.xml', '/rpc/rpcproxy.dll', '/Microsoft-Server-ActiveSync/ ']) {
      expect(body, stem).toContain(` ${stem}`);
    }
  });
});
