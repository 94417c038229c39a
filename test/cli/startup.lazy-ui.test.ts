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

/** Ink, React and the views: only the dashboard on a terminal needs them. */
const uiModules = /node_modules\/(ink|react)\/|\/src\/ui\//;

/**
 * Runs the built CLI with a module-resolve hook that writes down every module it
 * loads whose URL matches `pattern`; returns those, one URL each.
 */
function modulesLoadedBy(args: string[], pattern: RegExp = uiModules): string[] {
  const dir = tempDir();
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (new RegExp(${JSON.stringify(pattern.source)}).test(resolved.url)) appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
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
    expect(modulesLoadedBy(args)).toEqual([]);
  });

  test('when a command is named then only its own command module is loaded, and --help still lists them all', () => {
    const logs = copyFixture('folders/migration');
    const commandModules = modulesLoadedBy(['ingest', logs, '--db', 'lazy.db', '--quiet'], /\/cli\/commands\//);
    expect(commandModules.map((url) => url.replace(/.*\/cli\/commands\//, ''))).toEqual(['ingest.js']);
    const help = spawnSync(process.execPath, [cliPath, '--help'], { encoding: 'utf8', env: cliEnv });
    for (const command of ['dashboard', 'ingest', 'report', 'device', 'query']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  test('when the dashboard prints a snapshot (not a terminal) then it does not load them either', () => {
    const logs = copyFixture('folders/migration');
    expect(modulesLoadedBy(['dashboard', logs, '--db', 'snap.db'])).toEqual([]);
  });
});

describe('the package bin', () => {
  test.skipIf(process.platform === 'win32')('when run as a program, as npx does, then it starts (the build leaves it executable)', () => {
    const run = spawnSync(cliPath, ['--version'], { encoding: 'utf8', env: cliEnv });
    expect(run.error).toBeUndefined();
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
