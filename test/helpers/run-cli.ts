import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';

export const cliPath = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

/** Environment for deterministic CLI output: UTC, no colour, fixed width, not interactive. */
export const cliEnv = { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '100', FORCE_COLOR: '0' };

/** Runs the built CLI to completion (npm test builds dist/ first). */
export function runCli(args: string[], options: { cwd?: string; input?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', env: cliEnv, cwd: options.cwd, input: options.input ?? '', maxBuffer: 1 << 26 });
}

/** Starts the built CLI without waiting for it. */
export function startCli(args: string[], options: { cwd?: string } = {}) {
  return spawn(process.execPath, [cliPath, ...args], { env: cliEnv, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}
