import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  listQueries,
  listQueryNames,
  loadQuery,
  loadQueryFile,
  runQueryReadOnly,
} from '../../src/store/query-library.js';
import { createFixtureDb, type FixtureDb } from '../helpers/fixture-db.js';
import { userErrorOf } from '../helpers/user-error.js';

let fixture: FixtureDb;
beforeAll(() => {
  fixture = createFixtureDb();
});
afterAll(() => fixture.cleanup());

const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

const userError = userErrorOf;

/** Writes `sql` to a user query file in the fixture folder and returns its path. */
function userFile(name: string, sql: string): string {
  const path = join(fixture.dir, name);
  writeFileSync(path, sql);
  return path;
}

describe('the library', () => {
  test('when every queries/*.sql is loaded then each parses, has a title and description, and its name is its file', () => {
    const problems: string[] = [];
    const queries = listQueries(undefined, (e) => problems.push(e.message));
    expect(problems).toEqual([]);
    expect(queries.map((q) => q.name)).toEqual(listQueryNames());
    for (const q of queries) {
      expect(q.title, q.name).not.toBe('');
      expect(q.description, q.name).not.toBe('');
    }
  });

  test('when the issue-6 queries are listed then all of them are present', () => {
    expect(listQueryNames()).toEqual(
      expect.arrayContaining([
        'failing-devices', 'devices-by-class', 'redirects-by-device-type', 'proxy-targets', 'status-codes', 'errors',
        'top-talkers', 'hourly', 'user-agents', 'users', 'rejected-lines', 'device-timeline',
      ]),
    );
  });

  test('when every library query runs on the fixture with its defaults then none fails or writes', () => {
    for (const q of listQueries()) {
      const params = Object.fromEntries(q.params.filter((p) => p.required).map((p) => [p.name, 1]));
      expect(() => runQueryReadOnly(fixture.path, q, params), q.name).not.toThrow();
    }
  });
});

describe('loadQuery', () => {
  test('when the name is unknown then the error is a usage error listing the valid names', () => {
    const e = userError(() => loadQuery('failing-device'));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/^unknown query 'failing-device'; valid names: .*failing-devices/);
    expect(e.message).not.toContain('\n');
  });

  test('when the name is a path then it is just an unknown name (never opened)', () => {
    for (const name of ['../../etc/passwd', '../queries/failing-devices', '/etc/passwd', 'failing-devices.sql', 'FAILING-DEVICES']) {
      expect(userError(() => loadQuery(name)).message).toMatch(/^unknown query/);
    }
  });
});

describe('a user query file', () => {
  test('when it reads with a header and parameters then it runs like a library query', () => {
    const path = userFile('mine.sql', '-- @param who: a user (default: alice)\nSELECT name FROM users WHERE name = :who');
    expect(runQueryReadOnly(fixture.path, loadQueryFile(path)).rows).toEqual([{ name: 'alice' }]);
    expect(runQueryReadOnly(fixture.path, loadQueryFile(path), { who: 'bob' }).rows).toEqual([{ name: 'bob' }]);
  });

  test('when it writes then it is refused with exit 1 and the database file is unchanged', () => {
    const before = digest(fixture.path);
    const writes = [
      'DELETE FROM requests',
      "INSERT INTO users (name) VALUES ('mallory') RETURNING id",
      'WITH x AS (SELECT 1) UPDATE users SET name = name',
      'DROP TABLE requests',
      'PRAGMA user_version = 99',
      'VACUUM',
    ];
    for (const [i, sql] of writes.entries()) {
      const path = userFile(`write-${i}.sql`, sql);
      const e = userError(() => runQueryReadOnly(fixture.path, loadQueryFile(path)));
      expect(e.message, sql).toBe(`query ${path} writes to the database; queries are read-only`);
      expect(e.exitCode).toBe(1);
    }
    expect(digest(fixture.path)).toBe(before);
  });

  test('when it holds two statements, a syntax error or no SELECT then the message is one line naming the file', () => {
    const cases: [string, RegExp][] = [
      ['SELECT 1; DROP TABLE requests;', /contains more than one statement/],
      ['SELEC 1', /near "SELEC": syntax error/],
      ['SELECT * FROM no_such_table', /no such table: no_such_table/],
      ["ATTACH 'other.db' AS other", /returns no rows/],
    ];
    for (const [i, [sql, reason]] of cases.entries()) {
      const path = userFile(`bad-${i}.sql`, sql);
      const e = userError(() => runQueryReadOnly(fixture.path, loadQueryFile(path)));
      expect(e.message).toMatch(new RegExp(`^query ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(e.message).toMatch(reason);
      expect(e.message).not.toContain('\n');
      expect(e.exitCode).toBe(2);
    }
  });

  test('when the file does not exist then the error says so with exit 2', () => {
    const e = userError(() => loadQueryFile(join(fixture.dir, 'missing.sql')));
    expect(e.message).toMatch(/cannot read query file .*missing\.sql: no such file/);
    expect(e.exitCode).toBe(2);
  });

  test('when the database does not exist then the error names it', () => {
    const path = userFile('ok.sql', 'SELECT 1 AS one');
    expect(() => runQueryReadOnly(join(fixture.dir, 'nope.db'), loadQueryFile(path))).toThrow(/no database at .*nope\.db/);
  });

  test('when there are no rows then the column names are still known', () => {
    const path = userFile('empty.sql', 'SELECT name AS user, id FROM users WHERE 0');
    expect(runQueryReadOnly(fixture.path, loadQueryFile(path))).toEqual({ columns: ['user', 'id'], rows: [] });
  });
});
