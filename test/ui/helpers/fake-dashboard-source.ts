import type {
  DashboardControls,
  DashboardHeader,
  DashboardSource,
  DeviceDetail,
  FailingDeviceRow,
  FailingDevicesQuery,
  OverviewData,
  RejectsData,
  ServerSort,
  ServersData,
} from '../../../src/ui/dashboard-source.js';

/** A user agent that tries everything a terminal would obey: clear, cursor moves, OSC 52/8/0, reset, DSR, C1 CSI/OSC, BEL, BS, bidi. */
export const hostileUserAgent =
  'Evil\u001b[2J\u001b[10A\u001b]52;c;cGF3bmVk\u0007\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\\u001b]0;title\u0007\u001bc\u001b[6n\u009b31m\u009d0;t\u0007\u0008\u202eRTL';
export const hostileUser = 'mallory\u001b[31m\u009b2J';

/** Bytes a frame must never contain: ESC, C0 except \n, DEL, C1. */
export const unsafeBytes = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const header = (now: number | null): DashboardHeader => ({
  now,
  requests: 123_456,
  devices: 345,
  failingDevices: 4,
  rejectedLines: 7,
  files: 12,
});

/** 2010-10-05 14:32:00 UTC: a data time far from the wall clock. */
export const dataNow = 1_286_289_120;

const failingRows: FailingDeviceRow[] = [
  { key: 1, user: 'alice', deviceId: 'ApplDNPGK1A2B3C4', deviceType: 'iPhone', verdict: 'redirect-stuck', severity: 100, reason: 'Got 451 redirects 37 times since 2010-10-05 08:00 UTC from NYCAS10A; never proxied. The device ignores the redirect.', lastSeen: dataNow - 60, server: 'NYCAS10A' },
  { key: 2, user: 'bob', deviceId: 'SEC12345', deviceType: 'SAMSUNGSGHI897', verdict: 'auth-failing', severity: 80, reason: 'HTTP 401 with credentials 12 times since the last success.', lastSeen: dataNow - 3600, server: 'NYCAS10B' },
  { key: 3, user: hostileUser, deviceId: 'EVIL\u001b[2J', deviceType: 'Evil\u009bType', verdict: 'server-error', severity: 60, reason: `500 errors; UA ${hostileUserAgent}`, lastSeen: dataNow - 7200, server: 'NEWYORK07' },
  { key: 4, user: 'carol', deviceId: 'WP7XYZ', deviceType: 'WP', verdict: 'provisioning-loop', severity: 50, reason: '449 provisioning required 20 times.', lastSeen: dataNow - 86_400, server: 'NYCAS10A' },
];

/** A DashboardSource over fixed data; `bump()` changes the version, `calls` counts reads. */
export class FakeDashboardSource implements DashboardSource {
  versionToken = 1;
  now: number | null = dataNow;
  rows: FailingDeviceRow[] = [...failingRows];
  readonly calls: Record<string, number> = {};
  readonly queries: FailingDevicesQuery[] = [];

  private count(name: string): void {
    this.calls[name] = (this.calls[name] ?? 0) + 1;
  }

  bump(): void {
    this.versionToken += 1;
  }

  version(): string {
    this.count('version');
    return String(this.versionToken);
  }

  overview(minutes: number): OverviewData {
    this.count('overview');
    const wave = (phase: number, scale: number): number[] =>
      Array.from({ length: minutes }, (_, i) => Math.max(0, Math.round(scale * Math.sin((i + phase) / 20) + scale)));
    return {
      header: header(this.now),
      fromMinute: Math.floor((this.now ?? 0) / 60) - minutes + 1,
      series: { redirect: wave(0, 10), proxy: wave(30, 20), direct: wave(60, 40) },
      matrix: [
        { deviceType: 'iPhone', devices: 120, classes: { redirect: 1200, proxy: 5600, direct: 300 } },
        { deviceType: 'SAMSUNGSGHI897', devices: 40, classes: { redirect: 10, proxy: 900, direct: 2000 } },
        { deviceType: hostileUserAgent, devices: 1, classes: { redirect: 5, proxy: 0, direct: 0 } },
      ],
      failingByVerdict: [
        { verdict: 'redirect-stuck', devices: 1 },
        { verdict: 'auth-failing', devices: 1 },
        { verdict: 'server-error', devices: 1 },
        { verdict: 'provisioning-loop', devices: 1 },
      ],
      servers: [
        { server: 'NYCAS10A', file: '/logs/NYCAS10A/W3SVC1/u_ex101005.log', offset: 1_048_576, size: 1_048_576, lastTs: (this.now ?? 0) - 0, lagSeconds: 0 },
        { server: 'NYCAS10B', file: '/logs/NYCAS10B/W3SVC1/u_ex101005.log', offset: 500_000, size: 600_000, lastTs: (this.now ?? 0) - 120, lagSeconds: 120 },
        { server: 'NEWYORK07', file: null, offset: 0, size: 0, lastTs: null, lagSeconds: null },
      ],
    };
  }

  failingDevices(query: FailingDevicesQuery) {
    this.count('failingDevices');
    this.queries.push(query);
    const f = query.filter.toLowerCase();
    const matches = this.rows.filter(
      (r) => f === '' || [r.user, r.deviceId, r.deviceType, r.verdict].some((v) => v.toLowerCase().includes(f)),
    );
    const sorted = [...matches].sort((a, b) => {
      switch (query.sort) {
        case 'user':
          return a.user.localeCompare(b.user);
        case 'device-type':
          return a.deviceType.localeCompare(b.deviceType);
        case 'last-seen':
          return b.lastSeen - a.lastSeen;
        case 'severity':
          return b.severity - a.severity;
      }
    });
    return { header: header(this.now), rows: sorted.slice(0, query.limit), total: matches.length };
  }

  deviceDetail(key: number, timelineLimit: number): DeviceDetail | null {
    this.count('deviceDetail');
    const row = this.rows.find((r) => r.key === key);
    if (!row) return null;
    return {
      key,
      user: row.user,
      deviceId: row.deviceId,
      deviceType: row.deviceType,
      userAgent: key === 3 ? hostileUserAgent : 'Apple-iPhone2C1/801.293',
      verdict: row.verdict,
      failing: true,
      reason: row.reason,
      recommendation:
        'Set the ExternalUrl of the 2010 CAS to empty so it proxies instead of redirecting: Set-ActiveSyncVirtualDirectory -Identity "NYCAS10A\\Microsoft-Server-ActiveSync (Default Web Site)" -ExternalUrl $null',
      requests: 240,
      classes: { redirect: 200, proxy: 10, direct: 30 },
      firstSeen: dataNow - 86_400,
      lastSeen: row.lastSeen,
      lastSuccess: dataNow - 90_000,
      servers: [row.server],
      timeline: Array.from({ length: Math.min(timelineLimit, 40) }, (_, i) => ({
        ts: row.lastSeen - i * 60,
        firstTs: row.lastSeen - i * 60 - 30,
        count: (i % 3) + 1,
        server: row.server,
        requestClass: 'redirect' as const,
        status: i % 2 === 0 ? 451 : 200,
        command: i % 2 === 0 ? 'Sync' : 'Ping',
        detail: i === 0 ? 'https://mail.example.com/Microsoft-Server-ActiveSync' : '',
      })),
    };
  }

  servers(sort: ServerSort): ServersData {
    this.count('servers');
    const servers = [
      { server: 'NYCAS10A', requests: 80_000, classes: { redirect: 1000, proxy: 60_000, direct: 19_000 }, failures: 1500 },
      { server: 'NEWYORK07', requests: 20_000, classes: { redirect: 0, proxy: 0, direct: 20_000 }, failures: 100 },
      { server: 'NYCAS10B', requests: 50_000, classes: { redirect: 5000, proxy: 30_000, direct: 15_000 }, failures: 6000 },
    ];
    const order = {
      requests: (a: (typeof servers)[number], b: (typeof servers)[number]) => b.requests - a.requests,
      'error-rate': (a: (typeof servers)[number], b: (typeof servers)[number]) => b.failures / b.requests - a.failures / a.requests,
      name: (a: (typeof servers)[number], b: (typeof servers)[number]) => a.server.localeCompare(b.server),
    }[sort];
    return {
      header: header(this.now),
      servers: servers.sort(order),
      proxyTargets: Array.from({ length: 30 }, (_, i) => ({
        target: `https://newyork07${i === 0 ? '' : `-${i}`}.contoso.local/Microsoft-Server-ActiveSync`,
        requests: 9000 - i * 100,
        devices: 120 - i,
        failures: i * 10,
        servers: ['NYCAS10A', 'NYCAS10B'],
      })),
    };
  }

  rejects(limit: number): RejectsData {
    this.count('rejects');
    return {
      header: header(this.now),
      files: [
        { path: '/logs/NYCAS10A/W3SVC1/u_ex101005.log', lines: 50_000, rejected: 5 },
        { path: '/logs/NEWYORK07/W3SVC1/u_ex101004.log', lines: 20_000, rejected: 2 },
      ],
      recent: Array.from({ length: Math.min(limit, 7) }, (_, i) => ({
        path: '/logs/NYCAS10A/W3SVC1/u_ex101005.log',
        lineNo: 100 + i,
        reason: i === 0 ? 'wrong field count (12 of 14)' : 'bad timestamp',
        sample: i === 0 ? `2010-10-05 ${hostileUserAgent}` : `garbage line ${i}`,
      })),
    };
  }
}

/** Controls that record what the dashboard asked for. */
export function createFakeControls(fileName = 'activesync-doctor-report-20101005-143200Z.html') {
  const calls: { paused: boolean[]; exports: number } = { paused: [], exports: 0 };
  const controls: DashboardControls = {
    setPaused: (paused) => {
      calls.paused.push(paused);
    },
    exportReport: async () => {
      calls.exports += 1;
      return fileName;
    },
  };
  return { controls, calls };
}
