import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { generateBenchLog } from '../../src/simulate/bench-log.js';
import { copyFixture, tempDir } from '../helpers/temp.js';
import { cliEnv, cliPath, runCli, startCli } from '../helpers/run-cli.js';
import { contentOf } from '../helpers/db-content.js';

describe('activesync-doctor ingest (CLI)', () => {
  it('when run with --json then stdout is exactly the summary object and warnings go to stderr', () => {
    const folder = copyFixture('folders/migration');
    const db = join(tempDir(), 'a.db');
    const first = runCli(['ingest', folder, '--db', db, '--json']);
    expect(first.status).toBe(0);
    const summary = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(['files', 'skippedFiles', 'lines', 'ingested', 'rejected', 'activesync', 'other', 'elapsedMs', 'linesPerSecond']);
    expect(summary).toMatchObject({ files: 3, skippedFiles: 1, lines: 14, ingested: 12, rejected: 2 });
    expect(first.stderr).toMatch(/warning: skipped .*notes\.txt: not a W3C log/);
    const second = runCli(['ingest', folder, '--db', db, '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ lines: 0, ingested: 0 });
  });

  it('when stderr is a terminal and --json is given then progress is drawn on stderr and stdout holds only the summary', () => {
    const folder = copyFixture('folders/migration');
    const dir = tempDir();
    const out = join(dir, 'summary.json');
    // script(1) gives the run a terminal; stdout goes to a file, as in `ingest --json > summary.json`.
    const command = `'${process.execPath}' '${cliPath}' ingest '${folder}' --db '${join(dir, 'a.db')}' --json > '${out}'`;
    const tty = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: cliEnv });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toMatch(/\d+%  files \d\/3 .* lines\/s/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ files: 3, lines: 14, ingested: 12, rejected: 2 });
  });

  it('when run without --json then a human summary names classes and rejects', () => {
    const result = runCli(['ingest', copyFixture('folders/migration'), '--db', join(tempDir(), 'a.db')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/4 direct, 2 proxied, 3 redirected \(451\)/);
    expect(result.stderr).toMatch(/2 rejected/);
  });

  it('when --db is not given then activesync-doctor.db is written in the current folder', () => {
    const cwd = tempDir();
    const result = runCli(['ingest', copyFixture('folders/migration'), '--json'], { cwd });
    expect(result.status).toBe(0);
    const db = new Database(join(cwd, 'activesync-doctor.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM requests').pluck().get()).toBe(9);
    db.close();
  });

  it('when run with --strict then skipped files or rejected lines give exit code 3, and a clean folder 0', () => {
    const folder = copyFixture('folders/migration');
    const strict = runCli(['ingest', folder, '--db', join(tempDir(), 'a.db'), '--strict', '--json']);
    expect(strict.status).toBe(3);
    expect(JSON.parse(strict.stdout)).toMatchObject({ skippedFiles: 1, rejected: 2, ingested: 12 });
    const clean = join(folder, 'NYCAS10B');
    expect(runCli(['ingest', clean, '--db', join(tempDir(), 'b.db'), '--strict', '--quiet']).status).toBe(0);
    expect(runCli(['ingest', folder, '--db', join(tempDir(), 'c.db'), '--quiet']).status).toBe(0);
  });

  it('when lines are not UTF-8 then the human summary says how many were read as Latin-1, and --json keeps its keys', () => {
    const folder = copyFixture('folders/migration');
    appendFileSync(join(folder, 'NYCAS10B', 'W3SVC1', 'u_ex101004.log'), Buffer.from('2010-10-04 23:59:59 junk caf\xe9\n', 'latin1'));
    const human = runCli(['ingest', folder, '--db', join(tempDir(), 'a.db')]);
    expect(human.stderr).toContain('1 line was not UTF-8 and read as Latin-1: names in them may come from another code page');
    const json = runCli(['ingest', folder, '--db', join(tempDir(), 'b.db'), '--json']);
    expect(Object.keys(JSON.parse(json.stdout))).toEqual(['files', 'skippedFiles', 'lines', 'ingested', 'rejected', 'activesync', 'other', 'elapsedMs', 'linesPerSecond']);
  });

  it('when run with --quiet then only warnings are printed', () => {
    const result = runCli(['ingest', copyFixture('folders/migration'), '--db', join(tempDir(), 'a.db'), '--quiet']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^warning: skipped .*notes\.txt: not a W3C log[^\n]*\n$/);
  });

  it('when a path does not exist then it is named and the exit code stays 0 for what was readable', () => {
    const result = runCli(['ingest', '/nonexistent/logs', copyFixture('folders/migration'), '--db', join(tempDir(), 'a.db'), '--json']);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/cannot read \/nonexistent\/logs: ENOENT/);
  });

  it('when the database folder does not exist then one line names it, without a stack trace', () => {
    const result = runCli(['ingest', copyFixture('folders/migration'), '--db', '/nonexistent/dir/a.db']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot open database \/nonexistent\/dir\/a\.db/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('when the database file is not a database then one line says so and how to recover', () => {
    const db = join(tempDir(), 'junk.db');
    writeFileSync(db, Buffer.alloc(4096, 7));
    const result = runCli(['ingest', copyFixture('folders/migration'), '--db', db]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot open database .*junk\.db: file is not a database\nhint: the file is not an ActiveSync Doctor database/);
  });

  it('when a command is mistyped then it is not taken for a folder to follow', () => {
    const cwd = tempDir();
    const result = runCli(['repor'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/'repor' is neither a command nor a folder\nhint: did you mean: activesync-doctor report/);
    expect(existsSync(join(cwd, 'activesync-doctor.db'))).toBe(false);
  });

  it('when ingest is killed with SIGKILL mid-run then a re-run gives exactly the content of one clean run', async () => {
    const dir = tempDir();
    const log = join(dir, 'CAS1', 'W3SVC1', 'u_ex101004.log');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'CAS1', 'W3SVC1'), { recursive: true });
    // Past one commit (200k lines or 1 s) with lines left to go whatever the speed of the machine.
    await generateBenchLog(log, 300_000, 7);
    const clean = join(dir, 'clean.db');
    expect(runCli(['ingest', log, '--db', clean, '--quiet']).status).toBe(0);

    const killed = join(dir, 'killed.db');
    const child = startCli(['ingest', log, '--db', killed, '--quiet']);
    // Wait until at least one batch is committed, then kill without warning.
    for (let i = 0; i < 400; i++) {
      await sleep(25);
      if (!existsSync(killed)) continue;
      try {
        const probe = new Database(killed, { readonly: true });
        const offset = (probe.prepare('SELECT coalesce(max(offset), 0) FROM files').pluck().get() as number);
        probe.close();
        if (offset > 0) break;
      } catch { /* schema not there yet */ }
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const partial = contentOf(killed);
    expect((partial.requests as { n: number }).n).toBeLessThan((contentOf(clean).requests as { n: number }).n);
    expect(runCli(['ingest', log, '--db', killed, '--quiet']).status).toBe(0);
    expect(contentOf(killed)).toEqual(contentOf(clean));
  }, 120_000);
});
