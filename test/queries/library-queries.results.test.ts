import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadQuery, runQueryReadOnly, type ParamValue, type QueryResult } from '../../src/store/query-library.js';
import { createFixtureDb, deviceIds, evilUserAgent, type FixtureDb } from '../helpers/fixture-db.js';

let fixture: FixtureDb;
beforeAll(() => {
  fixture = createFixtureDb();
});
afterAll(() => fixture.cleanup());

const run = (name: string, params: Record<string, ParamValue> = {}): QueryResult =>
  runQueryReadOnly(fixture.path, loadQuery(name), params);

/** Rows as arrays in column order: compact enough to read as a table. */
const table = (result: QueryResult): unknown[][] => result.rows.map((row) => result.columns.map((c) => row[c]));

describe('failing-devices', () => {
  const columns = [
    'user', 'device_id', 'device_type', 'dominant_failure', 'dominant_count', 'failures_since_success', 'requests',
    'first_failure', 'last_failure', 'last_success', 'last_seen', 'device_ref',
  ];

  test('when run with defaults then devices with 3+ failures since their last success are listed, worst first', () => {
    const result = run('failing-devices');
    expect(result.columns).toEqual(columns);
    expect(table(result)).toEqual([
      ['alice', 'APPL1', 'iPhone', 'redirect', 5, 5, 6, '2024-03-01 09:00', '2024-03-01 09:20', '2024-03-01 08:00', '2024-03-01 09:20', 1],
      ['carol', 'APPL2', 'iPhone', 'provision', 3, 3, 6, '2024-03-01 10:00', '2024-03-01 10:02', '2024-03-01 08:00', '2024-03-01 10:02', 3],
    ]);
  });

  test('when min_failures is 2 then a device that never succeeded with 2 failures is listed too', () => {
    expect(table(run('failing-devices', { min_failures: '2' })).map((r) => r.slice(0, 11))).toEqual([
      ['alice', 'APPL1', 'iPhone', 'redirect', 5, 5, 6, '2024-03-01 09:00', '2024-03-01 09:20', '2024-03-01 08:00', '2024-03-01 09:20'],
      ['carol', 'APPL2', 'iPhone', 'provision', 3, 3, 6, '2024-03-01 10:00', '2024-03-01 10:02', '2024-03-01 08:00', '2024-03-01 10:02'],
      ['dave', 'EVIL1', 'Android', 'auth', 2, 2, 2, '2024-03-01 11:00', '2024-03-01 11:05', null, '2024-03-01 11:05'],
    ]);
  });

  test('when since is an ISO time then only requests from then on count (carol never succeeds in it)', () => {
    expect(table(run('failing-devices', { since: '2024-03-01T09:30' }))).toEqual([
      ['carol', 'APPL2', 'iPhone', 'provision', 3, 3, 3, '2024-03-01 10:00', '2024-03-01 10:02', null, '2024-03-01 10:02', 3],
    ]);
  });

  test('when the 401 challenge precedes a success then it is not counted as a failure', () => {
    const carol = run('failing-devices', { until: '2024-03-01T09:00' }).rows.find((r) => r.user === 'carol');
    expect(carol).toBeUndefined();
  });
});

test('devices-by-class: when run then each device type shows devices and requests per class (hop 0 only)', () => {
  const result = run('devices-by-class');
  expect(result.columns).toEqual([
    'device_type', 'devices', 'requests', 'redirect_devices', 'redirect_requests', 'proxy_devices', 'proxy_requests',
    'direct_devices', 'direct_requests',
  ]);
  expect(table(result)).toEqual([
    ['iPhone', 2, 12, 2, 6, 0, 0, 2, 6],
    ['Android', 2, 7, 0, 0, 1, 5, 1, 2],
  ]);
});

test('redirects-by-device-type: when one device followed its 451 and one did not then followed and stuck say so', () => {
  const result = run('redirects-by-device-type');
  expect(result.columns).toEqual([
    'device_type', 'redirect_target', 'devices', 'users', 'redirects', 'devices_followed', 'devices_stuck', 'first_redirect',
    'last_redirect',
  ]);
  expect(table(result)).toEqual([
    ['iPhone', 'https://mail.contoso.com/Microsoft-Server-ActiveSync', 2, 2, 6, 1, 1, '2024-03-01 07:00', '2024-03-01 09:20'],
  ]);
});

test('proxy-targets: when requests are proxied then the target counts them once (not the inner hop)', () => {
  const result = run('proxy-targets');
  expect(result.columns).toEqual(['proxy_target', 'requests', 'users', 'devices', 'failures', 'proxied_by', 'first_seen', 'last_seen']);
  expect(table(result)).toEqual([['cas-old.contoso.local', 5, 1, 1, 1, 'CAS-NEW', '2024-03-01 08:30', '2024-03-02 08:00']]);
  expect(table(run('proxy-targets', { until: '2024-03-01' }))).toEqual([
    ['cas-old.contoso.local', 4, 1, 1, 1, 'CAS-NEW', '2024-03-01 08:30', '2024-03-01 10:00'],
  ]);
});

describe('status-codes', () => {
  test('when run then every server/status/substatus/win32 shows client-facing requests and inner hops', () => {
    const result = run('status-codes');
    expect(result.columns).toEqual(['server', 'status', 'substatus', 'win32', 'requests', 'inner_hops', 'devices']);
    expect(table(result)).toEqual([
      ['CAS-NEW', 200, 0, 0, 5, 0, 2],
      ['CAS-NEW', 401, 1, 1326, 2, 0, 1],
      ['CAS-NEW', 401, 2, 5, 1, 0, 1],
      ['CAS-NEW', 449, 0, 0, 3, 0, 1],
      ['CAS-NEW', 500, 0, 0, 1, 0, 1],
      ['CAS-OLD', 200, 0, 0, 1, 4, 2],
      ['CAS-OLD', 451, 0, 0, 6, 0, 2],
      ['CAS-OLD', 500, 0, 0, 0, 1, 1],
    ]);
  });

  test('when server is given in another case then only that server is shown', () => {
    expect(table(run('status-codes', { server: 'cas-old' })).map((r) => r[0])).toEqual(['CAS-OLD', 'CAS-OLD', 'CAS-OLD']);
  });
});

test('errors: when run then Error: tokens are ordered by client-facing count with devices and users', () => {
  const result = run('errors');
  expect(result.columns).toEqual(['error', 'requests', 'inner_hops', 'devices', 'users', 'first_seen', 'last_seen']);
  expect(table(result)).toEqual([
    ['MisconfiguredDevice', 6, 0, 2, 2, '2024-03-01 07:00', '2024-03-01 09:20'],
    ['DeviceNotProvisioned', 3, 0, 1, 1, '2024-03-01 10:00', '2024-03-01 10:02'],
    ['ServerError', 1, 1, 1, 1, '2024-03-01 09:30', '2024-03-01 09:30'],
  ]);
});

describe('top-talkers', () => {
  const columns = ['day', 'user', 'device_id', 'device_type', 'user_agent', 'hits', 'pings', 'syncs', 'failures'];

  test('when run with defaults then device-days with at least 1000 hits are listed, busiest first', () => {
    const result = run('top-talkers');
    expect(result.columns).toEqual(columns);
    expect(table(result)).toEqual([
      ['2024-03-01', 'bob', 'ANDR1', 'Android', 'Android/4.3-EAS-1.3', 1500, 1200, 250, 1],
      ['2024-03-01', 'alice', 'APPL1', 'iPhone', 'Apple-iPhone11C6/1905.258', 1000, 400, 595, 5],
    ]);
  });

  test('when min_hits and a window are given then days outside it or under the bar are left out', () => {
    expect(table(run('top-talkers', { min_hits: '500', since: '2024-03-02' }))).toEqual([
      ['2024-03-02', 'bob', 'ANDR1', 'Android', 'Android/4.3-EAS-1.3', 800, 700, 90, 0],
    ]);
    expect(table(run('top-talkers', { min_hits: 1, until: '2024-03-01T12:00' })).map((r) => r.slice(0, 3))).toEqual([
      ['2024-03-01', 'bob', 'ANDR1'],
      ['2024-03-01', 'alice', 'APPL1'],
      ['2024-03-01', 'carol', 'APPL2'],
    ]);
  });
});

test('hourly: when run then client-facing requests are split by hour, server and class', () => {
  const result = run('hourly');
  expect(result.columns).toEqual(['hour', 'server', 'requests', 'direct', 'proxy', 'redirect', 'failures']);
  expect(table(result)).toEqual([
    ['2024-03-01 07:00', 'CAS-OLD', 1, 0, 0, 1, 1],
    ['2024-03-01 08:00', 'CAS-NEW', 4, 2, 2, 0, 0],
    ['2024-03-01 08:00', 'CAS-OLD', 1, 1, 0, 0, 0],
    ['2024-03-01 09:00', 'CAS-NEW', 1, 0, 1, 0, 1],
    ['2024-03-01 09:00', 'CAS-OLD', 5, 0, 0, 5, 5],
    ['2024-03-01 10:00', 'CAS-NEW', 4, 3, 1, 0, 3],
    ['2024-03-01 11:00', 'CAS-NEW', 2, 2, 0, 0, 2],
    ['2024-03-02 08:00', 'CAS-NEW', 1, 0, 1, 0, 0],
  ]);
});

test('user-agents: when run then each agent and protocol version shows device types, devices, users, requests', () => {
  const result = run('user-agents');
  expect(result.columns).toEqual(['user_agent', 'protocol', 'device_types', 'devices', 'users', 'requests', 'first_seen', 'last_seen']);
  expect(table(result)).toEqual([
    ['Apple-iPhone11C6/1905.258', '14.1', 'iPhone', 2, 2, 12, '2024-03-01 07:00', '2024-03-01 10:02'],
    ['Android/4.3-EAS-1.3', '12.1', 'Android', 1, 1, 5, '2024-03-01 08:30', '2024-03-02 08:00'],
    [evilUserAgent, null, 'Android', 1, 1, 2, '2024-03-01 11:00', '2024-03-01 11:05'],
  ]);
});

describe('users', () => {
  test('when run then each user and device has hits, per-command counts, failures and first/last seen', () => {
    const result = run('users');
    expect(result.columns).toEqual([
      'user', 'device_id', 'device_type', 'user_agent', 'hits', 'sync', 'ping', 'folder_sync', 'send_mail', 'smart_reply',
      'smart_forward', 'get_attachment', 'item_operations', 'meeting_response', 'search', 'settings', 'provision',
      'other_commands', 'failures', 'first_seen', 'last_seen', 'device_ref',
    ]);
    expect(table(result)).toEqual([
      ['alice', 'APPL1', 'iPhone', 'Apple-iPhone11C6/1905.258', 6, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, '2024-03-01 08:00', '2024-03-01 09:20', 1],
      ['bob', 'ANDR1', 'Android', 'Android/4.3-EAS-1.3', 5, 1, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, '2024-03-01 08:30', '2024-03-02 08:00', 2],
      ['carol', 'APPL2', 'iPhone', 'Apple-iPhone11C6/1905.258', 6, 3, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 4, '2024-03-01 07:00', '2024-03-01 10:02', 3],
      ['dave', 'EVIL1', 'Android', evilUserAgent, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, '2024-03-01 11:00', '2024-03-01 11:05', 4],
    ]);
  });

  test('when user is given in upper case then only that user is listed', () => {
    expect(table(run('users', { user: 'BOB' })).map((r) => r[0])).toEqual(['bob']);
  });
});

describe('rejected-lines', () => {
  test('when run then rejects are listed by file path and line number', () => {
    const result = run('rejected-lines');
    expect(result.columns).toEqual(['file', 'line_no', 'reason', 'sample']);
    expect(table(result)).toEqual([
      ['/logs/CAS-NEW/u_ex240301.log', 3, 'no-fields-directive', "=cmd|' /C calc'!A0"],
      ['/logs/CAS-NEW/u_ex240301.log', 40, 'invalid-timestamp', '2024-13-45 99:00:00 x'],
      ['/logs/CAS-OLD/u_ex240301.log', 17, 'field-count-mismatch expected 15 got 16', '2024-03-01 08:00:01 10.0.0.9 POST /Microsoft-Server-ActiveSync'],
    ]);
  });

  test('when file and reason filters are given then they match a path substring and a reason prefix', () => {
    expect(table(run('rejected-lines', { file: 'CAS-OLD' })).map((r) => r[1])).toEqual([17]);
    expect(table(run('rejected-lines', { reason: 'field-count' })).map((r) => r[1])).toEqual([17]);
    expect(table(run('rejected-lines', { reason: '%' }))).toEqual([]);
  });
});

describe('device-timeline', () => {
  const columns = [
    'time', 'server', 'class', 'hop', 'command', 'status_code', 'win32', 'outcome', 'error', 'proxy_target', 'redirect_target',
    'time_taken', 'ts', 'status',
  ];

  test('when run for a redirected device then its requests come in time order with status.substatus and targets', () => {
    const result = run('device-timeline', { device_id: deviceIds.alice });
    expect(result.columns).toEqual(columns);
    const target = 'https://mail.contoso.com/Microsoft-Server-ActiveSync';
    expect(table(result).map((r) => r.slice(0, 12))).toEqual([
      ['2024-03-01 08:00:00', 'CAS-OLD', 'direct', 0, 'Sync', '200.0', 0, 'ok', null, null, null, 120],
      ['2024-03-01 09:00:00', 'CAS-OLD', 'redirect', 0, 'Sync', '451.0', 0, 'redirect', 'MisconfiguredDevice', null, target, 15],
      ['2024-03-01 09:05:00', 'CAS-OLD', 'redirect', 0, 'Ping', '451.0', 0, 'redirect', 'MisconfiguredDevice', null, target, 15],
      ['2024-03-01 09:10:00', 'CAS-OLD', 'redirect', 0, 'Sync', '451.0', 0, 'redirect', 'MisconfiguredDevice', null, target, 15],
      ['2024-03-01 09:15:00', 'CAS-OLD', 'redirect', 0, 'Ping', '451.0', 0, 'redirect', 'MisconfiguredDevice', null, target, 15],
      ['2024-03-01 09:20:00', 'CAS-OLD', 'redirect', 0, 'FolderSync', '451.0', 0, 'redirect', 'MisconfiguredDevice', null, target, 15],
    ]);
    expect(result.rows[0]).toMatchObject({ ts: Date.UTC(2024, 2, 1, 8) / 1000, status: 200 });
  });

  test('when run for a proxied device then inner hops are included unless client_facing is 1', () => {
    const all = table(run('device-timeline', { device_id: String(deviceIds.bob) }));
    expect(all).toHaveLength(10);
    expect(all.slice(4, 6).map((r) => r.slice(0, 10))).toEqual([
      ['2024-03-01 09:30:00', 'CAS-OLD', 'direct', 1, 'FolderSync', '500.0', 0, 'server', 'ServerError', null],
      ['2024-03-01 09:30:00', 'CAS-NEW', 'proxy', 0, 'FolderSync', '500.0', 0, 'server', 'ServerError', 'cas-old.contoso.local'],
    ]);
    const outer = table(run('device-timeline', { device_id: deviceIds.bob, client_facing: 1, since: '2024-03-01T09:00' }));
    expect(outer.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['2024-03-01 09:30:00', 'CAS-NEW', 0],
      ['2024-03-01 10:00:00', 'CAS-NEW', 0],
      ['2024-03-02 08:00:00', 'CAS-NEW', 0],
    ]);
  });

  test('when device_id is left out then a UserError names the parameter', () => {
    expect(() => run('device-timeline')).toThrow(/needs parameter device_id/);
  });
});
