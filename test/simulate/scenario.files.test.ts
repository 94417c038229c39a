import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { generateScenario } from '../../src/simulate/generate-scenario.js';
import { defaultOptions } from '../../src/simulate/options.js';
import { defaultFields, extendedFields } from '../../src/simulate/w3c-format.js';

describe('scenario: the files look like a real IIS log folder', () => {
  let files: Map<string, Buffer>;
  const text = (path: string): string => {
    const bytes = files.get(path);
    if (bytes === undefined) throw new Error(`missing ${path}`);
    return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  };
  const logPaths = (): string[] => [...files.keys()].filter((p) => /\.log(\.gz)?$/.test(p));

  beforeAll(() => {
    files = generateScenario(defaultOptions).files;
  });

  test('when listed then every server has its W3SVC1 folder, one file per UTC day, and the stray files', () => {
    expect([...files.keys()].sort()).toEqual([
      'NEWYORK07/W3SVC1/u_ex101004.log',
      'NEWYORK07/W3SVC1/u_ex101005.log',
      'NYCAS10A/W3SVC1/readme.txt',
      'NYCAS10A/W3SVC1/u_ex101004.log.gz',
      'NYCAS10A/W3SVC1/u_ex101005.log',
      'NYCAS10B/W3SVC1/u_ex101004.log',
      'NYCAS10B/W3SVC1/u_ex101005.log',
      'README.md',
      'expected.json',
    ]);
  });

  test('when a log starts then #Software, #Version, #Date and #Fields come before any entry', () => {
    for (const path of logPaths()) {
      const lines = text(path).split('\r\n');
      expect(lines[0], path).toMatch(/^#Software: Microsoft Internet Information Services 7\.[05]$/);
      expect(lines[1]).toBe('#Version: 1.0');
      expect(lines[2]).toMatch(/^#Date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(lines[3]).toMatch(/^#Fields: date time /);
      expect(lines[4]!.startsWith('#')).toBe(false);
    }
  });

  test('when written then every line ends in CRLF and no bare LF exists', () => {
    for (const path of logPaths()) {
      const body = text(path);
      expect(body.replace(/\r\n/g, '').includes('\n'), path).toBe(false);
      expect(body.replace(/\r\n/g, '').includes('\r'), path).toBe(false);
    }
  });

  test('when each entry is split then its field count matches the #Fields in force', () => {
    for (const path of logPaths()) {
      const lines = text(path).split('\r\n');
      lines.pop();
      let count = 0;
      for (const line of lines) {
        if (line.startsWith('#Fields: ')) count = line.split(' ').length - 1;
        else if (!line.startsWith('#')) expect(line.split(' ').length, `${path}: ${line.slice(0, 80)}`).toBe(count);
      }
    }
  });

  test('when looking at servers then NYCAS10B logs the extra fields and NEWYORK07 runs IIS 7.0', () => {
    expect(text('NYCAS10B/W3SVC1/u_ex101004.log')).toContain(`#Fields: ${extendedFields.join(' ')}\r\n`);
    expect(text('NYCAS10A/W3SVC1/u_ex101005.log')).toContain(`#Fields: ${defaultFields.join(' ')}\r\n`);
    expect(text('NEWYORK07/W3SVC1/u_ex101004.log').startsWith('#Software: Microsoft Internet Information Services 7.0\r\n')).toBe(true);
  });

  test('when the app pool recycled then NYCAS10A repeats the directive block mid-file', () => {
    const lines = text('NYCAS10A/W3SVC1/u_ex101005.log').split('\r\n');
    const blocks = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('#Software'));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(lines).toContain('#Date: 2010-10-05 03:17:42');
  });

  test('when the newest NYCAS10B file ends then its last line is torn: no CRLF, cut inside Log=', () => {
    const body = text('NYCAS10B/W3SVC1/u_ex101005.log');
    expect(body.endsWith('\r\n')).toBe(false);
    const tail = body.slice(body.lastIndexOf('\r\n') + 2);
    expect(tail).toMatch(/^2010-10-05 23:59:59 NYCAS10B 10\.1\.1\.21 POST \/Microsoft-Server-ActiveSync\/default\.eas .*&Log=V141/);
    expect(tail.split(' ').length).toBeLessThan(extendedFields.length);
    expect(text('NYCAS10B/W3SVC1/u_ex101004.log').endsWith('\r\n')).toBe(true);
  });

  test('when the archived day is gunzipped then it is NYCAS10A first day, with a fixed gzip header', () => {
    const gz = files.get('NYCAS10A/W3SVC1/u_ex101004.log.gz')!;
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
    const body = gunzipSync(gz).toString('utf8');
    expect(body.startsWith('#Software: Microsoft Internet Information Services 7.5\r\n')).toBe(true);
    expect(body).toContain('\r\n2010-10-04 ');
    expect(body.endsWith('\r\n')).toBe(true);
  });

  test('when committed with default arguments then the folder stays under 3 MB', () => {
    let bytes = 0;
    for (const b of files.values()) bytes += b.length;
    expect(bytes).toBeLessThan(3 * 1024 * 1024);
  });

  test('when a load balancer probes then the line has no query and no DeviceId', () => {
    const probes = text('NYCAS10B/W3SVC1/u_ex101004.log').split('\r\n').filter((l) => l.includes(' 10.1.1.5 '));
    expect(probes.length).toBeGreaterThan(100);
    for (const line of probes) expect(line).toMatch(/ GET \/Microsoft-Server-ActiveSync\/ - 443 /);
  });
});
