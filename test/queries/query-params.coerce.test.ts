import { describe, expect, test } from 'vitest';
import { parseParamAssignments, parseQueryDefinition, resolveQueryParams } from '../../src/store/query-library.js';
import { parseTimeBound } from '../../src/text/parse-time-bound.js';

const query = parseQueryDefinition(
  [
    '-- @name: demo',
    '-- @title: Demo',
    '-- @description: d',
    '-- @param since: start (default: all)',
    '-- @param until: end (default: all)',
    '-- @param min_failures: threshold (default: 3)',
    '-- @param user: a user (default: all)',
    '-- @param device_id: devices.id',
    'SELECT :since, :until, :min_failures, :user, :device_id',
  ].join('\n'),
  'demo.sql',
  'library',
);

describe('parseParamAssignments', () => {
  test('when values contain = or are empty then everything after the first = is the value', () => {
    expect(parseParamAssignments(['a=1', 'b=x=y', 'c='])).toEqual({ a: '1', b: 'x=y', c: '' });
  });

  test('when an assignment has no = or a key repeats then it is a usage error', () => {
    expect(() => parseParamAssignments(['nokey'])).toThrow(/--param nokey: expected key=value/);
    expect(() => parseParamAssignments(['=1'])).toThrow(/expected key=value/);
    expect(() => parseParamAssignments(['a=1', 'a=2'])).toThrow(/--param a given twice/);
  });
});

describe('resolveQueryParams', () => {
  test('when nothing is given then defaults are used and a required parameter is reported by name', () => {
    expect(() => resolveQueryParams(query, {})).toThrow('query demo needs parameter device_id: devices.id');
    expect(resolveQueryParams(query, { device_id: '7' })).toEqual({
      since: null,
      until: null,
      min_failures: 3,
      user: null,
      device_id: 7,
    });
  });

  test('when since and until are ISO dates then they become Unix seconds, until a bare date meaning end of day', () => {
    const bound = resolveQueryParams(query, { device_id: 1, since: '2024-03-01', until: '2024-03-01' });
    expect(bound.since).toBe(Date.UTC(2024, 2, 1) / 1000);
    expect(bound.until).toBe(Date.UTC(2024, 2, 1, 23, 59, 59) / 1000);
    expect(resolveQueryParams(query, { device_id: 1, since: '1709251200' }).since).toBe(1709251200);
  });

  test('when a time is not a date then the error says what is expected', () => {
    expect(() => resolveQueryParams(query, { device_id: 1, since: 'yesterday' })).toThrow(
      /parameter since expects Unix seconds or an ISO date, got 'yesterday'/,
    );
  });

  test('when a numeric parameter gets text then it is refused, and numbers stay numbers', () => {
    expect(() => resolveQueryParams(query, { device_id: 1, min_failures: 'many' })).toThrow(/min_failures expects a number, got 'many'/);
    expect(resolveQueryParams(query, { device_id: 1, min_failures: '5' }).min_failures).toBe(5);
    expect(resolveQueryParams(query, { device_id: 1, min_failures: 2 }).min_failures).toBe(2);
  });

  test('when text looks like a number with leading zeros or is too large then it stays text', () => {
    expect(resolveQueryParams(query, { device_id: '007' }).device_id).toBe('007');
    expect(resolveQueryParams(query, { device_id: '123456789012345678901' }).device_id).toBe('123456789012345678901');
    expect(resolveQueryParams(query, { device_id: 1, user: 'alice' }).user).toBe('alice');
  });

  test('when an open filter is given as empty text then it stays open (null)', () => {
    expect(resolveQueryParams(query, { device_id: 1, user: '', since: ' ' })).toMatchObject({ user: null, since: null });
  });

  test('when an unknown parameter is given then the error lists the known ones', () => {
    expect(() => resolveQueryParams(query, { device_id: 1, sinse: '2024-03-01' })).toThrow(
      'query demo has no parameter sinse; its parameters are since, until, min_failures, user, device_id',
    );
  });

  test('when a parameter name holds escape sequences then the message shows them escaped', () => {
    expect(() => resolveQueryParams(query, { 'x\u001b[2J': '1' })).toThrow('no parameter x\\x1b[2J;');
  });
});

describe('parseTimeBound', () => {
  test('when given ISO forms with and without zones then each is read as the right instant', () => {
    const t = Date.UTC(2024, 2, 1, 8, 0, 0) / 1000;
    expect(parseTimeBound('2024-03-01T08:00', 'since')).toBe(t);
    expect(parseTimeBound('2024-03-01 08:00:00Z', 'since')).toBe(t);
    expect(parseTimeBound('2024-03-01T10:00:00+02:00', 'until')).toBe(t);
    expect(parseTimeBound('2024-03-01T03:30-0430', 'since')).toBe(t);
    expect(parseTimeBound('2024-03-01T08:00:00.999Z', 'since')).toBe(t);
  });

  test('when the date does not exist or the text is not a date then the result is undefined', () => {
    for (const text of ['2024-02-30', '2024-13-01', '2024-03-01T24:00', 'now', '', '03/01/2024']) {
      expect(parseTimeBound(text, 'since')).toBeUndefined();
    }
  });
});
