/** Writes a generated folder to disk, replacing an earlier simulator output but nothing else. */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const marker = 'npm run simulate';

/** True when dir holds an expected.json this simulator wrote. */
async function isSimulatorOutput(dir: string): Promise<boolean> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(dir, 'expected.json'), 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'generatedBy' in parsed &&
      typeof parsed.generatedBy === 'string' && parsed.generatedBy.startsWith(marker);
  } catch {
    return false;
  }
}

/**
 * Creates outDir with exactly these files. An existing non-empty outDir is
 * replaced only when it is an earlier simulator output, so stale days of a
 * longer run never linger; anything else is refused.
 */
export async function writeFolder(outDir: string, files: ReadonlyMap<string, Buffer>): Promise<void> {
  const existing = await readdir(outDir).catch(() => null);
  if (existing !== null && existing.length > 0) {
    if (!(await isSimulatorOutput(outDir))) {
      throw new Error(`${outDir} is not empty and is not a simulator output (no expected.json from it): refusing to overwrite`);
    }
    await rm(outDir, { recursive: true, force: true });
  }
  for (const [path, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const target = join(outDir, ...path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  await mkdir(outDir, { recursive: true });
}
