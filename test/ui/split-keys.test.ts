import { expect, test } from 'vitest';
import type { Key } from 'ink';
import { splitKeys } from '../../src/ui/split-keys.js';

const none = { upArrow: false, escape: false, meta: false } as Key;

test('when one key arrives then it passes through untouched', () => {
  expect(splitKeys('j', none)).toEqual([['j', none]]);
});

test('when keys arrive together then each becomes its own press with the flags Ink would set', () => {
  const keys = splitKeys('jG\r\t\u007f\u0003', none);
  expect(keys.map(([input]) => input)).toEqual(['j', 'G', '', '', '', 'c']);
  expect(keys[1]?.[1].shift).toBe(true);
  expect(keys[2]?.[1].return).toBe(true);
  expect(keys[3]?.[1].tab).toBe(true);
  expect(keys[4]?.[1].delete).toBe(true);
  expect(keys[5]?.[1].ctrl).toBe(true);
});

test('when Esc and a letter come together (read as Alt+letter) then they are Esc, then the letter', () => {
  const altP = { ...none, meta: true } as Key;
  const keys = splitKeys('p', altP);
  expect(keys.map(([input, key]) => [input, key.escape])).toEqual([
    ['', true],
    ['p', false],
  ]);
});
