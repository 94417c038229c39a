import { describe, expect, it } from 'vitest';
import { rejectSample } from '../../../src/text/reject-sample.js';

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');
const named: Record<string, string> = { n: '\n', r: '\r', t: '\t' };
const unescape = (sample: string): string =>
  sample.replace(/\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|([nrt]))/g, (_, x?: string, u?: string, c?: string) =>
    c !== undefined ? named[c]! : String.fromCharCode(parseInt((x ?? u)!, 16)));

describe('rejectSample', () => {
  it('when a line is longer than 200 bytes then its first 200 are kept', () => {
    expect(rejectSample('x'.repeat(100_000))).toBe('x'.repeat(200));
    expect(rejectSample('short line')).toBe('short line');
  });

  it('when characters take several bytes then no more than 200 bytes are kept and none is cut in half', () => {
    const sample = rejectSample('é'.repeat(150));
    expect(sample).toBe('é'.repeat(100));
    const emoji = rejectSample('a' + '😀'.repeat(60));
    expect(utf8Length(emoji)).toBe(197);
    expect(emoji.endsWith('😀')).toBe(true);
  });

  it('when a line holds control bytes then they are escaped and stand for the bytes they replace', () => {
    const junk = Array.from({ length: 300 }, (_, i) => String.fromCharCode((i * 37 + 11) % 256)).join('').replaceAll('\n', '');
    const sample = rejectSample(junk);
    expect(sample).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(junk.startsWith(unescape(sample))).toBe(true);
    expect(utf8Length(unescape(sample))).toBeLessThanOrEqual(200);
    expect(utf8Length(unescape(sample))).toBeGreaterThan(197);
    expect(rejectSample('a\u0000b\u001b[31m')).toBe('a\\x00b\\x1b[31m');
  });
});
