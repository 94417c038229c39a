import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { cliEnv, cliPath } from '../helpers/run-cli.js';
import { copyFixture, tempDir } from '../helpers/temp.js';

beforeAll(() => {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first (npm test does)`);
});

/**
 * Runs the built CLI with a module-resolve hook that writes down every Ink, React or
 * src/ui module it loads; returns those, one URL each.
 */
function uiModulesLoadedBy(args: string[]): string[] {
  const dir = tempDir();
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (/node_modules\\/(ink|react)\\/|\\/src\\/ui\\//.test(resolved.url)) appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
  return resolved;
}
`,
  );
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, cliPath, ...args], {
    encoding: 'utf8',
    env: cliEnv,
    cwd: dir,
    input: '',
  });
  expect(run.status, run.stderr).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter((line) => line !== '');
}

describe('CLI start-up', () => {
  test.each([['--help'], ['query', 'list'], ['report', '--help']])('when running %s then neither Ink, React nor the views are loaded', (...args) => {
    expect(uiModulesLoadedBy(args)).toEqual([]);
  });

  test('when the dashboard prints a snapshot (not a terminal) then it does not load them either', () => {
    const logs = copyFixture('folders/migration');
    expect(uiModulesLoadedBy(['dashboard', logs, '--db', 'snap.db'])).toEqual([]);
  });
});

describe('the package bin', () => {
  test.skipIf(process.platform === 'win32')('when run as a program, as npx does, then it starts (the build leaves it executable)', () => {
    const run = spawnSync(cliPath, ['--version'], { encoding: 'utf8', env: cliEnv });
    expect(run.error).toBeUndefined();
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
