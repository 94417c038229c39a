import { describe, expect, test } from 'vitest';
import { findParameters, parseQueryDefinition } from '../../src/store/query-library.js';
import { userErrorOf } from '../helpers/user-error.js';

const header = [
  '-- @name: demo',
  '-- @title: Demo',
  '-- @description: what it answers',
];

const errorOf = userErrorOf;

describe('parseQueryDefinition', () => {
  test('when the header has every kind of default then each is read with its type', () => {
    const text = [
      ...header,
      '-- @param since: start, Unix seconds or ISO date (default: all)',
      '-- @param min_failures: fewer is a hiccup (default: 3)',
      '-- @param sort=severity: sort order',
      "-- @param filter='it''s: here': quoted text",
      '-- @param limit = 200 : spaced',
      '-- @param device_id: devices.id',
      '--',
      '-- free text in the header is ignored, even with @signs',
      'SELECT :since, :min_failures, :sort, :filter, :limit, :device_id',
    ].join('\n');
    const q = parseQueryDefinition(text, '/q/demo.sql', 'library');
    expect(q).toMatchObject({ name: 'demo', title: 'Demo', description: 'what it answers', file: '/q/demo.sql', origin: 'library' });
    expect(q.params.map((p) => [p.name, p.default, p.required])).toEqual([
      ['since', null, false],
      ['min_failures', 3, false],
      ['sort', 'severity', false],
      ['filter', "it's: here", false],
      ['limit', 200, false],
      ['device_id', undefined, true],
    ]);
    expect(q.params[0]?.description).toBe('start, Unix seconds or ISO date (default: all)');
    expect(q.sql).toBe('SELECT :since, :min_failures, :sort, :filter, :limit, :device_id');
  });

  test('when the file has a BOM, CRLF line ends and blank lines in the header then it still parses', () => {
    const text = '\ufeff' + [...header, '', '-- @param x: a value (default: 1)', '', 'SELECT :x AS x;', ''].join('\r\n');
    const q = parseQueryDefinition(text, 'demo.sql', 'library');
    expect(q.params).toHaveLength(1);
    expect(q.sql).toBe('SELECT :x AS x;');
  });

  test('when a header key is unknown then the error names the file and line', () => {
    const e = errorOf(() => parseQueryDefinition([...header, '-- @parma x: typo', 'SELECT 1'].join('\n'), 'demo.sql', 'file'));
    expect(e.message).toMatch(/^demo\.sql:4: unknown header key @parma/);
    expect(e.exitCode).toBe(2);
  });

  test('when the header says @internal: true then the query is internal; without it, it is not', () => {
    const text = (extra: string[]) => [...header, ...extra, 'SELECT 1'].join('\n');
    expect(parseQueryDefinition(text(['-- @internal: true']), 'demo.sql', 'library').internal).toBe(true);
    expect(parseQueryDefinition(text(['-- @internal:false']), 'demo.sql', 'library').internal).toBe(false);
    expect(parseQueryDefinition(text([]), 'demo.sql', 'library').internal).toBe(false);
  });

  test('when @internal is not true or false, or is repeated, then the error names the line', () => {
    expect(() => parseQueryDefinition([...header, '-- @internal: yes', 'SELECT 1'].join('\n'), 'demo.sql', 'file')).toThrow(
      /demo\.sql:4: expected `-- @internal: true` or `-- @internal: false`/,
    );
    expect(() =>
      parseQueryDefinition([...header, '-- @internal: true', '-- @internal: true', 'SELECT 1'].join('\n'), 'demo.sql', 'file'),
    ).toThrow(/demo\.sql:5: @internal given twice/);
  });

  test('when a @param line is malformed or repeated then the error names the line', () => {
    expect(() => parseQueryDefinition([...header, '-- @param 1x: bad', 'SELECT 1'].join('\n'), 'demo.sql', 'file')).toThrow(/demo\.sql:4: expected `-- @param/);
    expect(() =>
      parseQueryDefinition([...header, '-- @param x: a', '-- @param x: b', 'SELECT :x'].join('\n'), 'demo.sql', 'file'),
    ).toThrow(/demo\.sql:5: parameter x declared twice/);
  });

  test('when a library file lacks a title or its @name differs from the file name then it is refused', () => {
    expect(() => parseQueryDefinition('-- @name: demo\n-- @description: d\nSELECT 1', 'demo.sql', 'library')).toThrow(/lacks -- @title/);
    expect(() => parseQueryDefinition([...header, 'SELECT 1'].join('\n'), 'other.sql', 'library')).toThrow(
      /@name demo does not match the file name other\.sql/,
    );
  });

  test('when a library query uses a parameter it does not declare then it is refused', () => {
    const e = errorOf(() => parseQueryDefinition([...header, 'SELECT :oops'].join('\n'), 'demo.sql', 'library'));
    expect(e.message).toMatch(/uses :oops but the header does not declare it/);
    expect(e.exitCode).toBe(1);
  });

  test("when a user's file has no header then its name is the file name and its parameters are required", () => {
    const q = parseQueryDefinition('SELECT * FROM users WHERE name = :user OR id = @id', '/home/me/mine.sql', 'file');
    expect(q).toMatchObject({ name: 'mine', title: 'mine', description: '' });
    expect(q.params.map((p) => [p.name, p.required])).toEqual([
      ['user', true],
      ['id', true],
    ]);
  });

  test('when the statement uses ? placeholders or is missing then the file is refused', () => {
    expect(() => parseQueryDefinition('SELECT ?', 'mine.sql', 'file')).toThrow(/\? placeholders/);
    expect(() => parseQueryDefinition([...header, '-- just a comment'].join('\n'), 'demo.sql', 'library')).toThrow(/no SQL statement/);
  });
});

describe('findParameters', () => {
  test('when parameter-like text is inside strings, identifiers or comments then it is not a parameter', () => {
    const sql = `SELECT strftime('%H:%M', ts) AS "a:b", [c:d], \`e:f\` -- :comment
      /* :block */ FROM t WHERE x = :real AND y = $other AND z = 'it''s :quoted' AND w = @third AND v = :real`;
    expect(findParameters(sql)).toEqual({ named: ['real', 'other', 'third'], positional: false });
  });

  test('when a ? appears outside strings then the statement is positional', () => {
    expect(findParameters("SELECT '?' AS q").positional).toBe(false);
    expect(findParameters('SELECT * FROM t WHERE a = ?1').positional).toBe(true);
  });
});
