import { describe, expect, test } from 'vitest';
import { createRng, deriveSeed, mulberry32 } from '../../src/simulate/prng.js';

describe('prng', () => {
  test('when seeded the same then mulberry32 gives the same sequence', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  test('when the label differs then the derived stream differs', () => {
    expect(deriveSeed(42, 'device:a')).not.toBe(deriveSeed(42, 'device:b'));
    expect(createRng(42, 'a').next()).not.toBe(createRng(42, 'b').next());
    expect(createRng(42, 'a').next()).toBe(createRng(42, 'a').next());
  });

  test('when drawing ints then both ends are reachable and nothing falls outside', () => {
    const rng = createRng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(rng.int(1, 4));
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
  });

  test('when a weight is zero then weighted never returns that row', () => {
    const rng = createRng(1);
    for (let i = 0; i < 500; i++) expect(rng.weighted([['a', 0], ['b', 1]] as const)).toBe('b');
  });
});
