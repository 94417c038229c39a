import Database from 'better-sqlite3';
import { appendFileSync, closeSync, copyFileSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliPath, runCli } from '../helpers/run-cli.js';
import { copyFixture, tempDir } from '../helpers/temp.js';

beforeAll(() => {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first (npm test does)`);
});

/** Sets the window title (OSC 0), rings the bell and clears the screen, if printed raw. */
const hostileName = 'x\u001b]0;PWNED\u0007\u001b[2Jy.log';
/** The same name as sanitizeForTerminal shows it: every control character as a visible escape. */
const hostileNameShown = 'x\\x1b]0;PWNED\\x07\\x1b[2Jy.log';
const rawControl = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const rebuildHint = 'hint: the database only holds what was read from the logs: move it aside (or pass another --db) and run ingest again to rebuild it\n';
const iisLog = (folder: string): string => join(folder, 'NYCAS10A', 'W3SVC1', 'u_ex101004.log');

/**
 * Ingests the migration fixture, then overwrites the root page of `requests` (a page
 * in the middle of the file, not the header or the schema) with 0xA5 bytes: SQLite
 * opens the file fine and only fails when a statement reads that table.
 */
function damagedDatabase(): { folder: string; db: string } {
  const folder = copyFixture('folders/migration');
  const db = join(tempDir(), 'damaged.db');
  expect(runCli(['ingest', folder, '--db', db, '--quiet']).status).toBe(0);
  // Closed cleanly, so every page is in the main file and none in a WAL that would mask the damage.
  expect(existsSync(`${db}-wal`)).toBe(false);
  const reader = new Database(db, { readonly: true });
  const pageSize = reader.pragma('page_size', { simple: true }) as number;
  const pageCount = reader.pragma('page_count', { simple: true }) as number;
  const root = reader.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'requests'").pluck().get() as number;
  reader.close();
  expect(pageSize).toBe(4096);
  expect(root).toBeGreaterThan(1);
  expect(root).toBeLessThan(pageCount);
  const fd = openSync(db, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
  closeSync(fd);
  return { folder, db };
}

describe('ingest robustness (CLI)', () => {
  it('when a file name holds escape sequences then the skipped-file warning shows them as text', () => {
    const folder = tempDir();
    copyFileSync(iisLog(copyFixture('folders/migration')), join(folder, 'u_ex101004.log'));
    writeFileSync(join(folder, hostileName), 'hello\n');
    const run = runCli(['ingest', folder, '--db', join(tempDir(), 'a.db'), '--quiet']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(`warning: skipped ${join(folder, hostileNameShown)}: not a W3C log (no #Fields in the first 64 KiB)\n`);
    expect(run.stderr).not.toMatch(rawControl);
  });

  it('when the database path holds escape sequences and cannot be opened then the error shows them as text', () => {
    const run = runCli(['ingest', copyFixture('folders/migration'), '--db', `/nonexistent/${hostileName}/a.db`]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: cannot open database \/nonexistent\/x\\x1b\]0;PWNED\\x07\\x1b\[2Jy\.log\/a\.db: /);
    expect(run.stderr).not.toMatch(rawControl);
  });

  it('when a mistyped option holds escape sequences then commander\'s error shows them as text', () => {
    const run = runCli(['ingest', 'logs', `--x${hostileName}`]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`error: unknown option '--x${hostileNameShown}'`);
    expect(run.stderr).not.toMatch(rawControl);
  });

  it('when a page of the database is damaged then report names the file, says how to rebuild it, and exits 1', () => {
    const { db } = damagedDatabase();
    const run = runCli(['report', '--db', db]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`error: database ${db} is damaged (database disk image is malformed)\n${rebuildHint}`);
  });

  it('when a page of the database is damaged then ingesting new lines stops with the file named and the rebuild hint', () => {
    const { folder, db } = damagedDatabase();
    const log = iisLog(folder);
    const activeSyncLine = readFileSync(log, 'utf8').split('\r\n').find((line) => line.includes('/Microsoft-Server-ActiveSync'));
    expect(activeSyncLine).toBeDefined();
    appendFileSync(log, `${activeSyncLine}\r\n`);
    const run = runCli(['ingest', folder, '--db', db, '--quiet']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `warning: skipped ${join(folder, 'notes.txt')}: not a W3C log (no #Fields in the first 64 KiB)\n` +
      `error: database ${db} is damaged (database disk image is malformed)\n${rebuildHint}`,
    );
  });
});
