import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { createFixtureDb, type FixtureDb } from '../helpers/fixture-db.js';

const main = join(packageRoot(), 'dist', 'cli', 'main.js');

let fixture: FixtureDb;
beforeAll(() => {
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` (npm test does) before these tests`);
  fixture = createFixtureDb();
});
afterAll(() => fixture?.cleanup());

/** Runs the built CLI the way a user does: real process, UTC, no colour, fixed width. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [main, 'query', ...args], {
    cwd: fixture.dir,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '200' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const noStackTrace = (stderr: string): void => expect(stderr).not.toMatch(/^\s+at /m);

describe('activesync-doctor query (built CLI)', () => {
  test('when a named query runs as CSV then stdout is the CSV and the exit code 0', () => {
    const run = cli('failing-devices', '--db', fixture.path, '--format', 'csv');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        'user,device_id,device_type,dominant_failure,dominant_count,failures_since_success,requests,first_failure,last_failure,last_success,last_seen,device_ref',
        'alice,APPL1,iPhone,redirect,5,5,6,2024-03-01 09:00,2024-03-01 09:20,2024-03-01 08:00,2024-03-01 09:20,1',
        'carol,APPL2,iPhone,provision,3,3,6,2024-03-01 10:00,2024-03-01 10:02,2024-03-01 08:00,2024-03-01 10:02,3',
        '',
      ].join('\r\n'),
    );
  });

  test('when the query name is unknown then exit 2 with one error line listing valid names', () => {
    const run = cli('../../etc/passwd', '--db', fixture.path);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toMatch(/^error: unknown query '\.\.\/\.\.\/etc\/passwd'; valid names: .*failing-devices/);
    noStackTrace(run.stderr);
  });

  test('when a query file writes then exit 1, one line, and the database file is unchanged', () => {
    const file = join(fixture.dir, 'drop.sql');
    writeFileSync(file, '-- @title: Oops\nDROP TABLE requests;\n');
    const before = digest(fixture.path);
    const run = cli('--file', file, '--db', fixture.path);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`error: query ${file} writes to the database; queries are read-only\n`);
    expect(digest(fixture.path)).toBe(before);
  });

  test('when a query file has a syntax error then one line names the file and the SQLite message', () => {
    const file = join(fixture.dir, 'typo.sql');
    writeFileSync(file, 'SELEC 1');
    const run = cli('--file', file, '--db', fixture.path);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`error: query ${file}: near "SELEC": syntax error\n`);
  });

  test('when a table holds terminal escapes then no raw ESC or C1 byte reaches stdout', () => {
    const run = cli('users', '--db', fixture.path);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('\\x1b[2J');
    expect(run.stdout).not.toMatch(/[\u001b\u0080-\u009f]/);
  });
});
