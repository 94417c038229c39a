import { describe, expect, test } from 'vitest';
import { toSafeJson } from '../../../src/text/to-safe-json.js';

describe('toSafeJson', () => {
  test('when strings hold ESC, C1, DEL, bidi or line separators then the output has none raw but decodes the same', () => {
    const rows = [{ ua: 'a\u001b[2Jb\u009b31m\u007f\u202e\u2066\u2028c', n: 1, none: null }];
    const json = toSafeJson(rows);
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(json).toContain('\\u009b');
    expect(json).toContain('\\u202e');
    expect(JSON.parse(json)).toEqual(rows);
  });

  test('when values are blobs or bigints then they are written as hex and text', () => {
    expect(JSON.parse(toSafeJson({ b: Buffer.from([1, 255]), u: new Uint8Array([2]), big: 10n }))).toEqual({
      b: '01ff',
      u: '02',
      big: '10',
    });
  });

  test('when the rows are empty then the output is an empty array', () => {
    expect(toSafeJson([])).toBe('[]');
  });
});
