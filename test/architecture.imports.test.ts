import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '..', 'src');

/** Every module under src/ with the specifiers it imports. */
function modules(): { file: string; imports: string[] }[] {
  const found: { file: string; imports: string[] }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        found.push({ file: relative(src, path), imports: [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]!) });
      }
    }
  };
  walk(src);
  return found;
}

/** The dependency direction of docs/style.md 3.1, as data: folder → what it must not import. */
const forbidden: ReadonlyArray<{ folder: string; pattern: RegExp; why: string }> = [
  { folder: 'w3c/', pattern: /node:fs|\/store\/|\/ingest\/|\/ui\/|better-sqlite3/, why: 'parsing is pure' },
  { folder: 'activesync/', pattern: /node:fs|\/store\/|\/ingest\/|\/ui\/|better-sqlite3/, why: 'decoding and classifying are pure' },
  { folder: 'diagnose/', pattern: /node:fs|\/store\/|\/ingest\/|\/ui\/|better-sqlite3/, why: 'verdict rules and findings are pure' },
  { folder: 'ui/', pattern: /\/store\/|better-sqlite3/, why: 'views get their data through a DashboardSource' },
];

describe('module boundaries', () => {
  it('when a pure module imports I/O or storage then this test names it', () => {
    const offences = modules().flatMap(({ file, imports }) =>
      forbidden.filter((rule) => file.startsWith(rule.folder)).flatMap((rule) =>
        imports.filter((spec) => rule.pattern.test(spec)).map((spec) => `${file} imports ${spec} (${rule.why})`)));
    expect(offences).toEqual([]);
  });

  it('when better-sqlite3 is imported then it is by store/ only', () => {
    const importers = modules().filter(({ imports }) => imports.includes('better-sqlite3')).map(({ file }) => file);
    expect(importers.every((file) => file.startsWith('store/'))).toBe(true);
    expect(importers.length).toBeGreaterThan(0);
  });
});
