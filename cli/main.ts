#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { databaseFailureOf, UserError } from '../src/errors.js';
import { sanitizeForTerminal } from '../src/text/sanitize-terminal.js';

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
  .option('--debug', 'show stack traces of unexpected errors')
  // Commander echoes what was typed ("unknown option '…'"): argv can hold escape sequences too.
  .configureOutput({ outputError: (text, write) => write(sanitizeForTerminal(text, { allowNewlines: true })) });

/** The --db of the command being run: SQLite's own errors never say which file they are about. */
let databasePath: string | undefined;
program.hook('preAction', (_program, action) => {
  const db: unknown = action.opts().db;
  databasePath = typeof db === 'string' ? db : undefined;
});

const named = process.argv[2] ?? '';
const wanted = Object.hasOwn(commandModules, named) ? [named] : Object.keys(commandModules);
for (const register of await Promise.all(wanted.map((name) => commandModules[name]!()))) register(program);

program.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeOf(error);
}

/**
 * Writes one line to stderr. Paths and database messages come from the file system
 * and the logs' folder names: a file named `x\x1b]0;PWNED\x07.log` must show as text,
 * and a newline in it must not forge a second `hint:` line.
 */
function writeErrorLine(text: string): void {
  process.stderr.write(`${sanitizeForTerminal(text)}\n`);
}

/** Prints an error as one or two lines (a stack only with --debug) and picks the exit code. */
function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode;
  const known = error instanceof UserError ? error : databaseFailureOf(error, databasePath);
  if (known) {
    writeErrorLine(`error: ${known.message}`);
    if (known.hint) writeErrorLine(`hint: ${known.hint}`);
    return known.exitCode;
  }
  const e = error as NodeJS.ErrnoException;
  writeErrorLine(`error: ${e.message ?? String(error)}`);
  if (program.opts().debug) process.stderr.write(`${sanitizeForTerminal(e.stack ?? '', { allowNewlines: true })}\n`);
  return 1;
}
