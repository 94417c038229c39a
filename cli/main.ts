#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { UserError } from '../src/errors.js';

/**
 * Each command's module, imported only when needed: a run that names its command
 * loads that one alone (loading all five cost ~45 ms of every start). Anything
 * else (a folder for the default dashboard, --help, a typo to suggest for) gets all.
 */
const commandModules: Record<string, () => Promise<(program: Command) => void>> = {
  dashboard: async () => (await import('./commands/dashboard.js')).registerDashboardCommand,
  ingest: async () => (await import('./commands/ingest.js')).registerIngestCommand,
  report: async () => (await import('./commands/report.js')).registerReportCommand,
  device: async () => (await import('./commands/device.js')).registerDeviceCommand,
  query: async () => (await import('./commands/query.js')).registerQueryCommand,
};

const program = new Command();
program
  .name('activesync-doctor')
  .description('Which phones work during an Exchange CAS migration, which do not, why, and what to change.\n' +
    'Reads IIS W3SVC logs, classifies every ActiveSync request (451 redirect / PrxTo proxy / direct) and diagnoses every device.')
  .version('0.1.0')
  .showHelpAfterError('(add --help for usage)')
  .showSuggestionAfterError(true)
  .option('--debug', 'show stack traces of unexpected errors');

const named = process.argv[2] ?? '';
const wanted = Object.hasOwn(commandModules, named) ? [named] : Object.keys(commandModules);
for (const register of await Promise.all(wanted.map((name) => commandModules[name]!()))) register(program);

program.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeOf(error);
}

/** Prints an error as one or two lines (a stack only with --debug) and picks the exit code. */
function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof UserError) {
    process.stderr.write(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
    return error.exitCode;
  }
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'SQLITE_FULL' || e.code === 'ENOSPC') {
    process.stderr.write('error: disk full while writing the database; free space and run again (nothing is counted twice)\n');
    return 1;
  }
  process.stderr.write(`error: ${e.message ?? String(error)}\n`);
  if (program.opts().debug) process.stderr.write(`${e.stack ?? ''}\n`);
  return 1;
}
