import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { normalizeUser } from '../../src/activesync/normalize-user.js';
import { defaultThresholds } from '../../src/diagnose/device-facts.js';
import { UserError } from '../../src/errors.js';
import { buildReport } from '../../src/report/build-report.js';
import type { ReportModel } from '../../src/report/report-model.js';
import type { ReportOptions } from '../../src/report/report-options.js';
import { reportFormats, renderers, type ReportFormat } from '../../src/report/renderers.js';
import { openReadOnly, type Db } from '../../src/store/open-database.js';
import { parseTimeBound } from '../../src/text/parse-time-bound.js';
import { sanitizeForTerminal } from '../../src/text/sanitize-terminal.js';

/** The options commander hands to the action, as typed on the command line. */
export interface ReportCommandOptions {
  db: string;
  format?: string;
  out?: string;
  all?: boolean;
  since?: string;
  until?: string;
  server?: string;
  user?: string;
  deviceType?: string;
  failOnFailing?: boolean;
  runawayPerDay?: number;
  minFailures?: number;
}

/** What runReport touches outside itself; tests replace it. */
export interface ReportIo {
  open: (path: string) => Db;
  build: (db: Db, options: ReportOptions) => ReportModel;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  writeFile: (path: string, text: string) => void;
  setExitCode: (code: number) => void;
}

const defaultIo: ReportIo = {
  open: openReadOnly,
  build: buildReport,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  writeFile: writeFileAtomic,
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

const examples = `
Formats: md (default), html, csv, json. Without --format the format follows the
--out extension (.html/.htm, .csv, .json, .md); without --out the report goes to stdout.
Times (--since, --until) are ISO 8601 dates or times, UTC unless an offset is given
(2011-03-14, 2011-03-14T09:30, 2011-03-14 09:30:00+01:00), or Unix seconds. A date
alone given to --until means the end of that day.

Exit codes: 0 report written (even when devices fail), 1 database unreadable or
file not writable, 2 bad option, 3 devices are failing and --fail-on-failing was given.

Examples:
  $ activesync-doctor report
  $ activesync-doctor report --out migration.html
  $ activesync-doctor report --all --format csv --out devices.csv
  $ activesync-doctor report --since 2011-03-12 --server CAS10-NY --format json
  $ activesync-doctor report --user alice --device-type iPhone
  $ activesync-doctor report --fail-on-failing --out nightly.md || echo "devices failing"
`;

/** Adds `report`: renders the diagnosis of every device as md, html, csv or json. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write a report of every device: verdict, reason and fix, plus migration findings')
    .option('--db <file>', 'database to read', 'activesync-doctor.db')
    .option('--format <format>', `output format: ${reportFormats.join(', ')} (default: from --out, else md)`)
    .option('--out <file>', 'write the report to FILE instead of stdout')
    .option('--all', 'include healthy devices (default: failing devices only)')
    .option('--since <time>', 'only requests at or after TIME')
    .option('--until <time>', 'only requests at or before TIME')
    .option('--server <name>', 'only requests logged by this CAS')
    .option('--user <name>', 'only this user (DOMAIN\\user, user or UPN)')
    .option('--device-type <type>', 'only this DeviceType, e.g. iPhone')
    .option('--fail-on-failing', 'exit with code 3 when any device is failing')
    .option('--runaway-per-day <n>', `requests in one day above which a succeeding device is a runaway (default: ${defaultThresholds.runawayRequestsPerDay})`, positiveInteger('--runaway-per-day'))
    .option('--min-failures <n>', `failures since the last success before a device counts as failing; fewer are a hiccup (default: ${defaultThresholds.minFailures})`, positiveInteger('--min-failures'))
    .addHelpText('after', examples)
    .action((options: ReportCommandOptions) => {
      runReport(options);
    });
}

/** Runs the report command: parse options, build the model, render, write. */
export function runReport(options: ReportCommandOptions, io: ReportIo = defaultIo): ReportModel {
  const format = chooseFormat(options.format, options.out);
  const reportOptions: ReportOptions = { all: options.all === true };
  if (options.since !== undefined) reportOptions.since = parseTimeOption('--since', options.since);
  if (options.until !== undefined) reportOptions.until = parseTimeOption('--until', options.until);
  if (reportOptions.since !== undefined && reportOptions.until !== undefined && reportOptions.since > reportOptions.until) {
    throw new UserError(`--since ${sanitizeForTerminal(options.since ?? '')} is after --until ${sanitizeForTerminal(options.until ?? '')}`, 2);
  }
  if (options.server !== undefined) reportOptions.server = options.server;
  if (options.user !== undefined) reportOptions.user = normalizeUser(options.user);
  if (options.deviceType !== undefined) reportOptions.deviceType = options.deviceType;
  if (options.runawayPerDay !== undefined || options.minFailures !== undefined) {
    reportOptions.thresholds = {
      ...(options.runawayPerDay !== undefined && { runawayRequestsPerDay: options.runawayPerDay }),
      ...(options.minFailures !== undefined && { minFailures: options.minFailures }),
    };
  }

  const db = io.open(options.db);
  let model: ReportModel;
  try {
    model = io.build(db, reportOptions);
  } finally {
    db.close();
  }
  const text = renderers[format](model);
  if (options.out === undefined) {
    io.stdout(text);
  } else {
    io.writeFile(options.out, text);
    const { devices, failing } = model.summary;
    io.stderr(`report written to ${options.out} (${devices} ${devices === 1 ? 'device' : 'devices'}, ${failing} failing)\n`);
  }
  if (options.failOnFailing === true && model.summary.failing > 0) io.setExitCode(3);
  return model;
}

/** A commander option parser for a whole number of at least 1 (exit 2 otherwise). */
function positiveInteger(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} takes a whole number of at least 1`);
    return n;
  };
}

/** --format wins; otherwise the --out extension decides; otherwise markdown. */
export function chooseFormat(format: string | undefined, out: string | undefined): ReportFormat {
  if (format !== undefined) {
    const wanted = format.toLowerCase() === 'markdown' ? 'md' : format.toLowerCase();
    const known = reportFormats.find((f) => f === wanted);
    if (known === undefined) throw new UserError(`unknown --format ${sanitizeForTerminal(format)}`, 2, `use one of: ${reportFormats.join(', ')}`);
    return known;
  }
  const byExtension: Record<string, ReportFormat> = { '.html': 'html', '.htm': 'html', '.csv': 'csv', '.json': 'json', '.md': 'md' };
  return (out === undefined ? undefined : byExtension[extname(out).toLowerCase()]) ?? 'md';
}

/**
 * Reads a --since/--until value as Unix seconds with the shared parser (ISO 8601 date or
 * date-time, UTC unless it carries an offset, or Unix seconds; a bare date given to
 * --until is its last second). Throws a UserError (exit 2) for anything else.
 */
export function parseTimeOption(flag: '--since' | '--until', value: string): number {
  const seconds = parseTimeBound(value, flag === '--since' ? 'since' : 'until');
  if (seconds === undefined) {
    throw new UserError(
      `invalid ${flag} "${sanitizeForTerminal(value)}"`,
      2,
      'use an ISO date or time such as 2011-03-14, 2011-03-14T09:30 or 2011-03-14T09:30+01:00 (UTC unless an offset is given), or Unix seconds',
    );
  }
  return seconds;
}

/** Writes next to the target and renames, so a reader never sees half a report. */
function writeFileAtomic(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text, 'utf8');
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new UserError(`cannot write ${path}: ${(error as Error).message}`, 1, 'check that the folder exists and is writable');
  }
}
