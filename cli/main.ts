#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { UserError } from '../src/errors.js';
import { registerDashboardCommand } from './commands/dashboard.js';
import { registerDeviceCommand } from './commands/device.js';
import { registerIngestCommand } from './commands/ingest.js';
import { registerQueryCommand } from './commands/query.js';
import { registerReportCommand } from './commands/report.js';

const program = new Command();
program
  .name('activesync-doctor')
  .description('Which phones work during an Exchange CAS migration, which do not, why, and what to change.\n' +
    'Reads IIS W3SVC logs, classifies every ActiveSync request (451 redirect / PrxTo proxy / direct) and diagnoses every device.')
  .version('0.1.0')
  .showHelpAfterError('(add --help for usage)')
  .showSuggestionAfterError(true)
  .option('--debug', 'show stack traces of unexpected errors');

registerDashboardCommand(program);
registerIngestCommand(program);
registerReportCommand(program);
registerDeviceCommand(program);
registerQueryCommand(program);

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
