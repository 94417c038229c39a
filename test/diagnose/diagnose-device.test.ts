import { describe, expect, it } from 'vitest';
import { defaultThresholds } from '../../src/diagnose/device-facts.js';
import { diagnoseDevice } from '../../src/diagnose/diagnose-device.js';
import { formatUtcMinute, toIso } from '../../src/text/format-time.js';
import { at, makeFacts } from '../helpers/facts.js';

const legacyUrl = 'https://legacy.company.com/Microsoft-Server-ActiveSync';

describe('diagnoseDevice: the iOS 401 challenge is noise', () => {
  it('when a device interleaves anonymous 401s with successes then it is ok-direct and not failing', () => {
    const diagnosis = diagnoseDevice(
      makeFacts({ lastSuccess: at('2010-10-06T10:00:00Z'), outcomes: { ok: 120, challenge: 118 }, outcomesSinceSuccess: { challenge: 1 } }),
    );
    expect(diagnosis.verdict).toBe('ok-direct');
    expect(diagnosis.failing).toBe(false);
    expect(diagnosis.reason).toContain('118 anonymous 401 challenges are the normal handshake');
  });

  it('when only challenges follow the last success then they do not make it failing', () => {
    const facts = makeFacts({ lastSuccess: at('2010-10-06T10:00:00Z'), outcomes: { ok: 5, challenge: 30 }, outcomesSinceSuccess: { challenge: 25 } });
    expect(diagnoseDevice(facts).verdict).toBe('ok-direct');
  });

  it('when a device never got past the challenge then it is unknown with the reason, not auth-failing', () => {
    const diagnosis = diagnoseDevice(makeFacts({ outcomes: { challenge: 6 } }));
    expect(diagnosis.verdict).toBe('unknown');
    // The report contract: every verdict that is not ok-* counts as failing (listed, lowest severity).
    expect(diagnosis.failing).toBe(true);
    expect(diagnosis.reason).toContain('only 6 anonymous HTTP 401 challenges');
  });
});

describe('diagnoseDevice: hiccups are not failures', () => {
  const lastSuccess = at('2010-10-06T10:00:00Z');

  it('when a single 503 is followed by a success then the device is ok', () => {
    const diagnosis = diagnoseDevice(makeFacts({ lastSuccess, outcomes: { ok: 40, server: 1 }, outcomesSinceSuccess: {} }));
    expect(diagnosis.verdict).toBe('ok-direct');
  });

  it('when fewer than minFailures failures come after the last success then the reason calls them a hiccup', () => {
    const diagnosis = diagnoseDevice(makeFacts({ lastSuccess, outcomes: { ok: 40, server: 2 }, outcomesSinceSuccess: { server: 2 } }));
    expect(diagnosis.verdict).toBe('ok-direct');
    expect(diagnosis.reason).toContain('2 failures after it (below the threshold of 3) count as a hiccup');
  });

  it('when minFailures failures come after the last success then it is failing', () => {
    const diagnosis = diagnoseDevice(makeFacts({ lastSuccess, outcomes: { ok: 40, server: 3 }, outcomesSinceSuccess: { server: 3 } }));
    expect(diagnosis.verdict).toBe('server-error');
    expect(diagnosis.failing).toBe(true);
  });

  it('when the thresholds are lowered then one failure is enough', () => {
    const facts = makeFacts({ lastSuccess, outcomes: { ok: 40, server: 1 }, outcomesSinceSuccess: { server: 1 } });
    expect(diagnoseDevice(facts, { ...defaultThresholds, minFailures: 1 }).verdict).toBe('server-error');
  });

  it('when a device never succeeded and has two 451s then there is too little data', () => {
    const diagnosis = diagnoseDevice(makeFacts({ outcomes: { redirect: 2 } }));
    expect(diagnosis.verdict).toBe('unknown');
    expect(diagnosis.reason).toContain('fewer than the 3 needed');
  });
});

describe('diagnoseDevice: redirects (domain.md §6)', () => {
  it('when a device never succeeded and only got 451s then it is redirect-stuck with the key facts in the reason', () => {
    const diagnosis = diagnoseDevice(
      makeFacts({
        user: 'COMPANY\\nyc07',
        deviceType: 'iPad',
        protocol: 141,
        outcomes: { redirect: 37 },
        redirectingServers: ['NYCAS10A', 'NYCAS10B'],
        redirectTargets: [legacyUrl],
        firstFailureSinceSuccess: at('2010-10-05T07:12:00Z'),
      }),
    );
    expect(diagnosis.verdict).toBe('redirect-stuck');
    expect(diagnosis.failing).toBe(true);
    expect(diagnosis.reason).toContain('37 HTTP 451 redirects on NYCAS10A/NYCAS10B since 2010-10-05 07:12 UTC');
    expect(diagnosis.reason).toContain('no successful request at all');
    expect(diagnosis.reason).toContain('(iPad, EAS 14.1) advertises redirect support');
    expect(diagnosis.reason).toContain(`redirects it to ${legacyUrl} instead of proxying`);
    expect(diagnosis.recommendation).toContain(
      "Set-ActiveSyncVirtualDirectory -Identity '<LEGACYCAS>\\Microsoft-Server-ActiveSync (Default Web Site)' -ExternalUrl $null",
    );
    expect(diagnosis.recommendation).toContain("Where-Object {$_.ExternalUrl -like '*legacy.company.com*'}");
    expect(diagnosis.recommendation).toContain('Autodiscover stops offering that URL');
  });

  it('when the device was proxied before then the legacy CAS in the command is that proxy target', () => {
    const diagnosis = diagnoseDevice(
      makeFacts({ outcomes: { redirect: 5 }, redirectTargets: [legacyUrl], proxyTargets: ['newyork07.company.local'] }),
    );
    expect(diagnosis.recommendation).toContain("-Identity 'newyork07\\Microsoft-Server-ActiveSync (Default Web Site)'");
  });

  it('when the redirect host looks like a server name then the command uses it', () => {
    const diagnosis = diagnoseDevice(makeFacts({ outcomes: { redirect: 5 }, redirectTargets: ['https://nyc2007.company.com/Microsoft-Server-ActiveSync'] }));
    expect(diagnosis.recommendation).toContain("-Identity 'nyc2007\\Microsoft-Server-ActiveSync (Default Web Site)'");
  });

  it('when a device got 451s yesterday and is proxied fine today then it is ok-proxied', () => {
    const diagnosis = diagnoseDevice(
      makeFacts({
        outcomes: { redirect: 20, ok: 50 },
        outcomesSinceSuccess: {},
        firstRedirect: at('2010-10-05T07:12:00Z'),
        lastRedirect: at('2010-10-05T16:40:00Z'),
        lastSuccess: at('2010-10-06T10:30:00Z'),
        lastSuccessClass: 'proxy',
        proxyTargets: ['newyork07.company.local'],
      }),
    );
    expect(diagnosis.verdict).toBe('ok-proxied');
    expect(diagnosis.reason).toContain('proxied to newyork07.company.local');
    expect(diagnosis.reason).toContain('20 HTTP 451 between 2010-10-05 07:12 UTC and 2010-10-05 16:40 UTC');
  });

  it('when 451s come after the last success together with challenges then it is redirect-stuck', () => {
    const facts = makeFacts({
      lastSuccess: at('2010-10-05T07:00:00Z'),
      outcomes: { ok: 10, redirect: 12, challenge: 12 },
      outcomesSinceSuccess: { redirect: 12, challenge: 12 },
      redirectTargets: [legacyUrl],
    });
    expect(diagnoseDevice(facts).verdict).toBe('redirect-stuck');
  });

  it('when 451s and auth failures both reach the threshold then the row order picks redirect-stuck and the reason names the rest', () => {
    const diagnosis = diagnoseDevice(makeFacts({ outcomes: { redirect: 4, auth: 9 }, redirectTargets: [legacyUrl] }));
    expect(diagnosis.verdict).toBe('redirect-stuck');
    expect(diagnosis.reason).toContain('Also since the last success: 9 authentication failures');
  });

  it('when the 451s carry no RdirTo: then it is redirect-stuck with the store explanation', () => {
    const diagnosis = diagnoseDevice(makeFacts({ outcomes: { redirect: 8 }, redirectTargets: [] }));
    expect(diagnosis.verdict).toBe('redirect-stuck');
    expect(diagnosis.reason).toContain('no RdirTo:');
    expect(diagnosis.recommendation).toContain('Get-MailboxDatabase -Status');
  });

  it('when a device below EAS 12.1 is redirected then the reason cites the 12.1 caveat', () => {
    const diagnosis = diagnoseDevice(makeFacts({ deviceType: 'TouchDown', protocol: 120, outcomes: { redirect: 5 }, redirectTargets: [legacyUrl] }));
    expect(diagnosis.reason).toContain('(TouchDown, EAS 12.0) is redirected although devices below EAS 12.1 are normally proxied');
  });

  it('when a device got 451s and then succeeded on the legacy CAS then it is ok-redirected', () => {
    const diagnosis = diagnoseDevice(
      makeFacts({
        outcomes: { redirect: 3, ok: 40 },
        outcomesSinceSuccess: {},
        servers: ['NEWYORK07', 'NYCAS10A'],
        redirectingServers: ['NYCAS10A'],
        redirectTargets: [legacyUrl],
        firstRedirect: at('2010-10-05T07:12:00Z'),
        lastSuccess: at('2010-10-05T07:13:00Z'),
        lastSuccessServer: 'NEWYORK07',
      }),
    );
    expect(diagnosis.verdict).toBe('ok-redirected');
    expect(diagnosis.reason).toContain('then succeeded on NEWYORK07');
  });

  it('when a device got 451s and then succeeded directly on the same 2010 CAS then it is ok-direct (the mailbox moved)', () => {
    const diagnosis = diagnoseDevice(
      makeFacts({
        outcomes: { redirect: 3, ok: 40 },
        outcomesSinceSuccess: {},
        redirectingServers: ['NYCAS10A'],
        firstRedirect: at('2010-10-05T07:12:00Z'),
        lastRedirect: at('2010-10-05T08:00:00Z'),
        lastSuccess: at('2010-10-06T07:13:00Z'),
        lastSuccessServer: 'NYCAS10A',
      }),
    );
    expect(diagnosis.verdict).toBe('ok-direct');
    expect(diagnosis.reason).toContain('the HTTP 451s it got until 2010-10-05 08:00 UTC stopped');
  });
});

describe('diagnoseDevice: commands carry the real user and DeviceId', () => {
  it('when auth fails then the commands name the mailbox and the DeviceId', () => {
    const diagnosis = diagnoseDevice(makeFacts({ user: 'COMPANY\\lon07', deviceId: 'androidc537050526', outcomes: { auth: 12 } }));
    expect(diagnosis.verdict).toBe('auth-failing');
    expect(diagnosis.recommendation).toContain("Get-ActiveSyncDevice -Mailbox 'COMPANY\\lon07' | Format-List DeviceId,DeviceAccessState");
    expect(diagnosis.recommendation).toContain("Set-CASMailbox 'COMPANY\\lon07' -ActiveSyncAllowedDeviceIDs @{Add='androidc537050526'}");
  });

  it('when a log-sourced name holds a quote then it is escaped for PowerShell', () => {
    const diagnosis = diagnoseDevice(makeFacts({ user: "COMPANY\\o'brien", outcomes: { full: 5 } }));
    expect(diagnosis.verdict).toBe('mailbox-full');
    expect(diagnosis.recommendation).toContain("Get-MailboxStatistics 'COMPANY\\o''brien' | Format-List TotalItemSize");
  });
});

describe('diagnoseDevice: runaway', () => {
  it('when a succeeding device exceeds the daily limit then it is runaway, and not below it', () => {
    const input = { lastSuccess: at('2010-10-06T10:00:00Z'), outcomes: { ok: 5000 }, peakDayRequests: 4000, peakDayPings: 3900, peakDaySyncs: 50 };
    const diagnosis = diagnoseDevice(makeFacts(input));
    expect(diagnosis.verdict).toBe('runaway');
    expect(diagnosis.reason).toContain('mostly Ping');
    expect(diagnoseDevice(makeFacts(input), { ...defaultThresholds, runawayRequestsPerDay: 5000 }).verdict).toBe('ok-direct');
  });
});

describe('format-time', () => {
  it('when given Unix seconds then it prints UTC, never local time', () => {
    expect(formatUtcMinute(at('2010-10-05T07:12:59Z'))).toBe('2010-10-05 07:12 UTC');
    expect(toIso(at('2010-10-05T07:12:59Z'))).toBe('2010-10-05T07:12:59Z');
  });
});
