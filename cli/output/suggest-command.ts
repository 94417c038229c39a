import type { Command } from 'commander';

/** Edit distance (insertions, deletions, substitutions) between two short words. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The command a mistyped word probably meant, or null. The dashboard is the
 * default command and takes folders, so `activesync-doctor repor` would
 * otherwise follow a folder called "repor" instead of saying what went wrong.
 */
export function suggestCommand(program: Command, word: string): string | null {
  if (/[\\/.]/.test(word)) return null;
  const names = program.commands.map((c) => c.name());
  const best = names.map((name) => ({ name, d: distance(word.toLowerCase(), name) })).sort((x, y) => x.d - y.d)[0];
  return best !== undefined && best.d <= 2 && best.d < best.name.length ? best.name : null;
}
