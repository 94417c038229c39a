import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { generateScenario } from '../../src/simulate/generate-scenario.js';
import { defaultOptions, type SimulationOptions } from '../../src/simulate/options.js';
import { writeFolder } from '../../src/simulate/write-folder.js';

const temps: string[] = [];

async function hashFolder(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const hashes: Record<string, string> = {};
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    hashes[relative(dir, path)] = createHash('sha256').update(await readFile(path)).digest('hex');
  }
  return hashes;
}

async function generateInto(options: SimulationOptions): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'simulate-'));
  temps.push(dir);
  await writeFolder(join(dir, 'out'), generateScenario(options).files);
  return hashFolder(join(dir, 'out'));
}

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('scenario determinism', () => {
  test('when generated twice with the same arguments then every file is byte-identical', async () => {
    const first = await generateInto(defaultOptions);
    const second = await generateInto(defaultOptions);
    expect(Object.keys(first).length).toBe(9);
    expect(second).toEqual(first);
  });

  test('when the seed differs then the logs differ', async () => {
    const a = await generateInto({ ...defaultOptions, users: 60 });
    const b = await generateInto({ ...defaultOptions, users: 60, seed: 7 });
    expect(b['NYCAS10B/W3SVC1/u_ex101004.log']).not.toBe(a['NYCAS10B/W3SVC1/u_ex101004.log']);
    expect(b['expected.json']).not.toBe(a['expected.json']);
  });

  test('when the output folder holds something else then writeFolder refuses to replace it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'simulate-'));
    temps.push(dir);
    await writeFolder(join(dir, 'mine', 'x'), new Map([['note.txt', Buffer.from('keep')]]));
    await expect(writeFolder(join(dir, 'mine'), new Map())).rejects.toThrow(/not a simulator output/);
  });

  test('when other days, users and start are asked for then the folder follows them', () => {
    const { files, expected } = generateScenario({ days: 3, users: 40, seed: 1, start: '2011-02-27' });
    expect(files.has('NYCAS10A/W3SVC1/u_ex110227.log.gz')).toBe(true);
    expect(files.has('NYCAS10B/W3SVC1/u_ex110301.log')).toBe(true);
    expect(expected.generatedBy).toBe('npm run simulate -- --days 3 --users 40 --seed 1 --start 2011-02-27');
    expect(new Set(expected.devices.map((d) => d.user)).size).toBe(40);
  });
});
