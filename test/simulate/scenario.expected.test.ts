import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectedVerdicts, type ExpectedFile } from '../../src/simulate/expected.js';
import { generateScenario } from '../../src/simulate/generate-scenario.js';
import { createTimeline, defaultOptions } from '../../src/simulate/options.js';

/** One ActiveSync entry of the generated logs, read the way a simple parser would. */
interface Entry {
  path: string;
  server: string;
  ms: number;
  stem: string;
  query: string;
  username: string;
  clientIp: string;
  status: number;
  substatus: number;
  win32: number;
  user: string;
  deviceId: string;
  deviceType: string;
  cmd: string | null;
  log: string;
  innerHop: boolean;
}

const casIps = new Set(['10.1.1.20', '10.1.1.21', '10.1.1.10']);

function decodeBase64Device(blob: string): { deviceId: string; deviceType: string; cmd: number; user: string | null } {
  const bytes = Buffer.from(decodeURIComponent(blob), 'base64');
  let at = 4;
  const idLength = bytes[at++]!;
  const id = bytes.subarray(at, at + idLength);
  at += idLength;
  at += 1 + bytes[at]!;
  const typeLength = bytes[at++]!;
  const deviceType = bytes.toString('latin1', at, at + typeLength);
  at += typeLength;
  let user: string | null = null;
  while (at < bytes.length) {
    if (bytes[at] === 8) user = bytes.toString('latin1', at + 2, at + 2 + bytes[at + 1]!);
    at += 2 + bytes[at + 1]!;
  }
  const printable = id.every((b) => b > 0x20 && b < 0x7f);
  return { deviceId: printable ? id.toString('latin1') : id.toString('hex').toUpperCase(), deviceType, cmd: bytes[1]!, user };
}

function parseEntry(path: string, fields: string[], line: string): Entry | null {
  const values = line.split(' ');
  const get = (name: string): string => values[fields.indexOf(name)] ?? '';
  const stem = get('cs-uri-stem');
  const query = get('cs-uri-query');
  if (!stem.startsWith('/Microsoft-Server-ActiveSync/default.eas')) return null;
  const logAt = query.indexOf('&Log=');
  const head = logAt === -1 ? query : query.slice(0, logAt);
  let userParam: string | null = null;
  let deviceId = '';
  let deviceType = '';
  let cmd: string | null = null;
  if (head.startsWith('User=') || head.startsWith('Cmd=')) {
    const params = new URLSearchParams(head);
    userParam = params.get('User');
    deviceId = params.get('DeviceId') ?? '';
    deviceType = params.get('DeviceType') ?? '';
    cmd = params.get('Cmd');
  } else {
    const decoded = decodeBase64Device(head);
    ({ deviceId, deviceType } = decoded);
    userParam = decoded.user;
    cmd = `#${decoded.cmd}`;
  }
  const username = get('cs-username');
  const who = username !== '-' ? username : (userParam ?? '');
  const [date, time] = [get('date'), get('time')];
  return {
    path, server: path.split('/')[0]!, ms: Date.parse(`${date}T${time}Z`), stem, query, username,
    clientIp: get('c-ip'), status: Number(get('sc-status')), substatus: Number(get('sc-substatus')),
    win32: Number(get('sc-win32-status')), user: who.slice(who.lastIndexOf('\\') + 1).toLowerCase(), deviceId, deviceType,
    cmd, log: logAt === -1 ? '' : query.slice(logAt + 5), innerHop: casIps.has(get('c-ip')),
  };
}

function readEntries(files: Map<string, Buffer>): Entry[] {
  const entries: Entry[] = [];
  for (const [path, bytes] of files) {
    if (!/\.log(\.gz)?$/.test(path)) continue;
    const text = (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
    const lines = text.split('\r\n');
    lines.pop(); // '' after the last CRLF, or the torn fragment: not a line yet
    let fields: string[] = [];
    for (const line of lines) {
      if (line.startsWith('#Fields: ')) fields = line.slice(9).split(' ');
      if (line.startsWith('#')) continue;
      const entry = parseEntry(path, fields, line);
      if (entry !== null) entries.push(entry);
    }
  }
  return entries.sort((a, b) => a.ms - b.ms);
}

const isChallenge = (e: Entry): boolean => e.status === 401 && (e.username === '-' || e.substatus === 2);
const last = <T>(items: T[], n: number): T[] => items.slice(Math.max(0, items.length - n));

describe('scenario: expected.json against the generated logs (default arguments)', () => {
  let expected: ExpectedFile;
  let entries: Entry[];
  const timeline = createTimeline(defaultOptions);
  const byDevice = new Map<string, Entry[]>();
  const keyOf = (user: string, deviceId: string): string => `${user}|${deviceId}`;

  beforeAll(() => {
    const scenario = generateScenario(defaultOptions);
    expected = JSON.parse(scenario.files.get('expected.json')!.toString('utf8')) as ExpectedFile;
    entries = readEntries(scenario.files);
    for (const e of entries) {
      if (e.innerHop) continue;
      const key = keyOf(e.user, e.deviceId);
      byDevice.set(key, [...(byDevice.get(key) ?? []), e]);
    }
  });

  test('when the logs are read then every DeviceId in them is listed in expected.json, and every listed device appears', () => {
    const listed = new Set(expected.devices.map((d) => keyOf(d.user, d.deviceId)));
    const inLogs = new Set(entries.map((e) => keyOf(e.user, e.deviceId)));
    expect([...inLogs].filter((k) => !listed.has(k))).toEqual([]);
    expect([...listed].filter((k) => !inLogs.has(k))).toEqual([]);
    for (const d of expected.devices) {
      expect(byDevice.get(keyOf(d.user, d.deviceId))![0]!.deviceType).toBe(d.deviceType);
    }
  });

  test('when counted then verdicts come from the contract and the stories are all there', () => {
    const count = (v: string): number => expected.devices.filter((d) => d.verdict === v).length;
    for (const d of expected.devices) expect(expectedVerdicts).toContain(d.verdict);
    expect(count('redirect-stuck')).toBe(2);
    expect(count('ok-redirected')).toBe(1);
    for (const v of ['auth-failing', 'provisioning-loop', 'access-denied', 'mailbox-full', 'throttled', 'server-error', 'runaway']) {
      expect(count(v), v).toBe(1);
    }
    expect(count('ok-proxied')).toBeGreaterThan(20);
    expect(count('ok-direct')).toBeGreaterThan(200);
    expect(count('unknown')).toBe(0);
  });

  test('when each device is replayed then its last requests match its expected verdict', () => {
    const problems: string[] = [];
    for (const d of expected.devices) {
      const all = byDevice.get(keyOf(d.user, d.deviceId)) ?? [];
      const real = all.filter((e) => !isChallenge(e));
      const end = real[real.length - 1];
      const fail = (why: string): number => problems.push(`${d.user} ${d.deviceId} ${d.verdict}: ${why}`);
      if (end === undefined) {
        fail('no request other than 401 challenges');
        continue;
      }
      const tail3 = last(real, 3);
      const has451 = real.some((e) => e.status === 451);
      switch (d.verdict) {
        case 'ok-direct':
          if (end.status !== 200 || end.log.includes('PrxTo:') || end.server === 'NEWYORK07' || has451) fail('not a direct success at the end');
          break;
        case 'ok-proxied':
          if (end.status !== 200 || !end.log.includes('PrxTo:')) fail('not a proxied success at the end');
          break;
        case 'ok-redirected':
          if (!has451 || end.status !== 200 || end.server !== 'NEWYORK07' || end.innerHop) fail('not a 451 followed by success on legacy');
          break;
        case 'redirect-stuck':
          if (real.some((e) => e.status !== 451) || end.ms >= timeline.fixMs) fail('not only 451s, all before the fix');
          break;
        case 'auth-failing':
          if (!real.some((e) => e.status === 200) || tail3.some((e) => e.status !== 401 || e.substatus !== 1 || e.win32 !== 1326 || e.username === '-')) fail('no 401.1/1326 tail after successes');
          break;
        case 'provisioning-loop':
          if (real.some((e) => e.status === 200 && e.cmd !== 'Provision') || last(real, 4).some((e) => e.status !== 449 || !e.log.includes('Error:DeviceNotProvisioned'))) fail('syncs, or no 449 tail');
          break;
        case 'access-denied':
          if (real.some((e) => e.status !== 403 || !e.log.includes('Error:DeviceIsBlockedForThisUser'))) fail('not only 403');
          break;
        case 'mailbox-full':
          if (tail3.some((e) => e.status !== 507 || !e.log.includes('Error:MailboxQuotaExceeded'))) fail('no 507 tail');
          break;
        case 'throttled':
          if (tail3.some((e) => e.status !== 503 || !e.log.includes('Error:OverBudget'))) fail('no 503 OverBudget tail');
          break;
        case 'server-error':
          if (tail3.some((e) => e.status !== 500 || !e.log.includes('Error:ServerError'))) fail('no 500 tail');
          break;
        case 'runaway': {
          const perDay = new Map<number, number>();
          for (const e of all) perDay.set(Math.floor(e.ms / 86_400_000), (perDay.get(Math.floor(e.ms / 86_400_000)) ?? 0) + 1);
          if (Math.max(...perDay.values()) <= 5000 || real.some((e) => e.status !== 200)) fail('not > 5000 successful requests in a day');
          break;
        }
        default:
          fail('unexpected verdict');
      }
    }
    expect(problems).toEqual([]);
  });

  test('when a 451 is logged then it carries RdirTo: legacy and MisconfiguredDevice, and none after the fix', () => {
    const redirects = entries.filter((e) => e.status === 451);
    expect(redirects.length).toBeGreaterThan(50);
    for (const e of redirects) {
      expect(e.log).toContain('RdirTo:https%3a%2f%2flegacy.company.com%2fMicrosoft-Server-ActiveSync');
      expect(e.log).toContain('Error:MisconfiguredDevice');
      expect(e.ms).toBeLessThan(timeline.fixMs + 1000);
      expect(e.server).not.toBe('NEWYORK07');
    }
  });

  test('when a 2010 CAS proxies to newyork07 then NEWYORK07 logs the inner hop from that CAS a little earlier', () => {
    const outers = entries.filter((e) => !e.innerHop && e.log.includes('PrxTo:newyork07.company.local'));
    const inners = entries.filter((e) => e.innerHop && e.server === 'NEWYORK07');
    expect(outers.length).toBeGreaterThan(100);
    const head = (e: Entry): string => `${e.username} ${e.query.slice(0, e.query.indexOf('&Log='))}`;
    const pending = new Map<string, Entry[]>();
    for (const i of inners) pending.set(head(i), [...(pending.get(head(i)) ?? []), i]);
    let unmatched = 0;
    for (const o of outers) {
      const candidates = pending.get(head(o)) ?? [];
      const at = candidates.findIndex((i) => i.ms <= o.ms && o.ms - i.ms <= 1000 && i.clientIp === (o.path.startsWith('NYCAS10A') ? '10.1.1.20' : '10.1.1.21'));
      if (at === -1) unmatched++;
      else candidates.splice(at, 1);
    }
    expect(unmatched).toBe(0);
    expect([...pending.values()].flat()).toEqual([]);
    for (const i of inners) expect(i.log).not.toContain('PrxTo:');
  });

  test('when looking at the load balancer probes then they have no DeviceId and come from the LB', () => {
    // Not parsed as devices above (stem without default.eas): check them here.
    expect(entries.some((e) => e.clientIp === '10.1.1.5')).toBe(false);
  });
});
