import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../src/errors.js';
import { toCsv } from '../../src/report/to-csv.js';
import {
  listQueries,
  loadQuery,
  loadQueryFile,
  parseParamAssignments,
  runQueryReadOnly,
  type QueryDefinition,
  type QueryParam,
  type QueryResult,
} from '../../src/store/query-library.js';
import { formatTable } from '../../src/text/format-table.js';
import { sanitizeForTerminal } from '../../src/text/sanitize-terminal.js';
import { toSafeJson } from '../../src/text/to-safe-json.js';

/** Where the query command writes; injectable so tests run it in-process. */
export interface QueryCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Columns a table on stdout may use: the terminal's width, else $COLUMNS, else no limit. */
  stdoutWidth: () => number | undefined;
}

const processIo: QueryCommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutWidth: () => {
    if (process.stdout.isTTY) return process.stdout.columns;
    const columns = Number(process.env.COLUMNS);
    return Number.isInteger(columns) && columns > 0 ? columns : undefined;
  },
};

const formats = ['table', 'csv', 'json'] as const;
type Format = (typeof formats)[number];

interface QueryOptions {
  param?: string[];
  format: string;
  out?: string;
  db: string;
  file?: string;
}

const examples = `
Examples:
  $ activesync-doctor query list
  $ activesync-doctor query list --all    (also the report's and dashboard's internal queries)
  $ activesync-doctor query failing-devices
  $ activesync-doctor query failing-devices --param min_failures=5 --param since=2024-03-01
  $ activesync-doctor query top-talkers --param min_hits=3000 --format csv --out talkers.csv
  $ activesync-doctor query device-timeline --param device_id=42 --format json | jq .
  $ activesync-doctor query show hourly
  $ activesync-doctor query --file my-report.sql --param user=alice

Parameters:
  since/until take Unix seconds or an ISO date or time, UTC unless a zone is given
  (2024-03-01, 2024-03-01T08:00, 2024-03-01T10:00+02:00); both bounds are inclusive and a
  bare "until" date includes that whole day. Values are bound by name, never spliced into SQL.

Your own query file uses the same header as queries/*.sql (all lines optional):
  -- @name: my-report
  -- @title: My report
  -- @description: what it answers
  -- @param user: the user to show (default: all)
  SELECT ... WHERE (:user IS NULL OR u.name = :user)
Queries run on a read-only connection; a statement that would write is refused.
`;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function checkFormat(format: string): Format {
  const found = formats.find((f) => f === format);
  if (found === undefined) {
    throw new UserError(`unknown format '${sanitizeForTerminal(format)}'; use ${formats.join(', ')}`, 2);
  }
  return found;
}

/**
 * The result in the chosen format. JSON keeps raw values (terminal-unsafe characters are
 * written as \u escapes); table cells are sanitized; CSV text cells too, keeping line breaks
 * and tabs, as Excel shows an ESC or a bidi override no better than a terminal does.
 */
function render(result: QueryResult, format: Format, width: number | undefined): string {
  if (format === 'json') return toSafeJson(result.rows) + '\n';
  if (format === 'table') return formatTable(result.rows, result.columns, { width });
  const clean = (value: unknown): unknown =>
    typeof value === 'string' ? sanitizeForTerminal(value, { allowNewlines: true, allowTabs: true }) : value;
  const rows = result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, clean(value)])));
  return toCsv(rows, result.columns);
}

function writeOut(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UserError(`cannot write ${sanitizeForTerminal(path)}: ${sanitizeForTerminal((error as Error).message)}`, 1);
  }
}

function runAction(name: string | undefined, options: QueryOptions, io: QueryCommandIo): void {
  if (name !== undefined && options.file !== undefined) {
    throw new UserError('give a query name or --file, not both', 2);
  }
  if (name === undefined && options.file === undefined) {
    throw new UserError('name a query to run, or pass --file FILE', 2, '`activesync-doctor query list` shows the named queries');
  }
  const format = checkFormat(options.format);
  if (options.out !== undefined && resolve(options.out) === resolve(options.db)) {
    throw new UserError(`--out ${sanitizeForTerminal(options.out)} is the database itself; choose another file`, 2);
  }
  const definition: QueryDefinition = options.file !== undefined ? loadQueryFile(options.file) : loadQuery(name ?? '');
  const result = runQueryReadOnly(options.db, definition, parseParamAssignments(options.param ?? []));
  if (options.out !== undefined) {
    writeOut(options.out, render(result, format, undefined));
    const count = result.rows.length;
    io.stderr(`wrote ${count} ${count === 1 ? 'row' : 'rows'} to ${sanitizeForTerminal(options.out)}\n`);
    return;
  }
  io.stdout(render(result, format, io.stdoutWidth()));
}

/** `name` for a required parameter, `name=default` otherwise (`all` for an open filter). */
function describeParam(param: QueryParam): string {
  if (param.required) return param.name;
  const value = param.default === null ? 'all' : param.default === '' ? "''" : String(param.default);
  return `${param.name}=${value}`;
}

/**
 * `query list`: one line per named query with its parameters and what it answers. Internal
 * queries (`-- @internal: true`: the report's and dashboard's own) only with `--all`.
 */
function listAction(options: { all?: boolean }, io: QueryCommandIo): void {
  const queries = listQueries(undefined, (error) => io.stderr(`warning: ${error.message}\n`));
  const rows = queries.filter((q) => options.all === true || !q.internal).map((q) => ({
    name: q.name,
    parameters: q.params.map(describeParam).join(' '),
    description: q.description,
  }));
  io.stdout(formatTable(rows, ['name', 'parameters', 'description'], { width: io.stdoutWidth() }));
}

/**
 * Adds `query` to the program: `query list`, `query show NAME`, `query NAME [--param k=v ...]
 * [--format table|csv|json] [--out FILE] [--db FILE]` and `query --file my.sql`. Named
 * queries come only from the allow-listed queries/ folder; every query runs on a read-only
 * connection and must be a read-only statement. Problems are thrown as UserError for the
 * caller (cli/main.ts) to print on one line.
 */
export function registerQueryCommand(program: Command, io: QueryCommandIo = processIo): void {
  const query = program
    .command('query')
    .description('run a named SQL query from the library (queries/*.sql), or your own file, on a read-only database')
    .argument('[name]', 'the query to run (see `query list`)')
    .option('-p, --param <key=value>', 'set a query parameter; repeat for several', collect)
    .option('--format <format>', 'table, csv or json (an array of objects)', 'table')
    .option('-o, --out <file>', 'write the result to FILE instead of stdout')
    .option('--db <file>', 'the database to read', 'activesync-doctor.db')
    .option('--file <file.sql>', 'run your own query file instead of a named query')
    .addHelpText('after', examples)
    .action((name: string | undefined, options: QueryOptions) => runAction(name, options, io));

  query
    .command('list')
    .description('list the named queries, their parameters (with defaults) and what each answers')
    .option('-a, --all', 'include the internal queries the report and dashboard run')
    .action((options: { all?: boolean }) => listAction(options, io));

  query
    .command('show')
    .description("print a named query's SQL file, header included")
    .argument('<name>', 'the query to show')
    .action((name: string) => {
      io.stdout(readFileSync(loadQuery(name).file, 'utf8'));
    });
}
