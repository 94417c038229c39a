import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { copyFixture, tempDir } from '../helpers/temp.js';

const cli = join(packageRoot(), 'dist', 'cli', 'main.js');

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does)`);
});

/** Runs the CLI with stdin and stdout as pipes (not a terminal), TZ=UTC, no colour. */
function run(args: string[], env: Record<string, string> = {}) {
  const cwd = tempDir();
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    input: '',
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { ...result, cwd };
}

describe('dashboard when not on a terminal', () => {
  test('when stdin is a pipe then it ingests, prints overview, findings with fixes and failing devices with reasons, and exits 0', () => {
    const logs = copyFixture('folders/migration');
    const { status, stdout, stderr, cwd } = run(['dashboard', logs, '--db', 'snap.db']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^ActiveSync Doctor snapshot: data up to 2010-10-04 08:01:00 UTC\n/);
    expect(stdout).toContain('OVERVIEW\n  8 client-facing ActiveSync requests from 4 devices; 1 failing; 2 rejected lines in 3 files');
    expect(stdout).toContain('By class: redirect (451) 3 (38%) · proxy 2 (25%) · direct 3 (38%)');
    expect(stdout).toMatch(/NYCAS10B\s+\S+u_ex101004\.log\s+1,002 of 1,002 bytes\s+2010-10-04 08:01:00\s+0 min/);
    expect(stdout).toContain('MIGRATION FINDINGS');
    expect(stdout).toMatch(/\[critical\] .*ExternalURL/);
    expect(stdout).toContain('Fix: ');
    expect(stdout).toContain('FAILING DEVICES (1 of 4)\n  alice · iPhone · ApplAAAA1111 — redirect-stuck');
    expect(stdout).toMatch(/Reason: 3 HTTP 451 redirects on NYCAS10A/);
    expect(existsSync(join(cwd, 'snap.db'))).toBe(true);
  });

  test('when no command is named then dashboard is the default, and a missing folder is a problem line, not a failure', () => {
    const logs = copyFixture('folders/migration');
    const { status, stdout } = run([logs, join(logs, 'NYCAS10C-not-yet'), '--db', 'snap.db']);
    expect(status).toBe(0);
    expect(stdout).toContain('NYCAS10C-not-yet: does not exist (yet)');
    expect(stdout).toContain('FAILING DEVICES (1 of 4)');
  });

  test('when CI is set then it prints the snapshot even with --snapshot left out', () => {
    const logs = copyFixture('folders/migration');
    const { status, stdout } = run(['dashboard', logs, '--db', 'snap.db'], { CI: 'true' });
    expect(status).toBe(0);
    expect(stdout).toContain('MIGRATION FINDINGS');
  });

  test('when piped with COLUMNS set then reasons and fixes wrap to it, and the file holds every word and the whole command', () => {
    const logs = copyFixture('folders/migration');
    const { status, stdout } = run(['dashboard', logs, '--db', 'snap.db', '--snapshot'], { COLUMNS: '80' });
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    const fix = lines.findIndex((l) => l.startsWith('    Fix:    '));
    const block = [lines[fix]!.slice(12)];
    for (const line of lines.slice(fix + 1)) {
      if (!line.startsWith(' '.repeat(12))) break;
      block.push(line.trim());
    }
    const command = "Set-ActiveSyncVirtualDirectory -Identity '<LEGACYCAS>\\Microsoft-Server-ActiveSync (Default Web Site)' -ExternalUrl $null";
    expect(block).toContain(command);
    expect(block.join(' ')).toMatch(/^Either make https:\/\/legacy\.company\.com\S+ work for the device: .* until they move\.$/);
    for (const line of block.filter((l) => !/^[A-Z][a-z]+-[A-Z]/.test(l))) expect(12 + line.length, line).toBeLessThanOrEqual(80);
  });

  test('when log text holds terminal escapes then the snapshot shows them as text and contains no control bytes', () => {
    const logs = copyFixture('folders/migration');
    appendFileSync(
      join(logs, 'NYCAS10A', 'W3SVC1', 'u_ex101004.log'),
      '2010-10-04 08:10:00 10.1.1.20 POST /Microsoft-Server-ActiveSync/default.eas User=eve&DeviceId=EVIL1&DeviceType=Evil%1B%5B2J%1B%5D0;pwned%07&Cmd=Sync&Log=V141_ 443 COMPANY\\eve 203.0.113.66 Evil/1.0 200 0 0 15\r\n',
    );
    const { status, stdout } = run(['dashboard', logs, '--db', 'snap.db', '--snapshot']);
    expect(status).toBe(0);
    expect(stdout).toContain('Evil\\x1b[2J\\x1b]0;pwned\\x07');
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});
