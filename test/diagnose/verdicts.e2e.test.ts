import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { refreshVerdicts } from '../../src/store/refresh-verdicts.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { buildReport } from '../../src/report/build-report.js';
import type { ReportDevice, ReportModel } from '../../src/report/report-model.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { copyFixture, tempDir } from '../helpers/temp.js';

let db: Db;
let model: ReportModel;
const device = (user: string): ReportDevice => {
  const found = model.devices.find((d) => d.user === user);
  if (!found) throw new Error(`no device of ${user} in the report`);
  return found;
};

describe('golden verdicts (test/fixtures/folders/verdicts)', () => {
  beforeAll(async () => {
    db = openDatabase(join(tempDir(), 'v.db'));
    await runIngest([copyFixture('folders/verdicts')], { db });
    model = buildReport(db, { all: true, thresholds: { runawayRequestsPerDay: 100 }, now: () => new Date('2010-10-05T00:00:00Z') });
  });

  it.each([
    ['red1', 'redirect-stuck'], ['fol1', 'ok-redirected'], ['prx1', 'ok-proxied'], ['rec1', 'ok-proxied'],
    ['ios1', 'ok-direct'], ['hic1', 'ok-direct'], ['pwd1', 'auth-failing'], ['pol1', 'provisioning-loop'],
    ['blk1', 'access-denied'], ['ful1', 'mailbox-full'], ['thr1', 'throttled'], ['srv1', 'server-error'],
    ['srv2', 'server-error'], ['run1', 'runaway'], ['unk1', 'unknown'],
  ])('when %s is diagnosed then the verdict is %s', (user, verdict) => {
    expect(device(user).verdict).toBe(verdict);
  });

  it('when a device keeps getting 451 then the reason names the count, server, time and target, and the fix clears ExternalURL', () => {
    const d = device('red1');
    expect(d.failing).toBe(true);
    expect(d.reason).toMatch(/6 HTTP 451/);
    expect(d.reason).toMatch(/NYCAS10A/);
    expect(d.reason).toMatch(/2010-10-04 06:00 UTC/);
    expect(d.reason).toMatch(/legacy\.company\.com/);
    expect(d.recommendation).toMatch(/Set-ActiveSyncVirtualDirectory .*-ExternalUrl \$null/);
    expect(d).toMatchObject({ requests: 6, classes: { direct: 0, proxy: 0, redirect: 6 }, statuses: { '451': 6 }, lastSuccess: null });
  });

  it('when a proxied request is logged on both CAS servers then it is counted once', () => {
    expect(device('prx1')).toMatchObject({ requests: 5, classes: { direct: 0, proxy: 5, redirect: 0 }, servers: ['NYCAS10A'], proxyTargets: ['newyork07.company.local'] });
  });

  it('when the iOS challenge precedes each request then only the 401s are noise, the device is fine', () => {
    expect(device('ios1')).toMatchObject({ failing: false, requests: 10, statuses: { '200': 5, '401': 5 } });
  });

  it('when a device recovered through the proxy then its history still shows the redirects', () => {
    expect(device('rec1')).toMatchObject({ failing: false, classes: { direct: 0, proxy: 4, redirect: 5 } });
  });

  it('when failing devices are listed then the most severe come first and ok devices only with --all', () => {
    const failingOnly = buildReport(db, { thresholds: { runawayRequestsPerDay: 100 } });
    expect(failingOnly.devices.every((d) => d.failing)).toBe(true);
    expect(failingOnly.devices[0]!.verdict).toBe('redirect-stuck');
    expect(failingOnly.summary).toMatchObject({ devices: 15, failing: failingOnly.devices.length });
  });

  it('when verdicts are refreshed for the dashboard then only changed devices are recomputed', () => {
    expect(refreshVerdicts(db)).toBe(15);
    expect(refreshVerdicts(db)).toBe(0);
    expect(db.prepare("SELECT verdict FROM device_verdicts v JOIN devices d ON d.id = v.device_id WHERE d.device_key = 'ApplRED100001'").pluck().get()).toBe('redirect-stuck');
  });

  it('when the window ends before the fix then the recovered device is still redirect-stuck', () => {
    const until = Date.UTC(2010, 9, 4, 10, 0) / 1000;
    const morning = buildReport(db, { all: true, until });
    expect(morning.devices.find((d) => d.user === 'rec1')?.verdict).toBe('redirect-stuck');
    // One user in a window seeks that user's devices; the answer is the same as from the whole window.
    const oneUser = buildReport(db, { all: true, until, user: 'rec1', server: 'NYCAS10A' });
    expect(oneUser.devices).toEqual(morning.devices.filter((d) => d.user === 'rec1'));
  });

  it('when read from the rollup or by scanning the requests then the facts are the same', () => {
    const thresholds = { runawayRequestsPerDay: 100 };
    const fromRollup = buildReport(db, { all: true, thresholds, now: () => new Date(0) });
    const fromScan = buildReport(db, { all: true, thresholds, since: 0, now: () => new Date(0) });
    expect(fromScan.devices).toEqual(fromRollup.devices);
    expect(fromScan.findings).toEqual(fromRollup.findings);
  });
});
