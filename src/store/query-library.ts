import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { UserError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { sanitizeForTerminal } from '../text/sanitize-terminal.js';
import { openReadOnly, type Db } from './open-database.js';
import { parseQueryDefinition, type ParamValue, type QueryDefinition } from './query-definition.js';
import { resolveQueryParams } from './query-params.js';

export { findParameters, parseQueryDefinition } from './query-definition.js';
export type { ParamValue, QueryDefinition, QueryOrigin, QueryParam } from './query-definition.js';
export { parseParamAssignments, resolveQueryParams } from './query-params.js';

/** Rows of a query and its column names in SELECT order (known even when there are no rows). */
export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
}

/** The shipped query library: `queries/` next to package.json. */
export function queriesDir(): string {
  return join(packageRoot(), 'queries');
}

/** Names of the library's queries (file names without `.sql`), sorted: the allow-list. */
export function listQueryNames(dir: string = queriesDir()): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => file.slice(0, -'.sql'.length))
    .sort();
}

/**
 * Loads one library query by name. The name is only ever looked up in the listing of
 * `dir`, never joined into a path as given, so `../../etc/passwd` is just an unknown name.
 * Throws UserError (exit 2) naming the valid names when `name` is not one of them.
 */
export function loadQuery(name: string, dir: string = queriesDir()): QueryDefinition {
  const names = listQueryNames(dir);
  const found = names.find((candidate) => candidate === name);
  if (found === undefined) {
    throw new UserError(
      `unknown query '${sanitizeForTerminal(name)}'; valid names: ${names.join(', ')}`,
      2,
      'run `activesync-doctor query list` for what each one answers',
    );
  }
  const file = join(dir, `${found}.sql`);
  return parseQueryDefinition(readFileSync(file, 'utf8'), file, 'library');
}

/**
 * Loads every library query, sorted by name. A file whose header does not parse is passed
 * to `onProblem` (default: thrown), so `query list` can warn and still list the others.
 */
export function listQueries(
  dir: string = queriesDir(),
  onProblem: (error: UserError) => void = (error) => {
    throw error;
  },
): QueryDefinition[] {
  const queries: QueryDefinition[] = [];
  for (const name of listQueryNames(dir)) {
    try {
      queries.push(loadQuery(name, dir));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      onProblem(error);
    }
  }
  return queries;
}

/** Loads a user's own query file (`query --file`): same header grammar, same read-only rule. */
export function loadQueryFile(path: string): QueryDefinition {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UserError(`cannot read query file ${sanitizeForTerminal(path)}: ${sanitizeForTerminal(reason)}`, 2);
  }
  return parseQueryDefinition(text, path, 'file');
}

/** How a query is named in messages: its path for a user's file, its name for the library. */
const labelOf = (definition: QueryDefinition): string =>
  sanitizeForTerminal(definition.origin === 'file' ? definition.file : definition.name);

/**
 * Prepares the statement and proves it cannot change the database: SQLite's own
 * `sqlite3_stmt_readonly` (`stmt.readonly`) must be true, and it must return rows
 * (which rules out ATTACH, BEGIN and the like). Throws UserError otherwise; a syntax
 * error is reported on one line with the file and SQLite's message.
 */
function prepareReadOnly(db: Db, definition: QueryDefinition): Database.Statement {
  const label = labelOf(definition);
  const usage = definition.origin === 'file' ? 2 : 1;
  let statement: Database.Statement;
  try {
    statement = db.prepare(definition.sql);
  } catch (error) {
    const message = sanitizeForTerminal((error as Error).message);
    throw new UserError(
      `query ${label}: ${message}`,
      usage,
      definition.origin === 'library' ? 'the database may predate this version; ingest into a new database' : undefined,
    );
  }
  if (!statement.readonly) {
    throw new UserError(`query ${label} writes to the database; queries are read-only`, 1);
  }
  if (!statement.reader) {
    throw new UserError(`query ${label} returns no rows; a query file holds one SELECT (or WITH … SELECT)`, usage);
  }
  return statement;
}

/**
 * Runs a query: binds `params` by name after resolveQueryParams (defaults filled, text
 * coerced, unknown or missing parameters rejected), refuses any statement that is not
 * read-only, and returns all rows. Use it on a connection from openReadOnly (see
 * runQueryReadOnly) so that even SQLite cannot be talked into a write.
 */
export function runQuery(db: Db, definition: QueryDefinition, params: Readonly<Record<string, ParamValue>> = {}): QueryResult {
  const bound = resolveQueryParams(definition, params);
  const statement = prepareReadOnly(db, definition);
  const columns = statement.columns().map((column) => column.name);
  try {
    const rows = statement.all(bound) as Record<string, unknown>[];
    return { columns, rows };
  } catch (error) {
    throw new UserError(`query ${labelOf(definition)} failed: ${sanitizeForTerminal((error as Error).message)}`, 1);
  }
}

/** Opens `dbPath` read-only, runs the query (see runQuery) and closes the database. */
export function runQueryReadOnly(
  dbPath: string,
  definition: QueryDefinition,
  params: Readonly<Record<string, ParamValue>> = {},
): QueryResult {
  const db = openReadOnly(dbPath);
  try {
    return runQuery(db, definition, params);
  } finally {
    db.close();
  }
}
