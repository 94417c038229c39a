/**
 * Seeded randomness for the simulator. Never Math.random or Date.now: the same
 * arguments must give byte-identical log folders, so every draw comes from here.
 */

/** A seeded pseudo-random source. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly. Throws on an empty list (a bug in a table). */
  pick<T>(items: readonly T[]): T;
  /** One value from [value, weight] rows, proportionally to the weights. */
  weighted<T>(rows: readonly (readonly [T, number])[]): T;
}

/** mulberry32: 32-bit state, fast, good enough for synthetic logs (not for crypto). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mixes a seed with a label (FNV-1a over the label's UTF-16 units). Each device and
 * each stream gets its own derived seed, so adding a device or a draw to one stream
 * does not shift every other line of the output.
 */
export function deriveSeed(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Creates an Rng from a seed, optionally forked by a label (see deriveSeed). */
export function createRng(seed: number, label?: string): Rng {
  const next = mulberry32(label === undefined ? seed : deriveSeed(seed, label));
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick() from an empty list');
      return item;
    },
    weighted<T>(rows: readonly (readonly [T, number])[]): T {
      let total = 0;
      for (const row of rows) total += row[1];
      let ticket = next() * total;
      for (const [value, weight] of rows) {
        ticket -= weight;
        if (ticket < 0) return value;
      }
      const last = rows[rows.length - 1];
      if (last === undefined) throw new Error('weighted() from an empty table');
      return last[0];
    },
  };
}
