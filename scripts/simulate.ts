#!/usr/bin/env node
/**
 * npm run simulate -- --out DIR [--days N] [--users N] [--seed S] [--start YYYY-MM-DD]
 *   writes the migration scenario's log folder with expected.json (same args, same bytes);
 * npm run simulate -- --bench-lines N --out FILE [--seed S]
 *   streams one big CAS log for the ingest benchmark.
 */
import { Command, InvalidArgumentError } from 'commander';
import { generateBenchLog } from '../src/simulate/bench-log.js';
import { countVerdicts } from '../src/simulate/expected.js';
import { generateScenario } from '../src/simulate/generate-scenario.js';
import { defaultOptions, parseStartDate } from '../src/simulate/options.js';
import { writeFolder } from '../src/simulate/write-folder.js';

function positiveInt(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('must be a whole number, 1 or more.');
  return value;
}

function seedInt(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new InvalidArgumentError('must be a whole number from 0 to 4294967295.');
  return value;
}

function startDate(text: string): string {
  if (parseStartDate(text) === null) throw new InvalidArgumentError('must be a YYYY-MM-DD date.');
  return text;
}

interface CliOptions {
  out: string;
  days: number;
  users: number;
  seed: number;
  start: string;
  benchLines?: number;
}

const program = new Command()
  .name('simulate')
  .description('Deterministic IIS logs of an Exchange 2007 -> 2010 ActiveSync migration (see sample-logs/README.md).')
  .requiredOption('--out <path>', 'output folder (scenario) or file (--bench-lines)')
  .option('--days <n>', 'UTC days of logs', positiveInt, defaultOptions.days)
  .option('--users <n>', 'mailbox users in total (the fixed cast plus healthy background users)', positiveInt, defaultOptions.users)
  .option('--seed <n>', 'random seed', seedInt, defaultOptions.seed)
  .option('--start <date>', 'first day, UTC', startDate, defaultOptions.start)
  .option('--bench-lines <n>', 'write ONE big CAS log of n data lines to --out instead (uses --seed and --start)', positiveInt)
  .showHelpAfterError('(add --help for usage)')
  .action(async (options: CliOptions) => {
    const began = performance.now();
    if (options.benchLines !== undefined) {
      const summary = await generateBenchLog(options.out, options.benchLines, options.seed, { start: options.start });
      const seconds = ((performance.now() - began) / 1000).toFixed(2);
      process.stdout.write(`${options.out}: ${summary.lines} lines (+${summary.directives} directives), ${summary.bytes} bytes in ${seconds} s\n`);
      return;
    }
    const { days, users, seed, start } = options;
    const scenario = generateScenario({ days, users, seed, start });
    await writeFolder(options.out, scenario.files);
    let bytes = 0;
    for (const file of scenario.files.values()) bytes += file.length;
    const counts = Object.entries(countVerdicts(scenario.expected)).map(([v, n]) => `${v} ${n}`).join(', ');
    process.stdout.write(`${options.out}: ${scenario.files.size} files, ${bytes} bytes, ${scenario.expected.devices.length} devices (${counts})\n`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
