import { describe, expect, it } from 'vitest';
import type { DeviceFacts, Diagnosis } from '../../src/diagnose/device-facts.js';
import { diagnoseDevice } from '../../src/diagnose/diagnose-device.js';
import { buildFindings, findingDetectors } from '../../src/diagnose/migration-findings.js';
import type { FindingsContext } from '../../src/diagnose/migration-findings.js';
import type { DeviceFactsInput } from '../../src/diagnose/verdict-rules.js';
import type { Finding } from '../../src/report/report-model.js';
import { at, makeFacts } from '../helpers/facts.js';

const legacyUrl = 'https://legacy.company.com/Microsoft-Server-ActiveSync';
const noContext: FindingsContext = { servers: [], proxyTargets: [] };

function diagnosed(input: DeviceFactsInput): { facts: DeviceFacts; diagnosis: Diagnosis } {
  const facts = makeFacts(input);
  return { facts, diagnosis: diagnoseDevice(facts) };
}

function stuckIpad(user: string, deviceId: string): DeviceFactsInput {
  return {
    user,
    deviceId,
    deviceType: 'iPad',
    protocol: 141,
    outcomes: { redirect: 37 },
    redirectingServers: ['NYCAS10A'],
    redirectTargets: [legacyUrl],
    firstRedirect: at('2010-10-05T07:12:00Z'),
    lastRedirect: at('2010-10-06T17:00:00Z'),
  };
}

function proxiedDevice(user: string, deviceId: string, deviceType: string, protocol: number, target: string): DeviceFactsInput {
  return {
    user,
    deviceId,
    deviceType,
    protocol,
    outcomes: { ok: 300 },
    lastSuccess: at('2010-10-06T17:30:00Z'),
    lastSuccessClass: 'proxy',
    proxyTargets: [target],
  };
}

function find(findings: readonly Finding[], id: string): Finding | undefined {
  return findings.find((f) => f.id === id);
}

// The write-up's scenario (domain.md §6.2): the NY iPad is redirected to legacy.company.com and
// stuck, the same user's TouchDown is proxied to newyork07, London's iPad is proxied to lon07.
const writeUp = [
  diagnosed(stuckIpad('COMPANY\\nyc07', 'ApplNYC07IPAD')),
  diagnosed(proxiedDevice('COMPANY\\nyc07', 'TDNYC07', 'TouchDown', 120, 'newyork07.company.local')),
  diagnosed(proxiedDevice('COMPANY\\lon07', 'ApplLON07IPAD', 'iPad', 141, 'lon07.company.local')),
];

describe('buildFindings: ExternalURL redirect', () => {
  it('when iPads are stuck on 451 while the same user\'s TouchDown is proxied then it names newyork07 and the fix', () => {
    const finding = find(buildFindings(writeUp, noContext), 'external-url-redirect:legacy.company.com');
    expect(finding?.severity).toBe('critical');
    expect(finding?.title).toBe(
      'Legacy CAS newyork07 has ExternalURL set: the 2010 CAS redirects EAS 12.1+ devices to legacy.company.com instead of proxying',
    );
    expect(finding?.detail).toContain(`1 device of 1 user (iPad ×1; EAS 14.1) gets HTTP 451 from NYCAS10A redirecting to ${legacyUrl} since 2010-10-05 07:12 UTC and has not succeeded since.`);
    expect(finding?.detail).toContain('Meanwhile 1 device of other types (TouchDown ×1; EAS 12.0) is proxied to newyork07.company.local and works.');
    expect(finding?.detail).toContain("the same users' other devices (TouchDown ×1) are proxied to newyork07.company.local");
    expect(finding?.recommendation).toContain(
      "Set-ActiveSyncVirtualDirectory -Identity 'newyork07\\Microsoft-Server-ActiveSync (Default Web Site)' -ExternalUrl $null",
    );
    expect(finding?.recommendation).toContain('Autodiscover stops offering that URL');
    expect(finding?.table?.rows).toEqual([
      ['COMPANY\\nyc07', 'ApplNYC07IPAD', 'iPad', 'EAS 14.1', 37, '2010-10-05 07:12 UTC', '2010-10-06 17:00 UTC', 'redirect-stuck'],
    ]);
  });

  it('when no user links them then the one proxy target that only old devices reach is named as probable', () => {
    const devices = [
      diagnosed(stuckIpad('COMPANY\\nyc08', 'ApplNYC08IPAD')),
      diagnosed(proxiedDevice('COMPANY\\nyc09', 'TDNYC09', 'TouchDown', 120, 'newyork07.company.local')),
      diagnosed(proxiedDevice('COMPANY\\lon07', 'ApplLON07IPAD', 'iPad', 141, 'lon07.company.local')),
    ];
    const finding = find(buildFindings(devices, noContext), 'external-url-redirect:legacy.company.com');
    expect(finding?.detail).toContain('probably: only devices below EAS 12.1 are proxied to newyork07.company.local');
    expect(finding?.recommendation).toContain("-Identity 'newyork07\\");
  });

  it('when nothing says which CAS owns the URL then the command keeps <LEGACYCAS> and says how to find it', () => {
    const finding = find(buildFindings([diagnosed(stuckIpad('COMPANY\\nyc08', 'A1'))], noContext), 'external-url-redirect:legacy.company.com');
    expect(finding?.title).toContain('The legacy CAS behind legacy.company.com has ExternalURL set');
    expect(finding?.detail).toContain('No device of another type is proxied to compare with.');
    expect(finding?.recommendation).toContain("-Identity '<LEGACYCAS>\\Microsoft-Server-ActiveSync (Default Web Site)'");
    expect(finding?.recommendation).toContain("Where-Object {$_.ExternalUrl -like '*legacy.company.com*'}");
  });

  it('when nobody is stuck then there is no ExternalURL finding', () => {
    const devices = writeUp.slice(1);
    expect(buildFindings(devices, noContext).some((f) => f.id.startsWith('external-url-redirect'))).toBe(false);
  });
});

describe('buildFindings: redirects that stopped or were followed', () => {
  const recovered = (user: string, lastRedirect: string): DeviceFactsInput => ({
    ...proxiedDevice(user, `Appl${user.length}`, 'iPhone', 141, 'newyork07.company.local'),
    outcomes: { ok: 100, redirect: 20 },
    outcomesSinceSuccess: {},
    redirectTargets: [legacyUrl],
    firstRedirect: at('2010-10-05T07:12:00Z'),
    lastRedirect: at(lastRedirect),
  });

  it('when redirected devices now succeed through the proxy then the redirects stopped at the last 451', () => {
    const devices = [diagnosed(recovered('COMPANY\\a', '2010-10-05T14:05:00Z')), diagnosed(recovered('COMPANY\\bb', '2010-10-05T13:00:00Z'))];
    const finding = find(buildFindings(devices, noContext), 'redirects-stopped');
    expect(finding?.severity).toBe('info');
    expect(finding?.title).toBe('The redirects stopped at 2010-10-05 14:05 UTC; 2 devices recovered through the proxy');
    expect(finding?.detail).toContain('now succeed through the proxy to newyork07.company.local');
  });

  it('when another device still gets 451s after that then it is a warning that says so', () => {
    const devices = [diagnosed(recovered('COMPANY\\a', '2010-10-05T14:05:00Z')), diagnosed(stuckIpad('COMPANY\\c', 'A9'))];
    const finding = find(buildFindings(devices, noContext), 'redirects-stopped');
    expect(finding?.severity).toBe('warning');
    expect(finding?.title).toContain('1 still get HTTP 451');
  });

  it('when devices succeeded on the legacy CAS after their 451 then they followed the redirect', () => {
    const followed = diagnosed({
      outcomes: { redirect: 3, ok: 40 },
      outcomesSinceSuccess: {},
      servers: ['NEWYORK07', 'NYCAS10A'],
      redirectingServers: ['NYCAS10A'],
      redirectTargets: [legacyUrl],
      firstRedirect: at('2010-10-05T07:12:00Z'),
      lastSuccess: at('2010-10-05T07:20:00Z'),
      lastSuccessServer: 'NEWYORK07',
    });
    const finding = find(buildFindings([followed], noContext), 'redirects-followed');
    expect(finding?.title).toBe('1 device followed the HTTP 451 redirect and sync with NEWYORK07');
  });
});

describe('buildFindings: 451 without a target', () => {
  const noTarget = (user: string): DeviceFactsInput => ({ user, deviceId: `D-${user}`, outcomes: { redirect: 6 }, redirectTargets: [] });

  it('when three users get 451 without RdirTo: then it points at the store', () => {
    const devices = ['COMPANY\\u1', 'COMPANY\\u2', 'COMPANY\\u3'].map((user) => diagnosed(noTarget(user)));
    const finding = find(buildFindings(devices, noContext), 'redirect-without-target');
    expect(finding?.severity).toBe('critical');
    expect(finding?.title).toBe('3 users got HTTP 451 without a redirect target: possible mailbox store problem');
    expect(finding?.recommendation).toContain("'COMPANY\\u1','COMPANY\\u2','COMPANY\\u3' | Get-Mailbox | Group-Object Database");
  });

  it('when only two users do then it is left to the device verdicts', () => {
    const devices = ['COMPANY\\u1', 'COMPANY\\u2'].map((user) => diagnosed(noTarget(user)));
    expect(find(buildFindings(devices, noContext), 'redirect-without-target')).toBeUndefined();
  });
});

describe('buildFindings: evidence tables', () => {
  const context: FindingsContext = {
    servers: [
      { name: 'NYCAS10B', requests: 500, direct: 500, proxy: 0, redirect: 0, failures: 5 },
      { name: 'NYCAS10A', requests: 1000, direct: 600, proxy: 300, redirect: 100, failures: 120 },
    ],
    proxyTargets: [
      { name: 'newyork07.company.local', requests: 300, devices: 2, failures: 0 },
      { name: 'lon07.company.local', requests: 40, devices: 1, failures: 30 },
    ],
  };

  it('when devices of several types are diagnosed then the matrix shows which are redirected and which proxied', () => {
    const finding = find(buildFindings(writeUp, noContext), 'device-type-matrix');
    expect(finding?.table?.columns).toEqual(['Device type', 'Devices', 'EAS', 'Redirected (451)', 'Proxied', 'Direct', 'Failing']);
    expect(finding?.table?.rows).toEqual([
      ['iPad', 2, 'EAS 14.1', 1, 1, 0, 1],
      ['TouchDown', 1, 'EAS 12.0', 0, 1, 0, 0],
    ]);
    expect(finding?.detail).toContain('Proxied and never redirected: TouchDown.');
  });

  it('when server totals are given then they are listed busiest first with the 451 share', () => {
    const finding = find(buildFindings([], context), 'cas-servers');
    expect(finding?.table?.rows[0]).toEqual(['NYCAS10A', 1000, 600, 300, 100, 120, '12.0%']);
    expect(finding?.detail).toContain('Servers answering HTTP 451: NYCAS10A (10.0%).');
  });

  it('when a proxy target fails most requests then the table finding is a warning with the check', () => {
    const finding = find(buildFindings([], context), 'proxy-targets');
    expect(finding?.severity).toBe('warning');
    expect(finding?.recommendation).toContain("Get-ActiveSyncVirtualDirectory -Server 'lon07'");
  });

  it('when there is nothing to show then no empty findings are produced', () => {
    expect(buildFindings([], noContext)).toEqual([]);
  });

  it('when findings are built then conclusions come before the evidence tables', () => {
    const ids = buildFindings(writeUp, context).map((f) => f.id);
    expect(ids).toEqual(['external-url-redirect:legacy.company.com', 'device-type-matrix', 'cas-servers', 'proxy-targets']);
  });
});

describe('findingDetectors', () => {
  // Every detector must be exercised by a scenario above (style.md §4.4, for the conclusion table).
  const scenarios = [
    buildFindings(writeUp, { servers: [{ name: 'NYCAS10A', requests: 1, direct: 1, proxy: 0, redirect: 0, failures: 0 }], proxyTargets: [{ name: 'x', requests: 1, devices: 1, failures: 0 }] }),
    buildFindings(
      ['COMPANY\\u1', 'COMPANY\\u2', 'COMPANY\\u3'].map((user) => diagnosed({ user, outcomes: { redirect: 6 } })),
      noContext,
    ),
    buildFindings(
      [
        diagnosed({ ...proxiedDevice('COMPANY\\a', 'A', 'iPhone', 141, 'newyork07.company.local'), outcomes: { ok: 9, redirect: 4 }, outcomesSinceSuccess: {}, lastRedirect: at('2010-10-05T08:00:00Z') }),
        diagnosed({ outcomes: { redirect: 1, ok: 2 }, outcomesSinceSuccess: {}, redirectingServers: ['NYCAS10A'], firstRedirect: 1, lastSuccess: 2, lastSuccessServer: 'NEWYORK07' }),
      ],
      noContext,
    ),
  ].flat();

  it.each(findingDetectors.map((detector) => detector.id))('when the scenarios run then detector %s produces a finding', (id) => {
    expect(scenarios.some((finding) => finding.id === id || finding.id.startsWith(`${id}:`))).toBe(true);
  });
});
