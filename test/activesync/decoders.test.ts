import { describe, expect, it } from 'vitest';
import { decodeBase64Query } from '../../src/activesync/base64-query.js';
import { classificationRules, classifyOutcome, classifyRequest, outcomeRules } from '../../src/activesync/classify.js';
import { parseLogTokens } from '../../src/activesync/log-tokens.js';
import { userOf } from '../../src/activesync/decode-request.js';
import { normalizeUser } from '../../src/activesync/normalize-user.js';
import { decodePercent, parsePlainQuery } from '../../src/activesync/plain-query.js';
import { readStem } from '../../src/activesync/protocol.js';

/** Builds an MS-ASHTTP base64 query from its fields (layout in domain.md 2.3). */
function encodeBase64Query(p: { version: number; command: number; deviceId: Buffer; policyKey?: number; deviceType: string; params?: [number, string][] }): string {
  const parts = [Buffer.from([p.version, p.command, 0x09, 0x04, p.deviceId.length]), p.deviceId];
  if (p.policyKey === undefined) parts.push(Buffer.from([0]));
  else { const key = Buffer.alloc(5); key[0] = 4; key.writeUInt32LE(p.policyKey, 1); parts.push(key); }
  parts.push(Buffer.from([p.deviceType.length]), Buffer.from(p.deviceType, 'latin1'));
  for (const [tag, value] of p.params ?? []) parts.push(Buffer.from([tag, Buffer.byteLength(value)]), Buffer.from(value));
  return Buffer.concat(parts).toString('base64');
}

describe('plain query', () => {
  it('when keys come in any order and case then each is read and %-decoded, User left as logged for normalizeUser', () => {
    expect(parsePlainQuery('Cmd=Ping&User=cdrcb.com%5Cdengmu&DeviceId=androidc537050526&DeviceType=KSAndroid&Log=V141_Hb1680_S3_')).toEqual({
      user: 'cdrcb.com%5Cdengmu', deviceId: 'androidc537050526', deviceType: 'KSAndroid', cmd: 'Ping', log: 'V141_Hb1680_S3_', protocol: null,
    });
    expect(parsePlainQuery('deviceid=X&&user=a').deviceId).toBe('X');
  });
  it('when an escape is malformed then the raw text is kept', () => {
    expect(decodePercent('User%domain.com')).toBe('User%domain.com');
    expect(decodePercent('a%5Cb%zz')).toBe('a\\b%zz');
  });
});

describe('base64 query (MS-ASHTTP 2.2.1.1.1.1)', () => {
  it('when given the published golden vector (F5) then it decodes every field', () => {
    expect(decodeBase64Query('jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l')).toEqual({
      protocol: 140, cmd: 'Sync', locale: 0x0409, deviceId: 'v140Device', policyKey: null, deviceType: 'SmartPhone', user: null,
    });
  });
  it('when it has a policy key, a binary DeviceId and a User parameter then all are read', () => {
    const id = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const q = encodeBase64Query({ version: 121, command: 18, deviceId: id, policyKey: 3942919513, deviceType: 'PocketPC', params: [[8, 'jdoe']] });
    expect(decodeBase64Query(encodeURIComponent(q) + '&Log=V121_')).toEqual({
      protocol: 121, cmd: 'Ping', locale: 0x0409, deviceId: '00112233445566778899AABBCCDDEEFF', policyKey: 3942919513, deviceType: 'PocketPC', user: 'jdoe',
    });
  });
  it('when the command code is unassigned then it shows as cmd#n', () => {
    expect(decodeBase64Query(encodeBase64Query({ version: 141, command: 7, deviceId: Buffer.from('dev1'), deviceType: 'WP' }))?.cmd).toBe('cmd#7');
  });
  it('when the text is not a valid binary query then null', () => {
    expect(decodeBase64Query('User=jdoe&DeviceId=1')).toBeNull();
    expect(decodeBase64Query(Buffer.from([99, 0, 9, 4, 1, 65, 0, 1, 66]).toString('base64'))).toBeNull(); // version 9.9
    expect(decodeBase64Query(Buffer.from([140, 0, 9, 4, 200, 65, 0]).toString('base64'))).toBeNull(); // id runs past the end
  });
});

describe('Log= tokens', () => {
  it('when reading the 2010 underscore form then PrxTo, Error, V and Hb are found', () => {
    const t = parseLogTokens('V121_Ssnf:T_LdapC4_Pk0_Error:DeviceNotProvisioned_As:BlockedP_PrxTo:newyork07.company.local_Hb1680_Budget:(D)Conn%3a1_');
    expect(t).toMatchObject({ protocol: 121, error: 'DeviceNotProvisioned', proxyTo: 'newyork07.company.local', heartbeat: 1680 });
  });
  it('when reading the 2016 Name:value form then Ver1, Hb and PrxFrom are found', () => {
    expect(parseLogTokens('SC1:1_PrxFrom:10.0.22.211_Ver1:161_Hb:600_TmRcv:06:53:38.4480003_')).toMatchObject({ protocol: 161, heartbeat: 600, proxyFrom: '10.0.22.211' });
  });
  it('when a 451 names its target then RdirTo is decoded', () => {
    expect(parseLogTokens('V141_Error:MisconfiguredDevice_RdirTo:https%3a%2f%2flegacy.company.com%2fMicrosoft-Server-ActiveSync_').redirectTo)
      .toBe('https://legacy.company.com/Microsoft-Server-ActiveSync');
  });
  it('when a name only starts like a known one then it is not mistaken for it', () => {
    expect(parseLogTokens('Vx12_Hbar_').protocol).toBeNull();
    expect(parseLogTokens('Vx12_Hbar_V140_').protocol).toBe(140);
    expect(parseLogTokens('Budget:(D)Conn%3aPrxTo:x_Hb60_')).toMatchObject({ proxyTo: null, heartbeat: 60 });
  });
  it('when a bare number is long then it reads as parseInt would, and past the largest double as none', () => {
    expect(parseLogTokens('V121_Hb123456789_').heartbeat).toBe(123456789);
    expect(parseLogTokens('Hb12345678901234_').heartbeat).toBe(12345678901234);
    expect(parseLogTokens(`V${'9'.repeat(400)}_Hb900_`)).toMatchObject({ protocol: null, heartbeat: 900 });
  });
  it('when an element is the first one, with no underscore before it, then it is found', () => {
    expect(parseLogTokens('PrxTo:london07.company.local')).toMatchObject({ proxyTo: 'london07.company.local', protocol: null });
    expect(parseLogTokens('V0_')).toMatchObject({ protocol: 0 });
  });
  it('when values lie back to back then each is read within its own bounds', () => {
    // A value ending in a bare name must not borrow the next value's start: Prx|To:x, Hb|60, V|1_.
    const logs = ['V121_Prx', 'To:cas1_Hb', '60_Error:Boom', 'PrxTo', ':x_V', '141'];
    const joined = logs.join('');
    let from = 0;
    const read = logs.map((log) => {
      const t = parseLogTokens(joined, undefined, from, from + log.length);
      from += log.length;
      return { ...t };
    });
    expect(read.map((t) => [t.proxyTo, t.protocol, t.heartbeat, t.error])).toEqual([
      [null, 121, null, null], [null, null, null, null], [null, null, null, 'Boom'], [null, null, null, null], [null, null, null, null], [null, null, null, null],
    ]);
  });
});

describe('normalizeUser', () => {
  it('when the same identity is spelled three ways then all normalise alike', () => {
    expect(normalizeUser('COMPANY\\JDoe')).toBe('jdoe');
    expect(normalizeUser('COMPANY%5Cjdoe')).toBe('jdoe');
    expect(normalizeUser('jdoe')).toBe('jdoe');
    expect(normalizeUser('-')).toBe('');
  });
  it('when the query names no user then cs-username is the user', () => {
    expect(userOf({ queryUser: 'COMPANY%5CJDoe', username: 'OTHER\\x' })).toBe('jdoe');
    expect(userOf({ queryUser: null, username: 'COMPANY\\JDoe' })).toBe('jdoe');
    expect(userOf({ queryUser: '-', username: null })).toBe('');
  });
});

describe('classification rules', () => {
  const base = { status: 200, substatus: 0, anonymous: false, proxyTo: null, error: null, cmd: 'Sync' };
  it('when 451 then redirect; PrxTo then proxy; else direct', () => {
    expect(classifyRequest({ ...base, status: 451 })).toBe('redirect');
    expect(classifyRequest({ ...base, proxyTo: 'newyork07' })).toBe('proxy');
    expect(classifyRequest(base)).toBe('direct');
  });
  it('when the 401 carries no credentials then it is the challenge, not an auth failure', () => {
    expect(classifyOutcome({ ...base, status: 401, anonymous: true })).toBe('challenge');
    expect(classifyOutcome({ ...base, status: 401, substatus: 1 })).toBe('auth');
  });
  it('when 503 carries a budget error then throttled, otherwise a server failure', () => {
    expect(classifyOutcome({ ...base, status: 503, error: 'OverBudget' })).toBe('throttled');
    expect(classifyOutcome({ ...base, status: 503 })).toBe('server');
    expect(classifyOutcome({ ...base, status: 449 })).toBe('provision');
    expect(classifyOutcome({ ...base, status: 507 })).toBe('full');
    expect(classifyOutcome({ ...base, status: 403 })).toBe('denied');
  });
  it('when a Provision succeeds then it is not a sync success (a 449 loop stays visible)', () => {
    expect(classifyOutcome({ ...base, cmd: 'Provision' })).toBe('other');
    expect(classifyOutcome(base)).toBe('ok');
  });
  it('when the tables are scanned then each ends with a catch-all', () => {
    expect(classificationRules.at(-1)!.when(base)).toBe(true);
    expect(outcomeRules.at(-1)!.when({ ...base, status: 302 })).toBe(true);
  });
});

describe('request stems', () => {
  it('when the stem is spelled in any case then it is still ActiveSync, and /Proxy/ marks the receiving side', () => {
    for (const stem of ['/Microsoft-Server-ActiveSync/default.eas', '/microsoft-server-activesync', '/MICROSOFT-SERVER-ACTIVESYNC/default.eas']) {
      expect(readStem(stem), stem).toEqual({ protocol: 'activesync', proxied: false });
    }
    expect(readStem('/Microsoft-Server-ActiveSync/Proxy/default.eas')).toEqual({ protocol: 'activesync', proxied: true });
    expect(readStem('/OWA/auth.owa').protocol).toBe('owa');
    expect(readStem('/Microsoft-Server-ActiveSyncX').protocol).toBe('activesync');
    expect(readStem('/healthcheck.htm').protocol).toBe('other');
  });
});
