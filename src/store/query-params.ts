import { UserError } from '../errors.js';
import { parseTimeBound } from '../text/parse-time-bound.js';
import { sanitizeForTerminal } from '../text/sanitize-terminal.js';
import type { ParamValue, QueryDefinition, QueryParam } from './query-definition.js';

/** Parameters holding a time bound: `since`, `until`, `*_since`, `*_until`. */
const timeParam = /(^|_)(since|until)$/;
/** A number written the way JSON would: no leading zeros, no `+`, so `007` stays text. */
const canonicalNumber = /^-?(0|[1-9]\d*)(\.\d*[1-9])?$/;

const shown = (text: string): string => sanitizeForTerminal(text);

/**
 * Splits repeated `--param key=value` options into a map. The value is everything after the
 * first `=` and may be empty or contain `=`. Throws UserError (exit 2) for a missing `=` or
 * a key given twice.
 */
export function parseParamAssignments(assignments: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const assignment of assignments) {
    const at = assignment.indexOf('=');
    if (at <= 0) {
      throw new UserError(`--param ${shown(assignment)}: expected key=value`, 2, 'e.g. --param min_failures=5');
    }
    const key = assignment.slice(0, at).trim();
    if (Object.hasOwn(values, key)) throw new UserError(`--param ${shown(key)} given twice`, 2);
    values[key] = assignment.slice(at + 1);
  }
  return values;
}

/**
 * The value bound for one parameter. Text is coerced: empty text is null (an open filter)
 * when the default is null; a time parameter takes Unix seconds or an ISO date (→ Unix
 * seconds); a parameter whose default is a number must be a number; any other canonical
 * number becomes a number (`007` does not), everything else stays text.
 */
function coerce(label: string, param: QueryParam, value: ParamValue): ParamValue {
  if (typeof value !== 'string') return value;
  // `--param user=` re-opens a filter whose default is open.
  if (value.trim() === '' && param.default === null) return null;
  if (timeParam.test(param.name)) {
    const seconds = parseTimeBound(value, param.name.endsWith('until') ? 'until' : 'since');
    if (seconds === undefined) {
      throw new UserError(
        `query ${label}: parameter ${param.name} expects Unix seconds or an ISO date, got '${shown(value)}'`,
        2,
        'e.g. 2024-03-01, 2024-03-01T08:00 (UTC unless a zone is given) or 1709251200',
      );
    }
    return seconds;
  }
  const trimmed = value.trim();
  if (typeof param.default === 'number') {
    if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) return Number(trimmed);
    throw new UserError(`query ${label}: parameter ${param.name} expects a number, got '${shown(value)}'`, 2);
  }
  if (canonicalNumber.test(trimmed) && Number.isSafeInteger(Math.trunc(Number(trimmed)))) return Number(trimmed);
  return value;
}

/**
 * Turns caller-supplied values (from `--param`, or typed values from code) into the object
 * bound to the statement: every declared parameter gets a value, given or default. Throws
 * UserError (exit 2) for a parameter the query does not declare (listing the ones it does)
 * and for a required parameter left out.
 */
export function resolveQueryParams(
  definition: QueryDefinition,
  given: Readonly<Record<string, ParamValue>>,
): Record<string, ParamValue> {
  const label = shown(definition.origin === 'file' ? definition.file : definition.name);
  const declared = definition.params.map((p) => p.name);
  for (const key of Object.keys(given)) {
    if (!declared.includes(key)) {
      const known = declared.length > 0 ? `its parameters are ${declared.join(', ')}` : 'it takes no parameters';
      throw new UserError(`query ${label} has no parameter ${shown(key)}; ${known}`, 2);
    }
  }
  const bound: Record<string, ParamValue> = {};
  for (const param of definition.params) {
    const value = Object.hasOwn(given, param.name) ? given[param.name] : param.default;
    if (value === undefined) {
      throw new UserError(
        `query ${label} needs parameter ${param.name}${param.description ? `: ${shown(param.description)}` : ''}`,
        2,
        `pass --param ${param.name}=VALUE`,
      );
    }
    bound[param.name] = coerce(label, param, value);
  }
  return bound;
}
