import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerQueryCommand } from '../../cli/commands/query.js';
import { UserError } from '../../src/errors.js';
import { listQueries, queriesDir } from '../../src/store/query-library.js';
import { createFixtureDb, type FixtureDb } from '../helpers/fixture-db.js';

let fixture: FixtureDb;
beforeAll(() => {
  fixture = createFixtureDb();
});
afterAll(() => fixture.cleanup());

interface Run {
  stdout: string;
  stderr: string;
  error?: unknown;
}

/** Runs `activesync-doctor query …` in-process with captured output, as cli/main.ts wires it. */
async function query(args: string[], width?: number): Promise<Run> {
  const run: Run = { stdout: '', stderr: '' };
  const program = new Command('activesync-doctor');
  program.exitOverride().configureOutput({
    writeOut: (text) => (run.stdout += text),
    writeErr: (text) => (run.stderr += text),
    getOutHelpWidth: () => 100,
    getErrHelpWidth: () => 100,
  });
  registerQueryCommand(program, {
    stdout: (text) => (run.stdout += text),
    stderr: (text) => (run.stderr += text),
    stdoutWidth: () => width,
  });
  try {
    await program.parseAsync(['query', ...args], { from: 'user' });
  } catch (error) {
    run.error = error;
  }
  return run;
}

const withDb = (...args: string[]): string[] => [...args, '--db', fixture.path];

function userErrorOf(run: Run): UserError {
  expect(run.error).toBeInstanceOf(UserError);
  return run.error as UserError;
}

describe('query NAME', () => {
  test('when run with defaults then a table of the failing devices is printed', async () => {
    const run = await query(withDb('failing-devices'));
    expect(run.error).toBeUndefined();
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      'user   device_id  device_type  dominant_failure  dominant_count  failures_since_success  requests  first_failure     last_failure      last_success      last_seen         device_ref',
      '-----  ---------  -----------  ----------------  --------------  ----------------------  --------  ----------------  ----------------  ----------------  ----------------  ----------',
      'alice  APPL1      iPhone       redirect                       5                       5         6  2024-03-01 09:00  2024-03-01 09:20  2024-03-01 08:00  2024-03-01 09:20           1',
      'carol  APPL2      iPhone       provision                      3                       3         6  2024-03-01 10:00  2024-03-01 10:02  2024-03-01 08:00  2024-03-01 10:02           3',
    ]);
  });

  test('when --param values are given then they are coerced and bound', async () => {
    const run = await query(withDb('failing-devices', '--param', 'min_failures=2', '-p', 'since=2024-03-01T10:00', '--format', 'json'));
    expect(JSON.parse(run.stdout).map((r: { user: string; failures_since_success: number }) => [r.user, r.failures_since_success])).toEqual([
      ['carol', 3],
      ['dave', 2],
    ]);
  });

  test('when the terminal is narrow then every table line fits it', async () => {
    const run = await query(withDb('user-agents'), 60);
    for (const line of run.stdout.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });

  test('when a log string holds escapes then the table shows them escaped and JSON keeps the raw value', async () => {
    const table = await query(withDb('user-agents'));
    expect(table.stdout).toContain('=HYPERLINK("http://evil")\\x1b[2J');
    expect(table.stdout).not.toContain('\u001b');
    const json = await query(withDb('user-agents', '--format', 'json'));
    expect(json.stdout).not.toContain('\u001b');
    expect(JSON.parse(json.stdout)[2].user_agent).toBe('=HYPERLINK("http://evil")\u001b[2J');
  });

  test('when --format csv then formula cells are neutralised and control characters shown escaped', async () => {
    const run = await query(withDb('user-agents', '--format', 'csv'));
    expect(run.stdout).toBe(
      [
        'user_agent,protocol,device_types,devices,users,requests,first_seen,last_seen',
        'Apple-iPhone11C6/1905.258,14.1,iPhone,2,2,12,2024-03-01 07:00,2024-03-01 10:02',
        'Android/4.3-EAS-1.3,12.1,Android,1,1,5,2024-03-01 08:30,2024-03-02 08:00',
        '"\'=HYPERLINK(""http://evil"")\\x1b[2J",,Android,1,1,2,2024-03-01 11:00,2024-03-01 11:05',
        '',
      ].join('\r\n'),
    );
  });

  test('when --out is given then the file gets the result and stderr says how many rows', async () => {
    const out = join(fixture.dir, 'rejects.csv');
    const run = await query(withDb('rejected-lines', '--format', 'csv', '--out', out));
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`wrote 3 rows to ${out}\n`);
    expect(readFileSync(out, 'utf8').split('\r\n')[1]).toBe('/logs/CAS-NEW/u_ex240301.log,3,no-fields-directive,"\'=cmd|\' /C calc\'!A0"');
  });

  test('when --out names the database then nothing is written', async () => {
    const before = readFileSync(fixture.path);
    const e = userErrorOf(await query(withDb('errors', '--out', fixture.path)));
    expect(e.exitCode).toBe(2);
    expect(readFileSync(fixture.path).equals(before)).toBe(true);
  });
});

describe('query errors', () => {
  test('when the name is unknown then exit 2 lists the valid names', async () => {
    const e = userErrorOf(await query(withDb('../../etc/passwd')));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/^unknown query '\.\.\/\.\.\/etc\/passwd'; valid names: .*failing-devices.*top-talkers/);
  });

  test('when a required parameter is missing then exit 2 names it', async () => {
    const e = userErrorOf(await query(withDb('device-timeline')));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/^query device-timeline needs parameter device_id/);
  });

  test('when a parameter is unknown or malformed then exit 2 says which', async () => {
    expect(userErrorOf(await query(withDb('hourly', '--param', 'sever=CAS-OLD'))).message).toBe(
      'query hourly has no parameter sever; its parameters are since, until, server',
    );
    expect(userErrorOf(await query(withDb('hourly', '--param', 'server'))).message).toMatch(/expected key=value/);
  });

  test('when the format is unknown then exit 2 lists the formats', async () => {
    const e = userErrorOf(await query(withDb('hourly', '--format', 'xml')));
    expect([e.exitCode, e.message]).toEqual([2, "unknown format 'xml'; use table, csv, json"]);
  });

  test('when neither a name nor --file is given, or both, then exit 2', async () => {
    expect(userErrorOf(await query(withDb())).exitCode).toBe(2);
    expect(userErrorOf(await query(withDb('hourly', '--file', 'x.sql'))).message).toBe('give a query name or --file, not both');
  });
});

describe('query --file', () => {
  test('when the file reads then it runs with its parameters', async () => {
    const file = join(fixture.dir, 'mine.sql');
    writeFileSync(file, '-- @title: Mine\n-- @param who: a user (default: alice)\nSELECT name FROM users WHERE name = :who\n');
    const run = await query(withDb('--file', file, '--param', 'who=carol', '--format', 'json'));
    expect(JSON.parse(run.stdout)).toEqual([{ name: 'carol' }]);
  });

  test('when the file writes then exit 1 and the database is untouched', async () => {
    const file = join(fixture.dir, 'evil.sql');
    writeFileSync(file, 'DELETE FROM requests');
    const before = createHash('sha1').update(readFileSync(fixture.path)).digest('hex');
    const e = userErrorOf(await query(withDb('--file', file)));
    expect([e.exitCode, e.message]).toEqual([1, `query ${file} writes to the database; queries are read-only`]);
    expect(createHash('sha1').update(readFileSync(fixture.path)).digest('hex')).toBe(before);
  });

  test('when the file has a syntax error then one line names the file and SQLite’s message', async () => {
    const file = join(fixture.dir, 'typo.sql');
    writeFileSync(file, 'SELECT name FRM users');
    const e = userErrorOf(await query(withDb('--file', file)));
    expect([e.exitCode, e.message]).toEqual([2, `query ${file}: near "users": syntax error`]);
  });
});

describe('query list and show', () => {
  test('when listing then every named query appears with its parameters and description', async () => {
    const run = await query(['list']);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^name\s+parameters\s+description$/);
    expect(lines.find((l) => l.startsWith('failing-devices '))).toMatch(
      /^failing-devices\s+since=all until=all min_failures=3\s+devices whose client-facing failures/,
    );
    expect(lines.find((l) => l.startsWith('device-timeline '))).toMatch(/^device-timeline\s+device_id since=all/);
  });

  test('when listing then internal queries are left out; with --all they are listed too', async () => {
    const names = (stdout: string) => stdout.split('\n').slice(2).map((l) => l.split(' ')[0]).filter((n) => n !== '');
    const shown = names((await query(['list'])).stdout);
    const all = names((await query(['list', '--all'])).stdout);
    const internal = listQueries().filter((q) => q.internal).map((q) => q.name);
    expect(internal).toEqual(expect.arrayContaining(['dashboard-header', 'device-breakdown', 'server-load', 'class-timeline']));
    expect(shown).toEqual(listQueries().filter((q) => !q.internal).map((q) => q.name));
    expect(shown).toContain('failing-devices');
    expect(shown.filter((n) => internal.includes(n))).toEqual([]);
    expect(all).toEqual(listQueries().map((q) => q.name));
    expect((await query(['list', '-a'])).stdout).toBe((await query(['list', '--all'])).stdout);
  });

  test('when an internal query is named then it still runs and shows', async () => {
    const run = await query(withDb('server-load', '--format', 'csv'));
    expect(run.error).toBeUndefined();
    expect(run.stdout.split('\r\n')[0]).toBe('name,requests,direct,proxy,redirect,failures');
    expect((await query(['show', 'dashboard-header'])).stdout).toContain('-- @internal: true');
  });

  test('when showing a query then its file is printed as is', async () => {
    const run = await query(['show', 'top-talkers']);
    expect(run.stdout).toBe(readFileSync(join(queriesDir(), 'top-talkers.sql'), 'utf8'));
  });

  test('when showing an unknown query then exit 2', async () => {
    expect(userErrorOf(await query(['show', 'nope'])).exitCode).toBe(2);
  });

  test('when asking for help then the usage, options and examples are shown', async () => {
    const run = await query(['--help']);
    expect(run.error).toBeInstanceOf(CommanderError);
    expect((run.error as CommanderError).exitCode).toBe(0);
    await expect(run.stdout).toMatchFileSnapshot('../golden/help-query.txt');
  });
});
