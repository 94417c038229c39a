import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DiagnosedDevice } from '../../src/store/diagnose-devices.js';
import { UserError } from '../../src/errors.js';
import type { ReportFilter } from '../../src/report/report-options.js';
import type { Db } from '../../src/store/open-database.js';
import { at, makeFacts } from '../helpers/facts.js';
import { aliceRequests } from './fixtures/device-requests.js';

const diagnosed: DiagnosedDevice[] = [
  {
    facts: {
      ...makeFacts({ lastSuccess: at('2011-03-12T14:08:10Z') }),
      id: 7,
      user: 'alice',
      deviceId: 'ApplDNPGK1A2B3C4',
      deviceType: 'iPhone',
      userAgent: 'Apple-iPhone3C1/801.293',
      requests: 11,
      firstSeen: at('2011-03-12T13:50:00Z'),
      lastSeen: at('2011-03-13T07:05:00Z'),
      servers: ['CAS10-NY'],
    },
    diagnosis: {
      verdict: 'redirect-stuck',
      failing: true,
      severity: 90,
      reason: '5 × HTTP 451 from CAS10-NY since 2011-03-13 07:00 UTC, no success since',
      recommendation: 'Set-ActiveSyncVirtualDirectory -Identity "CAS07-NY\\Microsoft-Server-ActiveSync (Default Web Site)" -ExternalUrl $null',
    },
  },
];

const calls: ReportFilter[] = [];
vi.mock('../../src/store/diagnose-devices.js', () => ({
  diagnoseDevices: (_db: Db, filter: ReportFilter) => {
    calls.push(filter);
    const hit = diagnosed.filter((d) => d.facts.deviceId === filter.deviceId || (filter.user !== undefined && d.facts.user === filter.user));
    return hit;
  },
}));

const { buildDeviceTimeline } = await import('../../src/report/device-timeline.js');
const { renderDeviceTimeline } = await import('../../src/report/render-device-timeline.js');

const db = {} as Db;
const readRequests = (_db: Db, id: number) => (id === 7 ? aliceRequests : []);

describe('buildDeviceTimeline', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('when the key is a DeviceId then the device is found by it', () => {
    const timeline = buildDeviceTimeline(db, 'ApplDNPGK1A2B3C4', { readRequests });
    expect(timeline.matchedBy).toBe('deviceId');
    expect(timeline.devices).toHaveLength(1);
    expect(timeline.devices[0]!.entries).toHaveLength(6);
    expect(timeline.devices[0]!.lastSuccess).toBe('2011-03-12T14:08:10Z');
    expect(calls).toEqual([{ deviceId: 'ApplDNPGK1A2B3C4' }]);
  });

  it('when the key is DOMAIN\\user then every device of the normalised user is shown', () => {
    const timeline = buildDeviceTimeline(db, 'CONTOSO\\Alice', { readRequests });
    expect(timeline.matchedBy).toBe('user');
    expect(calls).toEqual([{ deviceId: 'CONTOSO\\Alice' }, { user: 'alice' }]);
  });

  it('when nothing matches then a UserError with exit code 2 and a hint is thrown', () => {
    let error: unknown;
    try {
      buildDeviceTimeline(db, 'nobody', { readRequests });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).hint).toContain('report --all');
  });

  it('when a limit is given then only the most recent entries are kept and the rest counted', () => {
    const device = buildDeviceTimeline(db, 'ApplDNPGK1A2B3C4', { readRequests, limit: 2 }).devices[0]!;
    expect(device.entries.map((e) => e.command)).toEqual(['Sync', 'FolderSync']);
    expect(device.omittedEntries).toBe(4);
  });

  it('when rendered as text then it matches the golden file', async () => {
    const text = renderDeviceTimeline(buildDeviceTimeline(db, 'alice', { readRequests }));
    await expect(text).toMatchFileSnapshot('../golden/device-alice.txt');
  });

  it('when log text holds an escape sequence then the text output shows it inert', () => {
    const text = renderDeviceTimeline(buildDeviceTimeline(db, 'ApplDNPGK1A2B3C4', { readRequests }));
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('ExternalUrl\\x1b[2J');
  });
});
