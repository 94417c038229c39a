import { basename } from 'node:path';
import { UserError } from '../errors.js';
import { sanitizeForTerminal } from '../text/sanitize-terminal.js';

/** A value bound to a named SQL parameter. */
export type ParamValue = string | number | null;

/** One `-- @param` line of a query header. */
export interface QueryParam {
  name: string;
  /** Value used when the caller gives none; undefined when the parameter is required. */
  default: ParamValue | undefined;
  /** True when the header gives no default: the caller must pass a value. */
  required: boolean;
  description: string;
}

/** Where a query came from: the allow-listed library (queries/*.sql) or a user's own file. */
export type QueryOrigin = 'library' | 'file';

/** A parsed query file: its header as data, and the one statement it holds. */
export interface QueryDefinition {
  /** Library queries: the file name without `.sql` (and `@name` must agree). */
  name: string;
  title: string;
  /** One line saying what the query answers. */
  description: string;
  /**
   * True for `-- @internal: true`: a query the report or dashboard loads, hidden from
   * `query list` (but not `query list --all`); it still runs and shows by name.
   */
  internal: boolean;
  params: QueryParam[];
  /** The statement: the file after its header. */
  sql: string;
  /** Path of the file it was read from. */
  file: string;
  origin: QueryOrigin;
}

const directivePattern = /^--\s*@([A-Za-z-]+)\s*(.*)$/;
const paramPattern = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*('(?:[^']|'')*'|[^\s:']+)\s*)?:\s*(.*)$/;
const textKeys = ['name', 'title', 'description'] as const;
type TextKey = (typeof textKeys)[number];

/** `(default: …)` at the end of a parameter's description. */
const defaultNote = /\(default:\s*(.*?)\s*\)\s*$/i;
/** Words that mean "no value" (SQL NULL: the filter is open) in a `(default: …)` note. */
const openWords = new Set(['null', 'all', 'open', 'none', 'any']);

/**
 * Reads a header default: `null`, a number, a quoted string ('it''s') or bare text.
 * In a `(default: …)` note, `all`, `open`, `none` and `any` also mean null.
 */
export function parseDefault(token: string, inNote = false): ParamValue {
  if (token === 'null' || (inNote && openWords.has(token.toLowerCase()))) return null;
  if (token.startsWith("'") && token.endsWith("'") && token.length >= 2) return token.slice(1, -1).replace(/''/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  return token;
}

/**
 * Named parameters (`:name`, `@name`, `$name`) used by `sql`, in order of first use, skipping
 * string literals, quoted identifiers and comments. `positional` is true when the statement
 * uses `?` placeholders, which cannot be bound by name.
 */
export function findParameters(sql: string): { named: string[]; positional: boolean } {
  const named: string[] = [];
  let positional = false;
  const token = /'(?:[^']|'')*'?|"(?:[^"]|"")*"?|`[^`]*`?|\[[^\]]*\]?|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|[:@$]([A-Za-z_][A-Za-z0-9_]*)|\?/g;
  for (const match of sql.matchAll(token)) {
    const name = match[1];
    if (name !== undefined && !named.includes(name)) named.push(name);
    if (match[0] === '?') positional = true;
  }
  return { named, positional };
}

function headerError(file: string, lineNo: number, message: string, origin: QueryOrigin): UserError {
  return new UserError(
    `${sanitizeForTerminal(file)}:${lineNo}: ${message}`,
    origin === 'file' ? 2 : 1,
    'header lines look like `-- @name: x`, `-- @title: …`, `-- @description: …`, `-- @param name: what it is (default: 3)`, `-- @internal: true`',
  );
}

/**
 * Parses a query file. The header is the run of `--` comment lines (and blank lines) at the
 * top; in it, `-- @key: value` lines are directives and other comment lines are free text:
 *
 *     -- @name: failing-devices
 *     -- @title: Failing devices
 *     -- @description: Devices whose failures since their last success reach min_failures
 *     -- @param since: start, Unix seconds or ISO date, inclusive (default: all)
 *     -- @param min_failures: failures since the last success that make a device failing (default: 3)
 *     -- @param device_id: devices.id of the device
 *
 * `-- @internal: true` (or `false`, the default) marks a query the program itself loads:
 * `query list` leaves it out unless asked for all.
 *
 * A parameter's default is the `(default: …)` note ending its description: `all`, `open`,
 * `none`, `any` or `null` mean SQL NULL (an open filter), then a number, a 'quoted string'
 * or bare text. The lnav-style `-- @param min_failures=3: …` form is accepted too. A
 * parameter with neither is required.
 *
 * The rest of the file is the statement. Library queries must carry name, title and
 * description and declare every parameter their SQL uses; for a user's file they are
 * optional (name = file name) and undeclared parameters become required ones.
 *
 * Throws UserError naming file and line for a malformed header (exit 2 for a user's file,
 * 1 for a library file: that is our bug).
 */
export function parseQueryDefinition(text: string, file: string, origin: QueryOrigin): QueryDefinition {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const fields: Partial<Record<TextKey, string>> = {};
  const params: QueryParam[] = [];
  let internal: boolean | undefined;
  let bodyStart = lines.length;
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    if (!line.startsWith('--')) {
      bodyStart = i;
      break;
    }
    const directive = directivePattern.exec(line);
    if (!directive) continue;
    const key = directive[1] ?? '';
    const rest = directive[2] ?? '';
    if (key === 'param') {
      const param = paramPattern.exec(rest);
      if (!param) throw headerError(file, i + 1, 'expected `-- @param name: description (default: value)`', origin);
      const [, name = '', token, described = ''] = param;
      if (params.some((p) => p.name === name)) throw headerError(file, i + 1, `parameter ${name} declared twice`, origin);
      const description = described.trim();
      const note = defaultNote.exec(description)?.[1];
      const value = token !== undefined ? parseDefault(token) : note !== undefined ? parseDefault(note, true) : undefined;
      params.push({ name, default: value, required: value === undefined, description });
    } else if (key === 'internal') {
      const value = /^:\s*(true|false)\s*$/.exec(rest)?.[1];
      if (value === undefined) throw headerError(file, i + 1, 'expected `-- @internal: true` or `-- @internal: false`', origin);
      if (internal !== undefined) throw headerError(file, i + 1, '@internal given twice', origin);
      internal = value === 'true';
    } else if ((textKeys as readonly string[]).includes(key)) {
      const textKey = key as TextKey;
      if (!rest.startsWith(':')) throw headerError(file, i + 1, `expected \`-- @${key}: value\``, origin);
      if (fields[textKey] !== undefined) throw headerError(file, i + 1, `@${key} given twice`, origin);
      fields[textKey] = rest.slice(1).trim();
    } else {
      throw headerError(file, i + 1, `unknown header key @${sanitizeForTerminal(key)} (known: name, title, description, param, internal)`, origin);
    }
  }

  const fileName = basename(file).replace(/\.sql$/i, '');
  const sql = lines.slice(bodyStart).join('\n').trim();
  const definition: QueryDefinition = {
    name: fields.name ?? fileName,
    title: fields.title ?? fields.name ?? fileName,
    description: fields.description ?? '',
    internal: internal ?? false,
    params,
    sql,
    file,
    origin,
  };
  checkDefinition(definition, fields, fileName);
  return definition;
}

/** Cross-checks the header against the file name and the SQL; see parseQueryDefinition. */
function checkDefinition(definition: QueryDefinition, fields: Partial<Record<TextKey, string>>, fileName: string): void {
  const { file, origin, sql, params } = definition;
  const fail = (message: string): UserError =>
    new UserError(`${sanitizeForTerminal(file)}: ${message}`, origin === 'file' ? 2 : 1);
  if (origin === 'library') {
    for (const key of textKeys) if (!fields[key]) throw fail(`the header lacks -- @${key}:`);
    if (definition.name !== fileName) throw fail(`@name ${definition.name} does not match the file name ${fileName}.sql`);
  }
  if (sql === '') throw fail('no SQL statement after the header');
  const used = findParameters(sql);
  if (used.positional) throw fail('uses ? placeholders; name each parameter (:name) and declare it with -- @param');
  for (const name of used.named) {
    if (params.some((p) => p.name === name)) continue;
    if (origin === 'library') throw fail(`uses :${name} but the header does not declare it`);
    params.push({ name, default: undefined, required: true, description: '' });
  }
}
