import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { copyFixture, tempDir } from '../helpers/temp.js';

/**
 * End to end in a real pseudo-terminal: the built CLI runs in a detached tmux
 * session (its own server socket, so nothing else is touched) and the screen is
 * read with `tmux capture-pane -p`. Waits poll the screen for up to 10 s, but the
 * time from writing a log line to seeing it is asserted against the 2 s promise.
 */

const cli = join(packageRoot(), 'dist', 'cli', 'main.js');
const socket = `asd-e2e-${process.pid}`;
const session = 'dash';
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', session);

beforeAll(() => {
  // No silent skip: this test is the acceptance test, so a missing tmux is a failure.
  const which = spawnSync('which', ['tmux'], { encoding: 'utf8' });
  if (which.status !== 0) throw new Error('tmux is not installed: this end-to-end test needs it (apt-get install -y tmux)');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does)`);
});

afterEach(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
});

async function waitForScreen(predicate: (text: string) => boolean, what: string, timeoutMs = 10_000): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  let text = '';
  for (;;) {
    text = screen();
    if (predicate(text)) return { text, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`never saw ${what} within ${timeoutMs} ms; screen:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts the dashboard on `logs` in a 100×30 tmux pane, with a clean environment (no CI, so Ink draws live). */
async function startDashboard(logs: string): Promise<{ dir: string }> {
  const dir = tempDir();
  const command = [
    'env', '-i', `PATH=${process.env.PATH ?? ''}`, 'TERM=xterm-256color', 'TZ=UTC', 'LANG=C.UTF-8',
    `'${process.execPath}'`, `'${cli}'`, 'dashboard', `'${logs}'`, '--db', `'${join(dir, 'e2e.db')}'`,
    ';', 'echo', '"exit=$?"', '>', `'${join(dir, 'exit.txt')}'`,
  ].join(' ');
  tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', '-c', dir, command);
  await waitForScreen((s) => s.includes('Ingest position') && s.includes('now 2010-10-04 08:01:00Z'), 'the overview after the first ingest');
  return { dir };
}

/** A successful EAS Sync in NYCAS10B's #Fields layout (it logs s-sitename, s-computername, cs-host and byte counts). */
const easLine = (date: string, time: string, user: string, type: string): string =>
  `${date} ${time} W3SVC1 NYCAS10B 10.1.1.21 POST /Microsoft-Server-ActiveSync/default.eas ` +
  `User=${user}&DeviceId=E2E${user}&DeviceType=${type}&Cmd=Sync&Log=V141_ 443 COMPANY\\${user} 203.0.113.77 ${type}/1.0 ` +
  `activesync.company.com 200 0 0 100 100 15\n`;

describe('dashboard in a terminal (tmux)', () => {
  test('when IIS appends lines to a followed log then the new data is on screen within 2 s, and q quits cleanly', async () => {
    const logs = copyFixture('folders/migration');
    const { dir } = await startDashboard(logs);
    const file = join(logs, 'NYCAS10B', 'W3SVC1', 'u_ex101004.log');

    appendFileSync(file, easLine('2010-10-04', '08:30:00', 'zoe', 'E2EPhone'));
    const seen = await waitForScreen((s) => s.includes('now 2010-10-04 08:30:00Z') && s.includes('E2EPhone'), 'the appended line');
    expect(seen.ms).toBeLessThan(2000);
    expect(seen.text).toMatch(/NYCAS10B\s+u_ex101004\.log.*10-04 08:30\s+0s/);

    tmux('send-keys', '-t', session, 'q');
    const exitFile = join(dir, 'exit.txt');
    for (const started = Date.now(); !existsSync(exitFile) && Date.now() - started < 10_000; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(existsSync(exitFile), 'the program did not exit within 10 s of q').toBe(true);
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('exit=0');
  });

  test('when IIS starts a new day\'s file then it is followed too', async () => {
    const logs = copyFixture('folders/migration');
    await startDashboard(logs);
    const header = readFileSync(join(logs, 'NYCAS10B', 'W3SVC1', 'u_ex101004.log'), 'utf8').split('\n').filter((l) => l.startsWith('#')).slice(0, 4);
    const next = join(logs, 'NYCAS10B', 'W3SVC1', 'u_ex101005.log');
    writeFileSync(next, `${header.join('\n').replace('2010-10-04', '2010-10-05')}\n${easLine('2010-10-05', '00:00:05', 'yan', 'NewDayPhone')}`);
    const seen = await waitForScreen((s) => s.includes('now 2010-10-05 00:00:05Z') && s.includes('NewDayPh'), 'the new day file');
    expect(seen.ms).toBeLessThan(2000);
    expect(seen.text).toMatch(/NYCAS10B\s+u_ex101005\.log/);
    // And lines appended to it keep arriving.
    appendFileSync(next, easLine('2010-10-05', '00:01:00', 'yan', 'NewDayPhone'));
    await waitForScreen((s) => s.includes('now 2010-10-05 00:01:00Z'), 'a line appended to the new file');
  });
});
