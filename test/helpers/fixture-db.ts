import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packCodes, packFlags, withCommand } from '../../src/ingest/batch.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';

/**
 * A small hand-written migration story, two CAS servers on 2024-03-01 (UTC) plus one
 * request the next day. Every query test asserts against these rows, so each device
 * exercises something specific:
 *
 * - alice / APPL1 (iPhone): synced directly on CAS-OLD at 08:00, then got five 451
 *   redirects (MisconfiguredDevice, RdirTo the new URL) from 09:00 to 09:20 and never
 *   followed: failing, dominant failure `redirect`.
 * - bob / ANDR1 (Android): proxied by CAS-NEW to cas-old.contoso.local (PrxTo); every
 *   request is logged again on CAS-OLD as the inner hop (hop = 1). One 500 ServerError at
 *   09:30, then successes (also on 2024-03-02): healthy, the top talker of device_days.
 * - carol / APPL2 (iPhone): one 451 on CAS-OLD at 07:00, followed it (401 challenge then 200
 *   on CAS-NEW at 08:00), then three 449 DeviceNotProvisioned at 10:00-10:02: failing,
 *   dominant failure `provision`.
 * - dave / EVIL1 (Android): two 401 auth failures and never a success; his user agent holds
 *   a formula and a clear-screen escape, for the CSV and terminal tests.
 */
export const day0 = Date.UTC(2024, 2, 1) / 1000;
/** Unix seconds of `hh:mm` on 2024-03-01 (or `dayOffset` days later). */
export const at = (hhmm: string, dayOffset = 0): number => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return day0 + dayOffset * 86_400 + h * 3600 + m * 60;
};

export const evilUserAgent = '=HYPERLINK("http://evil")\u001b[2J';

const dictionaries = {
  servers: ['CAS-OLD', 'CAS-NEW'],
  users: ['alice', 'bob', 'carol', 'dave'],
  device_types: ['iPhone', 'Android'],
  user_agents: ['Apple-iPhone11C6/1905.258', 'Android/4.3-EAS-1.3', evilUserAgent],
  commands: ['Sync', 'Ping', 'FolderSync', 'SendMail', 'GetItemEstimate'],
  proxy_targets: ['cas-old.contoso.local'],
  redirect_targets: ['https://mail.contoso.com/Microsoft-Server-ActiveSync'],
  errors: ['MisconfiguredDevice', 'DeviceNotProvisioned', 'ServerError'],
  client_ips: ['10.0.0.5'],
} as const;

type Dictionary = keyof typeof dictionaries;
/** 1-based id of `name` in a dictionary, as inserted below. */
const id = <D extends Dictionary>(table: D, name: (typeof dictionaries)[D][number]): number =>
  (dictionaries[table] as readonly string[]).indexOf(name) + 1;

/** devices.id values of the fixture. */
export const deviceIds = { alice: 1, bob: 2, carol: 3, dave: 4 } as const;
const devices = [
  { id: deviceIds.alice, user: 'alice', key: 'APPL1', type: 'iPhone', ua: 'Apple-iPhone11C6/1905.258' },
  { id: deviceIds.bob, user: 'bob', key: 'ANDR1', type: 'Android', ua: 'Android/4.3-EAS-1.3' },
  { id: deviceIds.carol, user: 'carol', key: 'APPL2', type: 'iPhone', ua: 'Apple-iPhone11C6/1905.258' },
  { id: deviceIds.dave, user: 'dave', key: 'EVIL1', type: 'Android', ua: evilUserAgent },
] as const;

const classIds = { direct: 0, proxy: 1, redirect: 2 } as const;
const outcomeIds = { ok: 0, challenge: 1, auth: 2, provision: 4, redirect: 5, server: 8 } as const;

interface Request {
  ts: number;
  server: (typeof dictionaries.servers)[number];
  device: keyof typeof deviceIds;
  class: keyof typeof classIds;
  outcome: keyof typeof outcomeIds;
  command: (typeof dictionaries.commands)[number] | null;
  status: number;
  substatus?: number;
  win32?: number;
  hop?: 0 | 1;
  error?: (typeof dictionaries.errors)[number];
  proxied?: boolean;
  redirected?: boolean;
}

const alice: Request[] = [
  { ts: at('08:00'), server: 'CAS-OLD', device: 'alice', class: 'direct', outcome: 'ok', command: 'Sync', status: 200 },
  ...(['09:00', '09:05', '09:10', '09:15', '09:20'] as const).map((time, i): Request => ({
    ts: at(time), server: 'CAS-OLD', device: 'alice', class: 'redirect', outcome: 'redirect',
    command: (['Sync', 'Ping', 'Sync', 'Ping', 'FolderSync'] as const)[i] ?? 'Sync',
    status: 451, error: 'MisconfiguredDevice', redirected: true,
  })),
];

/** bob's client-facing requests on CAS-NEW, each preceded by its inner hop on CAS-OLD. */
const bob: Request[] = (
  [
    [at('08:30'), 'Sync', 200, 'ok'],
    [at('08:31'), 'Ping', 200, 'ok'],
    [at('09:30'), 'FolderSync', 500, 'server'],
    [at('10:00'), 'SendMail', 200, 'ok'],
    [at('08:00', 1), 'Ping', 200, 'ok'],
  ] as const
).flatMap(([ts, command, status, outcome]): Request[] => {
  const error = status === 500 ? ({ error: 'ServerError' } as const) : {};
  return [
    { ts, server: 'CAS-OLD', device: 'bob', class: 'direct', outcome, command, status, hop: 1, ...error },
    { ts, server: 'CAS-NEW', device: 'bob', class: 'proxy', outcome, command, status, proxied: true, ...error },
  ];
});

const carol: Request[] = [
  { ts: at('07:00'), server: 'CAS-OLD', device: 'carol', class: 'redirect', outcome: 'redirect', command: 'Sync', status: 451, error: 'MisconfiguredDevice', redirected: true },
  { ts: at('08:00'), server: 'CAS-NEW', device: 'carol', class: 'direct', outcome: 'challenge', command: 'Sync', status: 401, substatus: 2, win32: 5 },
  { ts: at('08:00'), server: 'CAS-NEW', device: 'carol', class: 'direct', outcome: 'ok', command: 'Sync', status: 200 },
  ...(
    [
      ['10:00', 'FolderSync'],
      ['10:01', 'FolderSync'],
      ['10:02', 'GetItemEstimate'],
    ] as const
  ).map(([time, command]): Request => ({
    ts: at(time), server: 'CAS-NEW', device: 'carol', class: 'direct', outcome: 'provision', command, status: 449, error: 'DeviceNotProvisioned',
  })),
];

const dave: Request[] = [
  { ts: at('11:00'), server: 'CAS-NEW', device: 'dave', class: 'direct', outcome: 'auth', command: 'Sync', status: 401, substatus: 1, win32: 1326 },
  { ts: at('11:05'), server: 'CAS-NEW', device: 'dave', class: 'direct', outcome: 'auth', command: null, status: 401, substatus: 1, win32: 1326 },
];

const protocols: Record<keyof typeof deviceIds, number | null> = { alice: 141, bob: 121, carol: 141, dave: null };

/** device_days rows: [device, day offset, requests, pings, syncs, failures]. */
const deviceDays = [
  ['bob', 0, 1500, 1200, 250, 1],
  ['bob', 1, 800, 700, 90, 0],
  ['alice', 0, 1000, 400, 595, 5],
  ['carol', 0, 6, 0, 3, 4],
] as const;

export const rejectedFiles = ['/logs/CAS-OLD/u_ex240301.log', '/logs/CAS-NEW/u_ex240301.log'] as const;
/** rejects rows: [file index, line_no, reason, sample]. */
const rejects = [
  [0, 17, 'field-count-mismatch expected 15 got 16', '2024-03-01 08:00:01 10.0.0.9 POST /Microsoft-Server-ActiveSync'],
  [1, 40, 'invalid-timestamp', '2024-13-45 99:00:00 x'],
  [1, 3, 'no-fields-directive', "=cmd|' /C calc'!A0"],
] as const;

function insertAll(db: Db): void {
  for (const [table, names] of Object.entries(dictionaries)) {
    const insert = db.prepare(`INSERT INTO ${table} (id, name) VALUES (?, ?)`);
    names.forEach((name, i) => insert.run(i + 1, name));
  }
  const insertDevice = db.prepare('INSERT INTO devices (id, user_id, device_key, device_type_id, user_agent_id) VALUES (?, ?, ?, ?, ?)');
  for (const d of devices) insertDevice.run(d.id, id('users', d.user), d.key, id('device_types', d.type), id('user_agents', d.ua));

  const insertRequest = db.prepare(`INSERT INTO requests (ts, server_id, device_id, flags, codes, time_taken,
    user_agent_id, client_ip_id, proxy_target_id, redirect_target_id, error_id, protocol)
    VALUES (@ts, @server_id, @device_id, @flags, @codes, @time_taken,
    @user_agent_id, @client_ip_id, @proxy_target_id, @redirect_target_id, @error_id, @protocol)`);
  const all = [...alice, ...bob, ...carol, ...dave].sort((a, b) => a.ts - b.ts);
  for (const r of all) {
    const device = devices.find((d) => d.user === r.device);
    insertRequest.run({
      ts: r.ts,
      server_id: id('servers', r.server),
      device_id: deviceIds[r.device],
      flags: withCommand(packFlags(classIds[r.class]!, r.hop ?? 0, outcomeIds[r.outcome]!), r.command === null ? Number.NaN : id('commands', r.command)),
      codes: packCodes(r.status, r.substatus ?? 0, r.win32 ?? 0),
      time_taken: r.status === 451 ? 15 : 120,
      user_agent_id: device ? id('user_agents', device.ua) : null,
      client_ip_id: 1,
      proxy_target_id: r.proxied ? 1 : null,
      redirect_target_id: r.redirected ? 1 : null,
      error_id: r.error ? id('errors', r.error) : null,
      protocol: protocols[r.device],
    });
  }

  const insertDay = db.prepare('INSERT INTO device_days (device_id, day, requests, pings, syncs, failures) VALUES (?, ?, ?, ?, ?, ?)');
  for (const [device, offset, requests, pings, syncs, failures] of deviceDays) {
    insertDay.run(deviceIds[device], day0 / 86_400 + offset, requests, pings, syncs, failures);
  }

  const insertFile = db.prepare(`INSERT INTO files (id, path, server_id, size, fingerprint, fingerprint_bytes, updated_at)
    VALUES (?, ?, ?, 1000, 'sha1', 1000, ?)`);
  rejectedFiles.forEach((path, i) => insertFile.run(i + 1, path, i + 1, day0));
  const insertReject = db.prepare('INSERT INTO rejects (file_id, line_no, reason, sample) VALUES (?, ?, ?, ?)');
  for (const [file, lineNo, reason, sample] of rejects) insertReject.run(file + 1, lineNo, reason, sample);
}

/** A fixture database on disk, closed and ready for read-only use. */
export interface FixtureDb {
  dir: string;
  path: string;
  /** Deletes the temp folder. */
  cleanup: () => void;
}

/** Builds the fixture database in a new temp folder (see the story above). */
export function createFixtureDb(): FixtureDb {
  const dir = mkdtempSync(join(tmpdir(), 'asd-query-'));
  const path = join(dir, 'fixture.db');
  const db = openDatabase(path);
  db.transaction(() => insertAll(db))();
  db.close();
  return { dir, path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
