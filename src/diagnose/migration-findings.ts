import type { Finding } from '../report/report-model.js';
import { formatUtcMinute } from '../text/format-time.js';
import type { DiagnosedDevice } from './device-facts.js';
import { externalUrlRemedies, formatEasVersion, hostOf, legacyCasFromHost, psQuote, shortServerName } from './verdict-rules.js';
import type { LegacyCasGuess } from './verdict-rules.js';

/**
 * Conclusions drawn across devices (domain.md §6): why some device types are redirected and
 * others proxied, whether the redirects stopped, whether a 451 storm is really a store problem,
 * plus the evidence tables they rest on. Pure: everything comes in as arguments.
 */

/** Client-facing requests one CAS logged (hop = 0), by class. */
export interface ServerLoad {
  name: string;
  requests: number;
  direct: number;
  proxy: number;
  redirect: number;
  /** Requests whose outcome is a failure (outcomes.failure = 1). */
  failures: number;
}

/** Requests a CAS proxied to one PrxTo: target. */
export interface ProxyTargetLoad {
  /** The PrxTo: host as logged, e.g. "newyork07.company.local". */
  name: string;
  requests: number;
  /** Distinct devices proxied there. */
  devices: number;
  failures: number;
}

/** Limits the detectors use. */
export interface FindingLimits {
  /** Users with a 451 and no RdirTo: before it looks like a store problem rather than a device. */
  minUsersWithoutTarget: number;
  /** Device rows shown in one finding's evidence table. */
  maxEvidenceRows: number;
}

export const defaultFindingLimits: FindingLimits = { minUsersWithoutTarget: 3, maxEvidenceRows: 20 };

/** What the findings need beyond the devices: per-server and per-proxy-target totals. */
export interface FindingsContext {
  servers: ServerLoad[];
  proxyTargets: ProxyTargetLoad[];
  limits?: Partial<FindingLimits>;
}

/** One row of the detector table: returns zero or more findings. */
export interface FindingDetector {
  id: string;
  detect(devices: readonly DiagnosedDevice[], context: FindingsContext, limits: FindingLimits): Finding[];
}

// ---------------------------------------------------------------------------------------------
// Evidence helpers

const lower = (text: string): string => text.toLowerCase();

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "gets" for one, "get" for many. */
function verb(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** Most frequent first; ties alphabetical, so output is stable for golden files. */
function tally(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

function typeCounts(devices: readonly DiagnosedDevice[]): string {
  return tally(devices.map((d) => d.facts.deviceType || '(none)'))
    .map(([type, count]) => `${type} ×${count}`)
    .join(', ');
}

function versionRange(devices: readonly DiagnosedDevice[]): string {
  const versions = devices.map((d) => d.facts.protocol).filter((p): p is number => p !== null && p > 0);
  if (versions.length === 0) return 'EAS version unknown';
  const low = Math.min(...versions);
  const high = Math.max(...versions);
  return low === high ? formatEasVersion(low) : `${formatEasVersion(low)}–${(high / 10).toFixed(1)}`;
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function userCount(devices: readonly DiagnosedDevice[]): number {
  return new Set(devices.map((d) => lower(d.facts.user))).size;
}

function timeOrDash(seconds: number | null): string {
  return seconds === null ? '-' : formatUtcMinute(seconds);
}

function earliest(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.min(...known);
}

function latest(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.max(...known);
}

function capRows<T>(rows: readonly T[], limits: FindingLimits): { shown: T[]; note: string } {
  const shown = rows.slice(0, limits.maxEvidenceRows);
  return { shown, note: shown.length < rows.length ? ` The table shows the first ${shown.length} of ${rows.length}.` : '' };
}

const redirectColumns = ['User', 'DeviceId', 'Type', 'EAS', '451s', 'First 451', 'Last 451', 'Verdict'];

function redirectRow(d: DiagnosedDevice): (string | number)[] {
  const f = d.facts;
  return [f.user, f.deviceId, f.deviceType, formatEasVersion(f.protocol), f.outcomes.redirect, timeOrDash(f.firstRedirect), timeOrDash(f.lastRedirect), d.diagnosis.verdict];
}

function isRedirectedTo(d: DiagnosedDevice, host: string): boolean {
  return d.facts.redirectTargets.some((url) => hostOf(url) === host);
}

/** Devices that work through a proxy and were never redirected: the contrast to redirected ones. */
function proxiedAndWorking(devices: readonly DiagnosedDevice[]): DiagnosedDevice[] {
  return devices.filter((d) => d.facts.outcomes.redirect === 0 && d.facts.classes.proxy > 0 && !d.diagnosis.failing);
}

/**
 * Which legacy CAS owns the ExternalURL `host`, strongest evidence first; null when the logs
 * cannot tell (the report then prints <LEGACYCAS> and the command that finds it).
 */
function guessLegacyCas(host: string, redirected: readonly DiagnosedDevice[], devices: readonly DiagnosedDevice[]): LegacyCasGuess | null {
  const [ownTarget] = tally(redirected.flatMap((d) => d.facts.proxyTargets))[0] ?? [];
  if (ownTarget !== undefined) {
    return { name: shortServerName(ownTarget), evidence: `devices redirected to ${host} were also proxied to ${ownTarget}` };
  }
  // The same mailbox behind a device that is proxied: same mailbox, same site, same legacy CAS.
  const users = new Set(redirected.map((d) => lower(d.facts.user)));
  const siblings = proxiedAndWorking(devices).filter((d) => users.has(lower(d.facts.user)));
  const [siblingTarget] = tally(siblings.flatMap((d) => d.facts.proxyTargets))[0] ?? [];
  if (siblingTarget !== undefined) {
    return {
      name: shortServerName(siblingTarget),
      evidence: `the same users' other devices (${typeCounts(siblings)}) are proxied to ${siblingTarget}`,
    };
  }
  const fromHost = legacyCasFromHost(host);
  if (fromHost !== null) return { name: fromHost, evidence: `taken from the host name ${host}` };
  // A CAS with ExternalURL only ever gets the pre-12.1 devices by proxy; one without gets them all.
  const protocolsByTarget = new Map<string, (number | null)[]>();
  for (const d of proxiedAndWorking(devices)) {
    for (const target of d.facts.proxyTargets) protocolsByTarget.set(target, [...(protocolsByTarget.get(target) ?? []), d.facts.protocol]);
  }
  const oldOnly = [...protocolsByTarget].filter(([, protocols]) => protocols.every((p) => p !== null && p > 0 && p < 121));
  const [only] = oldOnly;
  if (oldOnly.length === 1 && only !== undefined) {
    return {
      name: shortServerName(only[0]),
      evidence: `probably: only devices below EAS 12.1 are proxied to ${only[0]}, as expected when its ExternalURL is set`,
    };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Detectors

function detectExternalUrlRedirects(devices: readonly DiagnosedDevice[], _context: FindingsContext, limits: FindingLimits): Finding[] {
  const stuckByHost = new Map<string, DiagnosedDevice[]>();
  for (const d of devices) {
    if (d.diagnosis.verdict !== 'redirect-stuck') continue;
    for (const host of distinct(d.facts.redirectTargets.map(hostOf))) stuckByHost.set(host, [...(stuckByHost.get(host) ?? []), d]);
  }
  return [...stuckByHost].map(([host, stuck]) => {
    const redirected = devices.filter((d) => isRedirectedTo(d, host));
    const url = stuck.flatMap((d) => d.facts.redirectTargets).find((u) => hostOf(u) === host) ?? host;
    const redirectedTypes = new Set(redirected.map((d) => d.facts.deviceType));
    const contrast = proxiedAndWorking(devices).filter((d) => !redirectedTypes.has(d.facts.deviceType));
    const cas = guessLegacyCas(host, redirected, devices);
    const lowest = Math.min(...stuck.map((d) => (d.facts.protocol !== null && d.facts.protocol > 0 ? d.facts.protocol : Infinity)));
    const who = lowest >= 121 && lowest !== Infinity ? 'EAS 12.1+ devices' : 'devices';
    const followed = redirected.filter((d) => d.diagnosis.verdict === 'ok-redirected').length;
    const recovered = redirected.filter((d) => d.diagnosis.verdict === 'ok-proxied').length;
    const servers = distinct(stuck.flatMap((d) => d.facts.redirectingServers));
    const { shown, note } = capRows(stuck, limits);
    const detail = [
      `${plural(stuck.length, 'device')} of ${plural(userCount(stuck), 'user')} (${typeCounts(stuck)}; ${versionRange(stuck)}) ` +
        `${verb(stuck.length, 'gets', 'get')} HTTP 451 from ${servers.join('/') || 'the CAS'} redirecting to ${url} since ` +
        `${timeOrDash(earliest(stuck.map((d) => d.facts.firstRedirect)))} and ${verb(stuck.length, 'has', 'have')} not succeeded since.`,
      contrast.length > 0
        ? `Meanwhile ${plural(contrast.length, 'device')} of other types (${typeCounts(contrast)}; ${versionRange(contrast)}) ` +
          `${verb(contrast.length, 'is', 'are')} proxied to ${distinct(contrast.flatMap((d) => d.facts.proxyTargets)).join(', ')} and ${verb(contrast.length, 'works', 'work')}.`
        : 'No device of another type is proxied to compare with.',
      cas === null ? `The logs do not say which legacy CAS owns ${host}.` : `The legacy CAS is ${cas.name} (${cas.evidence}).`,
      `So that CAS's EAS virtual directory has ExternalURL ${host}: the 2010 CAS redirects ${who} there instead of ` +
        'proxying, and these devices do not get through (name, certificate or publishing, or the device mishandles the 451).',
      followed > 0 ? `${plural(followed, 'device')} did follow the redirect and ${verb(followed, 'works', 'work')}.` : '',
      recovered > 0 ? `${plural(recovered, 'device')} redirected there earlier now ${verb(recovered, 'works', 'work')} through the proxy.` : '',
    ]
      .filter((sentence) => sentence !== '')
      .join(' ');
    return {
      id: `external-url-redirect:${host}`,
      severity: 'critical',
      title: `${cas === null ? `The legacy CAS behind ${host}` : `Legacy CAS ${cas.name}`} has ExternalURL set: the 2010 CAS redirects ${who} to ${host} instead of proxying`,
      detail: detail + note,
      recommendation: externalUrlRemedies(url, cas),
      table: { columns: redirectColumns, rows: shown.map(redirectRow) },
    } satisfies Finding;
  });
}

function detectRedirectsWithoutTarget(devices: readonly DiagnosedDevice[], _context: FindingsContext, limits: FindingLimits): Finding[] {
  const affected = devices.filter((d) => d.facts.outcomes.redirect > 0 && d.facts.redirectTargets.length === 0);
  const users = distinct(affected.map((d) => d.facts.user));
  if (userCount(affected) < limits.minUsersWithoutTarget) return [];
  const stuck = affected.filter((d) => d.diagnosis.verdict === 'redirect-stuck').length;
  const total = affected.reduce((sum, d) => sum + d.facts.outcomes.redirect, 0);
  const servers = distinct(affected.flatMap((d) => d.facts.redirectingServers));
  const { shown, note } = capRows(affected, limits);
  const userList = users.slice(0, limits.maxEvidenceRows).map(psQuote).join(',');
  return [
    {
      id: 'redirect-without-target',
      severity: stuck >= limits.minUsersWithoutTarget ? 'critical' : 'warning',
      title: `${plural(userCount(affected), 'user')} got HTTP 451 without a redirect target: possible mailbox store problem`,
      detail:
        `${plural(affected.length, 'device')} of ${plural(userCount(affected), 'user')} got ${total} HTTP 451 answers without RdirTo: ` +
        `from ${servers.join('/') || 'the CAS'} between ${timeOrDash(earliest(affected.map((d) => d.facts.firstRedirect)))} and ` +
        `${timeOrDash(latest(affected.map((d) => d.facts.lastRedirect)))}; ${stuck} of them ${verb(stuck, 'has', 'have')} not succeeded since. A 451 ` +
        'without a target is not a site redirect: Exchange 2010 also answers 451 ("Device Misconfigured") when the mailbox ' +
        `database is dismounted, so many users at once points at the store rather than at the devices.${note}`,
      recommendation:
        `See whether they share a database: ${userList} | Get-Mailbox | Group-Object Database | Format-Table Name,Count; ` +
        'then Get-MailboxDatabase -Status | Format-Table Name,Server,Mounted and Get-MailboxDatabaseCopyStatus * | Format-Table Name,Status. ' +
        `Test end to end with Test-ActiveSyncConnectivity -ClientAccessServer ${psQuote(servers[0] ?? '<CAS>')}.`,
      table: { columns: redirectColumns, rows: shown.map(redirectRow) },
    },
  ];
}

function detectRedirectsStopped(devices: readonly DiagnosedDevice[], _context: FindingsContext, limits: FindingLimits): Finding[] {
  const recovered = devices.filter(
    (d) =>
      d.diagnosis.verdict === 'ok-proxied' &&
      d.facts.lastRedirect !== null &&
      d.facts.lastSuccess !== null &&
      d.facts.lastSuccess > d.facts.lastRedirect,
  );
  const stoppedAt = latest(recovered.map((d) => d.facts.lastRedirect));
  if (stoppedAt === null) return [];
  const hosts = distinct(recovered.flatMap((d) => d.facts.redirectTargets.map(hostOf)));
  // Only the same redirect counts as "still going": a 451 without target is another story.
  const still = devices.filter(
    (d) =>
      d.diagnosis.verdict === 'redirect-stuck' &&
      d.facts.lastRedirect !== null &&
      d.facts.lastRedirect > stoppedAt &&
      (hosts.length === 0 || hosts.some((host) => isRedirectedTo(d, host))),
  );
  const targets = distinct(recovered.flatMap((d) => d.facts.proxyTargets));
  const { shown, note } = capRows(recovered, limits);
  const when = formatUtcMinute(stoppedAt);
  return [
    {
      id: 'redirects-stopped',
      severity: still.length > 0 ? 'warning' : 'info',
      title:
        still.length === 0
          ? `The redirects stopped at ${when}; ${plural(recovered.length, 'device')} recovered through the proxy`
          : `Redirects stopped at ${when} for ${plural(recovered.length, 'device')}, now proxied; ${still.length} still get HTTP 451`,
      detail:
        `${plural(recovered.length, 'device')} (${typeCounts(recovered)}) that got HTTP 451${hosts.length > 0 ? ` to ${hosts.join(', ')}` : ''} ` +
        `until ${when} now ${verb(recovered.length, 'succeeds', 'succeed')} through the proxy to ${targets.join(', ') || 'a legacy CAS'} ` +
        `(latest success ${timeOrDash(latest(recovered.map((d) => d.facts.lastSuccess)))}), which is what clearing ExternalURL on ` +
        'the legacy CAS looks like.' +
        (still.length > 0
          ? ` But ${plural(still.length, 'device')} (${typeCounts(still)}) got 451s after that and ${verb(still.length, 'has', 'have')} not recovered.`
          : '') +
        note,
      recommendation:
        still.length > 0
          ? 'See the redirect finding for the devices still redirected; they may need the account removed and re-added so they forget the redirect URL.'
          : "Nothing to do for these devices; keep the legacy CAS's EAS InternalUrl reachable until their mailboxes move to Exchange 2010.",
      table: {
        columns: ['User', 'DeviceId', 'Type', '451s', 'Last 451', 'Last success', 'Proxied to'],
        rows: shown.map((d) => [
          d.facts.user,
          d.facts.deviceId,
          d.facts.deviceType,
          d.facts.outcomes.redirect,
          timeOrDash(d.facts.lastRedirect),
          timeOrDash(d.facts.lastSuccess),
          d.facts.proxyTargets.join(', '),
        ]),
      },
    },
  ];
}

function detectRedirectsFollowed(devices: readonly DiagnosedDevice[], _context: FindingsContext, limits: FindingLimits): Finding[] {
  const followed = devices.filter((d) => d.diagnosis.verdict === 'ok-redirected');
  if (followed.length === 0) return [];
  const legacy = distinct(followed.map((d) => d.facts.lastSuccessServer ?? '?'));
  const { shown, note } = capRows(followed, limits);
  return [
    {
      id: 'redirects-followed',
      severity: 'info',
      title: `${plural(followed.length, 'device')} followed the HTTP 451 redirect and sync with ${legacy.join(', ')}`,
      detail:
        `${plural(followed.length, 'device')} (${typeCounts(followed)}) got HTTP 451 from ` +
        `${distinct(followed.flatMap((d) => d.facts.redirectingServers)).join('/')} and then succeeded on ${legacy.join(', ')}, ` +
        `a server that did not redirect them: the legacy CAS whose logs are ingested.${note}`,
      recommendation:
        'Nothing to do while the legacy URL stays published; when these mailboxes move to Exchange 2010 the devices must run Autodiscover again.',
      table: {
        columns: ['User', 'DeviceId', 'Type', '451s', 'First 451', 'Last success', 'On'],
        rows: shown.map((d) => [
          d.facts.user,
          d.facts.deviceId,
          d.facts.deviceType,
          d.facts.outcomes.redirect,
          timeOrDash(d.facts.firstRedirect),
          timeOrDash(d.facts.lastSuccess),
          d.facts.lastSuccessServer ?? '-',
        ]),
      },
    },
  ];
}

function detectDeviceTypeMatrix(devices: readonly DiagnosedDevice[]): Finding[] {
  if (devices.length === 0) return [];
  const byType = new Map<string, DiagnosedDevice[]>();
  for (const d of devices) {
    const type = d.facts.deviceType || '(none)';
    byType.set(type, [...(byType.get(type) ?? []), d]);
  }
  const count = (group: readonly DiagnosedDevice[], test: (d: DiagnosedDevice) => boolean): number => group.filter(test).length;
  const rows = [...byType]
    .sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b))
    .map(([type, group]) => ({
      type,
      row: [
        type,
        group.length,
        versionRange(group),
        count(group, (d) => d.facts.classes.redirect > 0),
        count(group, (d) => d.facts.classes.proxy > 0),
        count(group, (d) => d.facts.classes.direct > 0),
        count(group, (d) => d.diagnosis.failing),
      ],
      redirected: count(group, (d) => d.facts.classes.redirect > 0),
      proxied: count(group, (d) => d.facts.classes.proxy > 0),
    }));
  const onlyRedirected = rows.filter((r) => r.redirected > 0 && r.proxied === 0).map((r) => r.type);
  const onlyProxied = rows.filter((r) => r.proxied > 0 && r.redirected === 0).map((r) => r.type);
  // Types on one side only are the pattern of §6.2: the EAS version decides who gets a 451.
  const contrast =
    (onlyRedirected.length > 0 ? ` Redirected and never proxied: ${onlyRedirected.join(', ')}.` : '') +
    (onlyProxied.length > 0 ? ` Proxied and never redirected: ${onlyProxied.join(', ')}.` : '');
  return [
    {
      id: 'device-type-matrix',
      severity: 'info',
      title: 'How each device type is handled: redirected, proxied or direct',
      detail: `Devices per type by how the CAS servers handled their requests; a device counts in every class it had requests in.${contrast}`,
      table: {
        columns: ['Device type', 'Devices', 'EAS', 'Redirected (451)', 'Proxied', 'Direct', 'Failing'],
        rows: rows.map((r) => r.row),
      },
    },
  ];
}

function detectServerLoad(_devices: readonly DiagnosedDevice[], context: FindingsContext): Finding[] {
  if (context.servers.length === 0) return [];
  const servers = [...context.servers].sort((a, b) => b.requests - a.requests || a.name.localeCompare(b.name));
  const redirecting = servers.filter((s) => s.redirect > 0).map((s) => `${s.name} (${percent(s.redirect, s.requests)})`);
  return [
    {
      id: 'cas-servers',
      severity: 'info',
      title: 'Requests per CAS server',
      detail:
        'Client-facing EAS requests each CAS logged, by how it handled them.' +
        (redirecting.length > 0 ? ` Servers answering HTTP 451: ${redirecting.join(', ')}.` : ''),
      table: {
        columns: ['Server', 'Requests', 'Direct', 'Proxied', 'Redirected (451)', 'Failures', 'Failure %'],
        rows: servers.map((s) => [s.name, s.requests, s.direct, s.proxy, s.redirect, s.failures, percent(s.failures, s.requests)]),
      },
    },
  ];
}

/** Above this share of failures a proxy target is worth a warning: the hop itself may be broken. */
const failingTargetShare = 0.5;

function detectProxyTargets(_devices: readonly DiagnosedDevice[], context: FindingsContext): Finding[] {
  if (context.proxyTargets.length === 0) return [];
  const targets = [...context.proxyTargets].sort((a, b) => b.requests - a.requests || a.name.localeCompare(b.name));
  const failing = targets.filter((t) => t.requests > 0 && t.failures / t.requests > failingTargetShare);
  return [
    {
      id: 'proxy-targets',
      severity: failing.length > 0 ? 'warning' : 'info',
      title: 'Legacy CAS servers the 2010 CAS proxies to (PrxTo:)',
      detail:
        'Requests the CAS servers proxied to each target, the devices behind them and how many failed.' +
        (failing.length > 0
          ? ` Most requests to ${failing.map((t) => t.name).join(', ')} fail: check the target's EAS InternalUrl and Windows authentication.`
          : ''),
      recommendation:
        failing.length > 0
          ? failing
              .map((t) => `Get-ActiveSyncVirtualDirectory -Server ${psQuote(shortServerName(t.name))} | Format-List InternalUrl,WindowsAuthEnabled`)
              .join('; ')
          : undefined,
      table: {
        columns: ['Target', 'Requests', 'Devices', 'Failures', 'Failure %'],
        rows: targets.map((t) => [t.name, t.requests, t.devices, t.failures, percent(t.failures, t.requests)]),
      },
    },
  ];
}

/** The detectors, conclusions first and evidence tables after; the report keeps this order. */
export const findingDetectors: readonly FindingDetector[] = [
  { id: 'external-url-redirect', detect: detectExternalUrlRedirects },
  { id: 'redirect-without-target', detect: detectRedirectsWithoutTarget },
  { id: 'redirects-stopped', detect: detectRedirectsStopped },
  { id: 'redirects-followed', detect: detectRedirectsFollowed },
  { id: 'device-type-matrix', detect: detectDeviceTypeMatrix },
  { id: 'cas-servers', detect: detectServerLoad },
  { id: 'proxy-targets', detect: detectProxyTargets },
];

/** Runs every detector over the diagnosed devices, in table order. */
export function buildFindings(devices: readonly DiagnosedDevice[], context: FindingsContext): Finding[] {
  const limits: FindingLimits = { ...defaultFindingLimits, ...context.limits };
  return findingDetectors.flatMap((detector) => detector.detect(devices, context, limits));
}
