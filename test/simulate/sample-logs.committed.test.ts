import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { generateScenario } from '../../src/simulate/generate-scenario.js';
import { defaultOptions } from '../../src/simulate/options.js';

const folder = join(import.meta.dirname, '..', '..', 'sample-logs');

describe('committed sample-logs/', () => {
  test('when compared with a fresh default run then nothing has drifted (regenerate: npm run build && npm run simulate -- --out sample-logs)', async () => {
    expect(existsSync(join(folder, 'expected.json'))).toBe(true);
    const fresh = generateScenario(defaultOptions).files;
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    const committed = entries.filter((e) => e.isFile()).map((e) => relative(folder, join(e.parentPath, e.name)).split('\\').join('/'));
    expect(committed.sort()).toEqual([...fresh.keys()].sort());
    for (const path of committed) {
      const bytes = await readFile(join(folder, path));
      // Compare gzip content, not gzip bytes: another zlib build may compress differently.
      const open = (b: Buffer): Buffer => (path.endsWith('.gz') ? gunzipSync(b) : b);
      expect(open(bytes).equals(open(fresh.get(path)!)), path).toBe(true);
    }
  });
});
