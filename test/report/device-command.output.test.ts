import { describe, expect, it } from 'vitest';
import { runDevice, type DeviceIo } from '../../cli/commands/device.js';
import { UserError } from '../../src/errors.js';
import { collapseRequests, type DeviceTimeline } from '../../src/report/device-timeline.js';
import type { Db } from '../../src/store/open-database.js';
import { aliceRequests } from './fixtures/device-requests.js';

const timeline: DeviceTimeline = {
  key: 'ApplDNPGK1A2B3C4',
  matchedBy: 'deviceId',
  devices: [
    {
      user: 'alice',
      deviceId: 'ApplDNPGK1A2B3C4',
      deviceType: 'iPhone',
      userAgent: 'Apple-iPhone3C1/801.293\u009b2J',
      requests: 11,
      firstSeen: '2011-03-12T13:50:00Z',
      lastSeen: '2011-03-13T07:05:00Z',
      lastSuccess: null,
      servers: ['CAS10-NY'],
      diagnosis: { verdict: 'redirect-stuck', failing: true, severity: 90, reason: 'r', recommendation: '' },
      entries: collapseRequests(aliceRequests),
      omittedEntries: 0,
    },
  ],
};

function fakeIo() {
  const seen = { stdout: '', limit: -1, closed: false };
  const io: DeviceIo = {
    open: () => ({ close: () => (seen.closed = true) }) as unknown as Db,
    build: (_db, _key, options) => {
      seen.limit = options.limit ?? -1;
      return timeline;
    },
    stdout: (text) => (seen.stdout += text),
  };
  return { io, seen };
}

describe('device command', () => {
  it('when run without --json then the text timeline is printed and the database closed', () => {
    const { io, seen } = fakeIo();
    runDevice('ApplDNPGK1A2B3C4', { db: 'x.db' }, io);
    expect(seen.stdout).toContain('Verdict: redirect-stuck (failing)');
    expect(seen.stdout).toContain('last success  never');
    expect(seen.limit).toBe(200);
    expect(seen.closed).toBe(true);
  });

  it('when run with --json then the timeline is printed as terminal-safe JSON that decodes exactly', () => {
    const { io, seen } = fakeIo();
    runDevice('ApplDNPGK1A2B3C4', { db: 'x.db', json: true, limit: '0' }, io);
    expect(seen.stdout).not.toContain('\u009b');
    expect(JSON.parse(seen.stdout)).toEqual(timeline);
    expect(seen.limit).toBe(0);
  });

  it('when --limit is not a whole number then a usage error (exit 2) is thrown', () => {
    const { io } = fakeIo();
    expect(() => runDevice('x', { db: 'x.db', limit: 'ten' }, io)).toThrow(UserError);
  });
});
