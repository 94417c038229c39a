import { failureOutcomes } from '../activesync/request-class.js';
import type { Outcome, RequestClass } from '../activesync/request-class.js';
import { formatUtcMinute } from '../text/format-time.js';
import type { DeviceFacts, DiagnosisThresholds, Verdict } from './device-facts.js';

/**
 * The verdict rules: one table, scanned top to bottom, first match wins (diagnose-device.ts).
 *
 * How the failing rows decide (domain.md §5): only the device's CURRENT state counts, i.e. the
 * outcomes after its last success. A device is failing when at least `minFailures` failures
 * came after its last success; fewer is a hiccup (one 503 then a 200 is noise, and the anonymous
 * 401 challenge is not a failure at all). Among the failure outcomes present, the first row whose
 * own outcome reaches `minFailures` wins, so the row order is the precedence: the migration's
 * signature (451) first, then causes before their usual consequences (a password problem before
 * the server errors it provokes, a full mailbox before the throttling its retries earn). When no
 * single outcome reaches `minFailures` (1 auth + 1 server + 1 client), the first row whose outcome
 * is present at all wins.
 */

/**
 * Example input for a rule: a partial DeviceFacts, with partial count records. Missing fields are
 * filled by test/helpers/facts.ts `makeFacts` (an iPad on EAS 14.1 seen on NYCAS10A from
 * 2010-10-05 06:00 to 2010-10-06 18:00 UTC; `outcomesSinceSuccess` = `outcomes` when it never
 * succeeded; `requests`, `statuses`, `classes` and failure times derived from the outcomes).
 */
export type DeviceFactsInput = Omit<Partial<DeviceFacts>, 'classes' | 'outcomes' | 'outcomesSinceSuccess'> & {
  classes?: Partial<Record<RequestClass, number>>;
  outcomes?: Partial<Record<Outcome, number>>;
  outcomesSinceSuccess?: Partial<Record<Outcome, number>>;
};

/** A device that must select its row: the table test runs every example. */
export interface VerdictExample {
  title: string;
  facts: DeviceFactsInput;
}

/** One row of the verdict table. */
export interface VerdictRule {
  verdict: Verdict;
  /** Higher is worse; orders the report. */
  severity: number;
  when(facts: DeviceFacts, thresholds: DiagnosisThresholds): boolean;
  /** Plain words with the evidence: counts, times, servers, targets. */
  reason(facts: DeviceFacts, thresholds: DiagnosisThresholds): string;
  /** What to do, with the Exchange Management Shell command and this device's user/DeviceId. */
  recommendation(facts: DeviceFacts): string;
  examples: readonly [VerdictExample, ...VerdictExample[]];
}

// ---------------------------------------------------------------------------------------------
// Counting

/** Failures after the last success (all failures when the device never succeeded). */
export function countFailuresSinceSuccess(facts: DeviceFacts): number {
  let total = 0;
  for (const outcome of failureOutcomes) total += facts.outcomesSinceSuccess[outcome];
  return total;
}

/** True when the failures since the last success are more than a hiccup. */
export function isFailing(facts: DeviceFacts, thresholds: DiagnosisThresholds): boolean {
  return countFailuresSinceSuccess(facts) >= thresholds.minFailures;
}

function anyOutcomeReachesMinimum(facts: DeviceFacts, thresholds: DiagnosisThresholds): boolean {
  for (const outcome of failureOutcomes) {
    if (facts.outcomesSinceSuccess[outcome] >= thresholds.minFailures) return true;
  }
  return false;
}

/** The `when` of a failing row: see the header comment for the two tiers. */
function decidedBy(outcome: Outcome): (facts: DeviceFacts, thresholds: DiagnosisThresholds) => boolean {
  return (facts, thresholds) => {
    if (!isFailing(facts, thresholds)) return false;
    const count = facts.outcomesSinceSuccess[outcome];
    return count >= thresholds.minFailures || (count > 0 && !anyOutcomeReachesMinimum(facts, thresholds));
  };
}

// ---------------------------------------------------------------------------------------------
// Evidence in words

/** Singular and plural words for a count of each outcome. */
const outcomeWords: Record<Outcome, readonly [string, string]> = {
  ok: ['success', 'successes'],
  challenge: ['anonymous 401 challenge', 'anonymous 401 challenges'],
  auth: ['authentication failure', 'authentication failures'],
  denied: ['HTTP 403 refusal', 'HTTP 403 refusals'],
  provision: ['provisioning refusal', 'provisioning refusals'],
  redirect: ['HTTP 451 redirect', 'HTTP 451 redirects'],
  full: ['mailbox-full answer', 'mailbox-full answers'],
  throttled: ['throttling answer', 'throttling answers'],
  server: ['server error', 'server errors'],
  client: ['other client error', 'other client errors'],
  other: ['other answer', 'other answers'],
};

/** "1 server error", "5 server errors". */
function countOf(count: number, outcome: Outcome): string {
  return `${count} ${outcomeWords[outcome][count === 1 ? 0 : 1]}`;
}

/** Statuses some outcome already names; the rest of 4xx is what the 'client' outcome holds. */
const statusesWithTheirOwnRow = new Set(['401', '403', '449', '451', '456', '457', '507']);

const at = (iso: string): number => Date.parse(iso) / 1000;

function serverList(servers: readonly string[]): string {
  return servers.length > 0 ? servers.join('/') : 'an unknown server';
}

/** "EAS 14.1" from 141; V0 is the OPTIONS request, which carries no version. */
export function formatEasVersion(protocol: number | null): string {
  if (protocol === null) return 'EAS version unknown';
  if (protocol === 0) return 'EAS V0 (OPTIONS only)';
  return `EAS ${(protocol / 10).toFixed(1)}`;
}

function deviceLabel(facts: DeviceFacts): string {
  return `${facts.deviceType || 'unknown type'}, ${formatEasVersion(facts.protocol)}`;
}

function sinceFirstFailure(facts: DeviceFacts): string {
  return facts.firstFailureSinceSuccess === null ? '' : ` since ${formatUtcMinute(facts.firstFailureSinceSuccess)}`;
}

function afterFailures(facts: DeviceFacts): string {
  if (facts.lastSuccess === null) return `and no successful request at all (first seen ${formatUtcMinute(facts.firstSeen)})`;
  const where = facts.lastSuccessServer === null ? '' : ` on ${facts.lastSuccessServer}`;
  return `no successful request after them (last success ${formatUtcMinute(facts.lastSuccess)}${where})`;
}

/** "500 ×3, 502 ×1" for the given statuses (whole window; IIS statuses are not split by time). */
function statusBreakdown(facts: DeviceFacts, keep: (status: string) => boolean): string {
  return Object.entries(facts.statuses)
    .filter(([status, count]) => count > 0 && keep(status))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status} ×${count}`)
    .join(', ');
}

function errorNote(facts: DeviceFacts): string {
  const errors = Object.entries(facts.errorsSinceSuccess)
    .filter(([, count]) => count > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([name, count]) => `Error:${name} ×${count}`);
  return errors.length === 0 ? '' : ` Exchange logged ${errors.join(', ')}.`;
}

/** The failures since the last success that did not decide the verdict: context for the admin. */
function otherFailuresNote(facts: DeviceFacts, decided: Outcome): string {
  const others = [...failureOutcomes]
    .filter((outcome) => outcome !== decided && facts.outcomesSinceSuccess[outcome] > 0)
    .map((outcome) => countOf(facts.outcomesSinceSuccess[outcome], outcome));
  return others.length === 0 ? '' : ` Also since the last success: ${others.join(', ')}.`;
}

function hiccupNote(facts: DeviceFacts, thresholds: DiagnosisThresholds): string {
  const failures = countFailuresSinceSuccess(facts);
  if (failures === 0) return '';
  return `; ${failures} failure${failures === 1 ? '' : 's'} after it (below the threshold of ${thresholds.minFailures}) count as a hiccup`;
}

function failingReason(facts: DeviceFacts, outcome: Outcome, detail: string, explanation: string): string {
  return (
    `${countOf(facts.outcomesSinceSuccess[outcome], outcome)}${detail}${sinceFirstFailure(facts)} ` +
    `(device seen on ${serverList(facts.servers)}), ${afterFailures(facts)}: ${explanation}.` +
    `${errorNote(facts)}${otherFailuresNote(facts, outcome)}`
  );
}

// ---------------------------------------------------------------------------------------------
// Exchange Management Shell text (shared with migration-findings.ts)

/** A PowerShell single-quoted literal: no `$` expansion, `'` doubled. User and DeviceId come from logs. */
export function psQuote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Host of a RdirTo: URL, lowercased; the raw text when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return (url.replace(/^[a-z]+:\/\//i, '').split(/[/:?#]/)[0] ?? url).toLowerCase();
  }
}

/** "newyork07" from "newyork07.company.local": Set-ActiveSyncVirtualDirectory wants the server name. */
export function shortServerName(fqdn: string): string {
  return fqdn.split('.')[0] ?? fqdn;
}

/**
 * First labels of a published namespace that name a service, not a server: for these the redirect
 * host says nothing about which CAS owns the ExternalURL.
 */
const namespaceLabels = new Set([
  'legacy', 'mail', 'webmail', 'owa', 'activesync', 'eas', 'autodiscover', 'remote', 'exchange',
  'outlook', 'sync', 'mobile', 'm', 'email', 'portal', 'access', 'secure', 'www', 'cas', 'ex',
]);

/** The CAS a redirect host probably names, or null when the host is a service namespace. */
export function legacyCasFromHost(host: string): string | null {
  const label = shortServerName(host);
  return label === '' || namespaceLabels.has(label) || /^\d+$/.test(label) ? null : label;
}

/** Which CAS owns the ExternalURL, and how we know. */
export interface LegacyCasGuess {
  name: string;
  evidence: string;
}

function guessLegacyCasForDevice(facts: DeviceFacts, host: string): LegacyCasGuess | null {
  const proxied = facts.proxyTargets[0];
  if (proxied !== undefined) return { name: shortServerName(proxied), evidence: `this device was proxied to ${proxied}` };
  const fromHost = legacyCasFromHost(host);
  return fromHost === null ? null : { name: fromHost, evidence: `taken from the host name ${host}` };
}

export const externalUrlCost =
  'Cost of clearing it: Autodiscover stops offering that URL, which affects Outlook Anywhere and ' +
  'Autodiscover-based devices, and Exchange 2007 stops treating that CAS as Internet-facing; keep its ' +
  'InternalUrl set, because the proxy uses it. 2007 mailboxes then keep working through the 2010 CAS until they move.';

/** Both remedies for devices redirected to `url` that never get there, with the command. */
export function externalUrlRemedies(url: string, cas: LegacyCasGuess | null): string {
  const host = hostOf(url);
  const identity = `${cas?.name ?? '<LEGACYCAS>'}\\Microsoft-Server-ActiveSync (Default Web Site)`;
  const find =
    `Get-ActiveSyncVirtualDirectory | Where-Object {$_.ExternalUrl -like ${psQuote(`*${host}*`)}} | ` +
    'Format-List Server,InternalUrl,ExternalUrl';
  const which =
    cas === null
      ? `<LEGACYCAS> is the CAS whose EAS ExternalUrl names ${host}; find it with ${find}`
      : `legacy CAS ${cas.name}: ${cas.evidence}; confirm with ${find}`;
  return (
    `Either make ${url} work for the device: public DNS for ${host}, a certificate that names ${host}, ` +
    'and a publishing/firewall rule to the legacy CAS (the device also needs Autodiscover to answer). ' +
    "Or clear ExternalURL on the legacy CAS's EAS virtual directory so the 2010 CAS proxies instead of redirecting: " +
    `Set-ActiveSyncVirtualDirectory -Identity ${psQuote(identity)} -ExternalUrl $null (${which}). ${externalUrlCost}`
  );
}

function testConnectivityCommand(facts: DeviceFacts): string {
  const server = facts.servers[0] ?? '<CAS>';
  return `Test-ActiveSyncConnectivity -ClientAccessServer ${psQuote(server)} -MailboxCredential (Get-Credential ${psQuote(facts.user)})`;
}

const storeChecks =
  'Get-MailboxDatabase -Status | Format-Table Name,Server,Mounted; Get-MailboxDatabaseCopyStatus * | Format-Table Name,Status';

// ---------------------------------------------------------------------------------------------
// Times for the examples
const redirectedAt = at('2010-10-05T07:12:00Z');
const yesterday = at('2010-10-05T09:00:00Z');
const today = at('2010-10-06T10:30:00Z');
const legacyUrl = 'https://legacy.company.com/Microsoft-Server-ActiveSync';

/** The table. Order is precedence; see the header comment. The last row matches everything. */
export const verdictRules: readonly VerdictRule[] = [
  {
    verdict: 'redirect-stuck',
    severity: 90,
    when: (facts, thresholds) => decidedBy('redirect')(facts, thresholds) && facts.redirectTargets.length > 0,
    reason: (facts) => {
      const capable =
        facts.protocol !== null && facts.protocol >= 121
          ? 'advertises redirect support (EAS 12.1 and later handle a 451 through Autodiscover)'
          : facts.protocol === null
            ? 'is treated as able to follow a redirect'
            : 'is redirected although devices below EAS 12.1 are normally proxied (KB 2751417: such devices cannot handle a 451)';
      const before = facts.proxyTargets.length > 0 ? ` Earlier requests were proxied to ${facts.proxyTargets.join(', ')}.` : '';
      return (
        `${countOf(facts.outcomesSinceSuccess.redirect, 'redirect')} on ${serverList(facts.redirectingServers)}` +
        `${sinceFirstFailure(facts)}, ${afterFailures(facts)}; the device (${deviceLabel(facts)}) ${capable}, ` +
        `so the 2010 CAS redirects it to ${facts.redirectTargets.join(', ')} instead of proxying.` +
        `${before}${otherFailuresNote(facts, 'redirect')}`
      );
    },
    recommendation: (facts) => {
      const url = facts.redirectTargets[0] ?? '';
      return externalUrlRemedies(url, guessLegacyCasForDevice(facts, hostOf(url)));
    },
    examples: [
      {
        title: 'iPad that never succeeded, only 451s to the legacy URL',
        facts: {
          outcomes: { redirect: 37 },
          redirectingServers: ['NYCAS10A', 'NYCAS10B'],
          redirectTargets: [legacyUrl],
          firstFailureSinceSuccess: redirectedAt,
        },
      },
      {
        title: '451s since the last success, mixed with the iOS 401 challenge',
        facts: {
          lastSuccess: yesterday,
          outcomes: { ok: 120, redirect: 9, challenge: 30 },
          outcomesSinceSuccess: { redirect: 9, challenge: 9 },
          redirectTargets: [legacyUrl],
        },
      },
    ],
  },
  {
    verdict: 'redirect-stuck',
    severity: 90,
    // A 451 with no RdirTo: is not a site redirect (domain.md §5): a dismounted store answers it too.
    when: decidedBy('redirect'),
    reason: (facts) =>
      `${facts.outcomesSinceSuccess.redirect} HTTP 451 answers on ${serverList(facts.redirectingServers)}` +
      `${sinceFirstFailure(facts)}, none naming a target (no RdirTo:), ${afterFailures(facts)}. ` +
      'A 451 without a target is not a site redirect: Exchange 2010 also answers 451 ("Device Misconfigured") ' +
      `when the mailbox database is dismounted or unreachable.${errorNote(facts)}${otherFailuresNote(facts, 'redirect')}`,
    recommendation: (facts) =>
      `Check the mailbox's database: Get-Mailbox ${psQuote(facts.user)} | Format-List Database,ServerName; ${storeChecks}. ` +
      `Then test end to end: ${testConnectivityCommand(facts)}. If the store is fine, remove and re-add the account on ` +
      'the device so it runs Autodiscover again; if many users get this at once, see the redirect-without-target finding.',
    examples: [{ title: '451s without RdirTo:', facts: { outcomes: { redirect: 12 }, redirectTargets: [] } }],
  },
  {
    verdict: 'auth-failing',
    severity: 80,
    when: decidedBy('auth'),
    reason: (facts) => {
      const blocked = statusBreakdown(facts, (status) => status === '456' || status === '457');
      const detail = blocked === '' ? '' : `; in the window the server answered ${blocked} (456 account blocked, 457 password expired)`;
      return failingReason(facts, 'auth', ' (HTTP 401 with credentials, 456 or 457)', `the server refuses the credentials the device sends${detail}`);
    },
    recommendation: (facts) =>
      'Check the account: Import-Module ActiveDirectory; ' +
      `Get-ADUser (Get-Mailbox ${psQuote(facts.user)}).SamAccountName -Properties Enabled,LockedOut,PasswordExpired,PasswordLastSet,BadLogonCount. ` +
      'Unlock or reset it (Unlock-ADAccount), then have the user enter the current password on the device: a device ' +
      'that keeps sending an old password locks the account again. If the account is fine, check device access: ' +
      `Get-ActiveSyncDevice -Mailbox ${psQuote(facts.user)} | Format-List DeviceId,DeviceAccessState,DeviceAccessStateReason; ` +
      `allow a blocked or quarantined device with Set-CASMailbox ${psQuote(facts.user)} -ActiveSyncAllowedDeviceIDs @{Add=${psQuote(facts.deviceId)}}.`,
    examples: [
      {
        title: 'password changed: 401s with credentials after yesterday\'s success',
        facts: {
          lastSuccess: yesterday,
          outcomes: { ok: 200, challenge: 40, auth: 14 },
          outcomesSinceSuccess: { auth: 14, challenge: 14 },
          statuses: { '200': 200, '401': 54 },
        },
      },
      {
        title: 'one failure each of several kinds: the row order picks auth',
        facts: { lastSuccess: yesterday, outcomes: { ok: 50, auth: 1, server: 1, client: 1 }, outcomesSinceSuccess: { auth: 1, server: 1, client: 1 } },
      },
    ],
  },
  {
    verdict: 'access-denied',
    severity: 75,
    when: decidedBy('denied'),
    reason: (facts) =>
      failingReason(
        facts,
        'denied',
        '',
        'Exchange does not allow this user or this device to sync (UserDisabledForSync, DeviceIsBlockedForThisUser, ' +
          'AccessDenied); after a mailbox move the 2007 CAS also answers 403 to a device that has not run Autodiscover again',
      ),
    recommendation: (facts) =>
      `Get-CASMailbox ${psQuote(facts.user)} | Format-List ActiveSyncEnabled,ActiveSyncAllowedDeviceIDs,ActiveSyncBlockedDeviceIDs; ` +
      `enable EAS with Set-CASMailbox ${psQuote(facts.user)} -ActiveSyncEnabled $true. For a blocked or quarantined device: ` +
      `Get-ActiveSyncDevice -Mailbox ${psQuote(facts.user)} | Format-List DeviceId,DeviceAccessState,DeviceAccessStateReason, then ` +
      `Set-CASMailbox ${psQuote(facts.user)} -ActiveSyncAllowedDeviceIDs @{Add=${psQuote(facts.deviceId)}} (the defaults: ` +
      'Get-ActiveSyncOrganizationSettings | Format-List DefaultAccessLevel; Get-ActiveSyncDeviceAccessRule).',
    examples: [{ title: 'user disabled for EAS', facts: { outcomes: { denied: 6 }, errorsSinceSuccess: { UserDisabledForSync: 6 } } }],
  },
  {
    verdict: 'provisioning-loop',
    severity: 70,
    when: decidedBy('provision'),
    reason: (facts) =>
      failingReason(
        facts,
        'provision',
        ' (HTTP 449 or Error:DeviceNotProvisioned)',
        'the device keeps failing to take the EAS mailbox policy; a normal device gets one 449, runs Provision and retries',
      ),
    recommendation: (facts) =>
      `See which policy applies: Get-CASMailbox ${psQuote(facts.user)} | Format-List ActiveSyncMailboxPolicy, then ` +
      "Get-ActiveSyncMailboxPolicy '<policy>' | Format-List AllowNonProvisionableDevices,DevicePasswordEnabled,RequireDeviceEncryption. " +
      'If the device cannot meet the policy (device encryption, for example), assign one it can meet ' +
      `(Set-CASMailbox ${psQuote(facts.user)} -ActiveSyncMailboxPolicy '<policy>') or allow non-provisionable devices ` +
      "(Set-ActiveSyncMailboxPolicy '<policy>' -AllowNonProvisionableDevices $true, weaker security). " +
      'Otherwise remove and re-add the account on the device so it runs Provision again.',
    examples: [
      {
        title: 'Nokia that never takes the policy (E2: Pk0, DeviceNotProvisioned, As:BlockedP)',
        facts: { deviceType: 'NokiaEmail', protocol: 121, outcomes: { provision: 40 }, errorsSinceSuccess: { DeviceNotProvisioned: 40 } },
      },
    ],
  },
  {
    verdict: 'mailbox-full',
    severity: 65,
    when: decidedBy('full'),
    reason: (facts) =>
      failingReason(
        facts,
        'full',
        ' (HTTP 507 or Error:MailboxQuotaExceeded)',
        `the mailbox is over its quota; the device keeps retrying (busiest day: ${facts.peakDayRequests} requests)`,
      ),
    recommendation: (facts) =>
      `Get-MailboxStatistics ${psQuote(facts.user)} | Format-List TotalItemSize,StorageLimitStatus and ` +
      `Get-Mailbox ${psQuote(facts.user)} | Format-List UseDatabaseQuotaDefaults,IssueWarningQuota,ProhibitSendQuota,ProhibitSendReceiveQuota. ` +
      'Have the user delete or archive mail, or raise the limit above TotalItemSize: ' +
      `Set-Mailbox ${psQuote(facts.user)} -UseDatabaseQuotaDefaults $false -ProhibitSendReceiveQuota 5GB -ProhibitSendQuota 4.75GB -IssueWarningQuota 4.5GB. ` +
      'Some devices retry "mailbox full" 60+ times a minute (KB 2469722); they calm down once the mailbox is under quota.',
    examples: [{ title: 'over quota, retrying', facts: { outcomes: { ok: 10, full: 300 }, outcomesSinceSuccess: { full: 300 }, lastSuccess: yesterday } }],
  },
  {
    verdict: 'throttled',
    severity: 55,
    when: decidedBy('throttled'),
    reason: (facts) =>
      failingReason(facts, 'throttled', ' (HTTP 503 with OverBudget or TooManyJobsQueued)', "the user's EAS throttling budget is used up"),
    recommendation: (facts) =>
      `See the budget that applies: Get-Mailbox ${psQuote(facts.user)} | Format-List ThrottlingPolicy and ` +
      'Get-ThrottlingPolicy | Format-List Name,IsDefault,EAS*. If the device is busy for a reason, fix the device first ' +
      `(Get-ActiveSyncDeviceStatistics -Mailbox ${psQuote(facts.user)}); if the budget is too tight for a legitimate user, give ` +
      `them a policy of their own: New-ThrottlingPolicy -Name 'EasRelaxed' -EASMaxConcurrency 20; Set-Mailbox ${psQuote(facts.user)} -ThrottlingPolicy 'EasRelaxed'.`,
    examples: [
      { title: 'over budget', facts: { outcomes: { throttled: 9 }, errorsSinceSuccess: { OverBudget: 9 } } },
      { title: 'throttled with one server error', facts: { outcomes: { throttled: 5, server: 1 } } },
    ],
  },
  {
    verdict: 'server-error',
    severity: 60,
    when: decidedBy('server'),
    reason: (facts) => {
      const statuses = statusBreakdown(facts, (status) => status.startsWith('5') && status !== '507');
      const proxy =
        facts.proxyTargets.length > 0 ? `; the device is proxied to ${facts.proxyTargets.join(', ')}, so the proxy hop may be the failing part (502 points there)` : '';
      return failingReason(facts, 'server', statuses === '' ? '' : ` (HTTP ${statuses} in the window)`, `the server side fails${proxy}`);
    },
    recommendation: (facts) => {
      const proxyTarget = facts.proxyTargets[0];
      const proxy =
        proxyTarget === undefined
          ? ''
          : ` For the proxy hop: Get-ActiveSyncVirtualDirectory -Server ${psQuote(shortServerName(proxyTarget))} | Format-List InternalUrl,WindowsAuthEnabled (CAS-to-CAS proxying uses the InternalUrl with Windows authentication).`;
      return (
        `Check the mailbox databases: ${storeChecks}. Then ${testConnectivityCommand(facts)}. Look at the Application log on ` +
        `${serverList(facts.servers)} (source MSExchange ActiveSync) and at HTTPERR for AppOffline/AppShutdown.${proxy} ` +
        'Repeated 500s make iOS reload the whole account (Apple TS4511).'
      );
    },
    examples: [
      { title: '500s since this morning', facts: { lastSuccess: yesterday, outcomes: { ok: 80, server: 5 }, outcomesSinceSuccess: { server: 5 }, statuses: { '200': 80, '500': 5 } } },
      { title: 'one auth failure, many server errors: the count decides', facts: { outcomes: { auth: 1, server: 5 } } },
    ],
  },
  {
    // No verdict of its own in the contract yet: 4xx answers no other row explains (404, 400, 409).
    verdict: 'unknown',
    severity: 45,
    when: decidedBy('client'),
    reason: (facts) => {
      const statuses = statusBreakdown(facts, (status) => status.startsWith('4') && !statusesWithTheirOwnRow.has(status));
      return failingReason(
        facts,
        'client',
        statuses === '' ? '' : ` (HTTP ${statuses} in the window)`,
        'no rule explains these; 404 means a wrong virtual directory or publishing rule, 400 a malformed request',
      );
    },
    recommendation: (facts) =>
      'For 404: check the published path and Get-ActiveSyncVirtualDirectory | Format-List Server,InternalUrl,ExternalUrl. ' +
      'For 400: update the device OS or re-create the account. To see what the device sends, turn on its mailbox log: ' +
      `Set-CASMailbox ${psQuote(facts.user)} -ActiveSyncDebugLogging $true, then ` +
      `Get-ActiveSyncDeviceStatistics -Mailbox ${psQuote(facts.user)} -GetMailboxLog -NotificationEmailAddresses '<admin address>'.`,
    examples: [{ title: '404s only', facts: { outcomes: { client: 8 }, statuses: { '404': 8 } } }],
  },
  {
    verdict: 'runaway',
    severity: 40,
    when: (facts, thresholds) => facts.peakDayRequests > thresholds.runawayRequestsPerDay,
    reason: (facts, thresholds) => {
      const pattern =
        facts.peakDaySyncs > 2 * facts.peakDayPings
          ? 'mostly Sync: a sync loop, e.g. a folder re-synced over and over (iOS 4.0 did a full re-sync every 30 s)'
          : facts.peakDayPings > 2 * facts.peakDaySyncs
            ? 'mostly Ping: the long poll ends early, e.g. a firewall or load balancer idle timeout shorter than the heartbeat'
            : 'Sync and Ping both high';
      const state = facts.lastSuccess === null ? 'none of its requests succeeded' : `it still succeeds (last success ${formatUtcMinute(facts.lastSuccess)})`;
      return (
        `${facts.peakDayRequests} requests on its busiest day (${facts.peakDaySyncs} Sync, ${facts.peakDayPings} Ping), ` +
        `above the limit of ${thresholds.runawayRequestsPerDay} a day; ${facts.requests} requests over ${facts.activeDays} ` +
        `active day${facts.activeDays === 1 ? '' : 's'} on ${serverList(facts.servers)}; ${pattern}; ${state}.`
      );
    },
    recommendation: (facts) =>
      `Get-ActiveSyncDeviceStatistics -Mailbox ${psQuote(facts.user)} | Where-Object {$_.DeviceID -eq ${psQuote(facts.deviceId)}} | ` +
      'Format-List DeviceOS,DeviceUserAgent,LastSyncAttemptTime,LastSuccessSync,LastPingHeartbeat. Update the device OS or ' +
      'remove and re-add the account; for a Ping loop make the firewall/load balancer idle timeout longer than the heartbeat. ' +
      `To look inside: Set-CASMailbox ${psQuote(facts.user)} -ActiveSyncDebugLogging $true and ` +
      `Get-ActiveSyncDeviceStatistics -Mailbox ${psQuote(facts.user)} -GetMailboxLog -NotificationEmailAddresses '<admin address>'. ` +
      'Until it is fixed, a throttling policy (Get-ThrottlingPolicy | Format-List EAS*) or blocking the device ' +
      `(Set-CASMailbox ${psQuote(facts.user)} -ActiveSyncBlockedDeviceIDs @{Add=${psQuote(facts.deviceId)}}) protects the CAS ` +
      '(KB 2469722 describes the same storm for a full mailbox).',
    examples: [
      {
        title: 'iOS sync loop that still succeeds',
        facts: { lastSuccess: today, outcomes: { ok: 9000 }, peakDayRequests: 8800, peakDaySyncs: 8500, peakDayPings: 20, activeDays: 2 },
      },
    ],
  },
  {
    verdict: 'unknown',
    severity: 20,
    when: (facts) => facts.lastSuccess === null && countFailuresSinceSuccess(facts) === 0 && facts.outcomes.challenge > 0,
    reason: (facts) =>
      `only ${facts.outcomes.challenge} anonymous HTTP 401 challenges (the normal first step of the handshake, as iOS does) ` +
      `between ${formatUtcMinute(facts.firstSeen)} and ${formatUtcMinute(facts.lastSeen)} and no authenticated request: ` +
      'the device never sent credentials, so there is nothing to judge yet.',
    recommendation: () =>
      'If the user reports a problem, check the account on the device (user name as DOMAIN\\user or UPN, password) and ' +
      'that no reverse proxy or firewall strips the Authorization header; ingest later logs to see the next attempt.',
    examples: [{ title: 'only the anonymous challenge', facts: { outcomes: { challenge: 4 } } }],
  },
  {
    verdict: 'unknown',
    severity: 15,
    // V0 is what Exchange logs for OPTIONS; a highest version of 0 means no command was ever sent.
    when: (facts) => facts.protocol === 0,
    reason: (facts) =>
      `only ${facts.requests} discovery requests (OPTIONS, EAS V0) between ${formatUtcMinute(facts.firstSeen)} and ` +
      `${formatUtcMinute(facts.lastSeen)}; the device never sent a command (FolderSync, Sync, Ping), so there is nothing to judge yet.`,
    recommendation: () =>
      'Usually the account setup stopped after discovery: check the account on the device. Outlook for iOS/Android ' +
      'probes with OPTIONS from Microsoft\'s cloud and may never sync through this server. Ingest later logs.',
    examples: [{ title: 'OPTIONS only', facts: { protocol: 0, lastSuccess: yesterday, outcomes: { ok: 3 } } }],
  },
  {
    verdict: 'ok-proxied',
    severity: 0,
    when: (facts) => facts.lastSuccess !== null && facts.lastSuccessClass === 'proxy',
    reason: (facts, thresholds) => {
      const history =
        facts.firstRedirect !== null && facts.lastRedirect !== null
          ? `; it got ${facts.outcomes.redirect} HTTP 451 between ${formatUtcMinute(facts.firstRedirect)} and ` +
            `${formatUtcMinute(facts.lastRedirect)}, then the CAS proxied it instead`
          : '';
      const targets = facts.proxyTargets.length > 0 ? facts.proxyTargets.join(', ') : 'a legacy CAS';
      return (
        `last success ${formatUtcMinute(facts.lastSuccess ?? 0)} through ${facts.lastSuccessServer ?? 'an unknown server'}, ` +
        `proxied to ${targets} (${facts.classes.proxy} proxied requests)${history}${hiccupNote(facts, thresholds)}.`
      );
    },
    recommendation: (facts) =>
      `Nothing to do for this device. It works through ${facts.proxyTargets.join(', ') || 'the legacy CAS'}: keep that ` +
      "CAS's EAS InternalUrl reachable until the mailbox moves to Exchange 2010, when it is served directly.",
    examples: [
      {
        title: '451s yesterday, proxied fine today',
        facts: {
          lastSuccess: today,
          lastSuccessClass: 'proxy',
          proxyTargets: ['newyork07.company.local'],
          outcomes: { ok: 50, redirect: 20 },
          outcomesSinceSuccess: {},
          firstRedirect: redirectedAt,
          lastRedirect: yesterday,
        },
      },
    ],
  },
  {
    verdict: 'ok-redirected',
    severity: 0,
    // Success after the 451 on a server that did not redirect: the device reached the legacy CAS.
    when: (facts) =>
      facts.lastSuccess !== null &&
      facts.firstRedirect !== null &&
      facts.lastSuccess > facts.firstRedirect &&
      facts.lastSuccessServer !== null &&
      !facts.redirectingServers.some((server) => server.toLowerCase() === facts.lastSuccessServer?.toLowerCase()),
    reason: (facts, thresholds) => {
      const target = facts.redirectTargets.length > 0 ? ` to ${facts.redirectTargets.join(', ')}` : '';
      return (
        `got ${facts.outcomes.redirect} HTTP 451 from ${serverList(facts.redirectingServers)}${target} ` +
        `(first ${formatUtcMinute(facts.firstRedirect ?? 0)}), then succeeded on ${facts.lastSuccessServer ?? ''} ` +
        `(last success ${formatUtcMinute(facts.lastSuccess ?? 0)}): it followed the redirect to the legacy CAS${hiccupNote(facts, thresholds)}.`
      );
    },
    recommendation: (facts) => {
      const host = facts.redirectTargets[0] === undefined ? 'the legacy URL' : hostOf(facts.redirectTargets[0]);
      return (
        `Nothing to do while ${host} stays published. When the mailbox moves to Exchange 2010 the legacy CAS ` +
        'answers 451 or 403 and the device must run Autodiscover again: check it then.'
      );
    },
    examples: [
      {
        title: '451 on the 2010 CAS, then success on the legacy CAS',
        facts: {
          outcomes: { redirect: 3, ok: 40 },
          outcomesSinceSuccess: {},
          servers: ['NEWYORK07', 'NYCAS10A'],
          redirectingServers: ['NYCAS10A'],
          redirectTargets: [legacyUrl],
          firstRedirect: redirectedAt,
          lastRedirect: redirectedAt,
          lastSuccess: today,
          lastSuccessServer: 'NEWYORK07',
        },
      },
    ],
  },
  {
    verdict: 'ok-direct',
    severity: 0,
    when: (facts) => facts.lastSuccess !== null,
    reason: (facts, thresholds) => {
      const moved =
        facts.lastRedirect !== null && facts.lastSuccess !== null && facts.lastSuccess > facts.lastRedirect
          ? `; the HTTP 451s it got until ${formatUtcMinute(facts.lastRedirect)} stopped`
          : '';
      const handshake =
        facts.outcomes.challenge > 0 ? `; its ${countOf(facts.outcomes.challenge, 'challenge')} are the normal handshake` : '';
      return (
        `last success ${formatUtcMinute(facts.lastSuccess ?? 0)} on ${facts.lastSuccessServer ?? 'an unknown server'}, ` +
        `served directly (${facts.outcomes.ok} of ${facts.requests} requests succeeded)${handshake}${moved}${hiccupNote(facts, thresholds)}.`
      );
    },
    recommendation: () => 'Nothing to do.',
    examples: [
      { title: 'healthy', facts: { lastSuccess: today, outcomes: { ok: 10 } } },
      { title: 'iOS 401 challenge noise', facts: { lastSuccess: today, outcomes: { ok: 10, challenge: 10 }, outcomesSinceSuccess: { challenge: 1 } } },
      { title: 'one 503, then success', facts: { lastSuccess: today, outcomes: { ok: 20, server: 1 }, outcomesSinceSuccess: {} } },
    ],
  },
  {
    verdict: 'unknown',
    severity: 10,
    when: () => true,
    reason: (facts, thresholds) => {
      if (facts.requests === 0) return 'no requests in the window.';
      const seen = [...failureOutcomes, 'challenge' as const, 'other' as const]
        .filter((outcome) => facts.outcomes[outcome] > 0)
        .map((outcome) => countOf(facts.outcomes[outcome], outcome))
        .join(', ');
      return (
        `only ${facts.requests} requests (${seen || 'nothing classified'}) between ${formatUtcMinute(facts.firstSeen)} and ` +
        `${formatUtcMinute(facts.lastSeen)}, none successful, and ${countFailuresSinceSuccess(facts)} failures: fewer than the ` +
        `${thresholds.minFailures} needed to call the device failing.`
      );
    },
    recommendation: (facts) =>
      'Ingest more logs (a longer window, or the other CAS servers) and look again; the server\'s own view: ' +
      `Get-ActiveSyncDeviceStatistics -Mailbox ${psQuote(facts.user)}.`,
    examples: [
      { title: 'two 451s and nothing else', facts: { outcomes: { redirect: 2 } } },
      { title: 'no requests', facts: {} },
    ],
  },
];
