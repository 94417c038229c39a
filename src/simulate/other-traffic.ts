/**
 * The non-ActiveSync lines that share the files (domain.md 2.1): OWA, EWS,
 * Autodiscover, Outlook Anywhere, the load balancer's probes, and the
 * Autodiscover POSTs iOS sends next to its 451s. Rows as data.
 */
import type { SideRequest } from './eas-intent.js';
import { msPerDay, msPerMinute, type Timeline } from './options.js';
import type { Population, SimDevice, SimUser } from './population.js';
import type { Rng } from './prng.js';
import { cas2010, hostNames, loadBalancerIp, netbiosDomain, proxyTargets, servers, type ServerName } from './scenario.js';
import type { LogRecord } from './w3c-format.js';

interface OtherRow {
  weight: number;
  method: string;
  stem: string;
  query: string;
  userAgent: string;
  host: string;
  /** Request from inside (10.x) rather than the internet. */
  internal: boolean;
  timeTaken: readonly [number, number];
}

const outlook2010 = 'Microsoft+Office/14.0+(Windows+NT+6.1;+Microsoft+Outlook+14.0.4760;+Pro)';
const outlook2007 = 'Microsoft+Office/12.0+(Windows+NT+5.1;+Microsoft+Office+Outlook+12.0.6535;+Pro)';

/** What reaches the 2010 CAS besides ActiveSync. */
export const otherRows2010: readonly OtherRow[] = [
  { weight: 10, method: 'GET', stem: '/owa/', query: '-', userAgent: 'Mozilla/4.0+(compatible;+MSIE+8.0;+Windows+NT+6.1;+WOW64;+Trident/4.0)', host: hostNames.owa, internal: false, timeTaken: [15, 400] },
  { weight: 12, method: 'POST', stem: '/owa/ev.owa', query: 'oeh=1&ns=PendingRequest&ev=FinishNotificationRequest&UA=0', userAgent: 'Mozilla/5.0+(Windows+NT+6.1;+WOW64;+rv:2.0)+Gecko/20100101+Firefox/4.0', host: hostNames.owa, internal: false, timeTaken: [30, 900] },
  { weight: 16, method: 'POST', stem: '/EWS/Exchange.asmx', query: '-', userAgent: outlook2010, host: hostNames.owa, internal: true, timeTaken: [15, 600] },
  { weight: 5, method: 'POST', stem: '/EWS/Exchange.asmx', query: '-', userAgent: 'MacOutlook/14.0.0.100825+(Intel+Mac+OS+X+Version+10.6.4+(Build+10F569))', host: hostNames.owa, internal: false, timeTaken: [15, 600] },
  { weight: 12, method: 'POST', stem: '/Autodiscover/Autodiscover.xml', query: '-', userAgent: outlook2010, host: hostNames.autodiscover, internal: false, timeTaken: [20, 300] },
  { weight: 12, method: 'RPC_IN_DATA', stem: '/rpc/rpcproxy.dll', query: 'MBX01.company.local:6001', userAgent: 'MSRPC', host: hostNames.owa, internal: false, timeTaken: [60_000, 900_000] },
  { weight: 12, method: 'RPC_OUT_DATA', stem: '/rpc/rpcproxy.dll', query: 'MBX01.company.local:6001', userAgent: 'MSRPC', host: hostNames.owa, internal: false, timeTaken: [60_000, 900_000] },
];

/** What reaches the NY 2007 CAS: its own users' Outlook inside, and OWA through legacy.company.com. */
export const otherRows2007: readonly OtherRow[] = [
  { weight: 8, method: 'GET', stem: '/owa/', query: '-', userAgent: 'Mozilla/4.0+(compatible;+MSIE+8.0;+Windows+NT+6.1;+WOW64;+Trident/4.0)', host: hostNames.legacy, internal: false, timeTaken: [15, 400] },
  { weight: 10, method: 'POST', stem: '/EWS/Exchange.asmx', query: '-', userAgent: outlook2007, host: proxyTargets.ny2007, internal: true, timeTaken: [15, 500] },
  { weight: 6, method: 'POST', stem: '/Autodiscover/Autodiscover.xml', query: '-', userAgent: outlook2007, host: proxyTargets.ny2007, internal: true, timeTaken: [20, 300] },
];

const internalIp = (rng: Rng): string => `10.2.${rng.int(0, 40)}.${rng.int(1, 254)}`;
const publicIp = (rng: Rng): string => `${rng.pick(['71.', '98.', '173.', '209.'])}${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;

/** One OWA/EWS/Autodiscover/RPC line of a user. */
export function otherLine(rng: Rng, server: ServerName, row: OtherRow, user: SimUser, ms: number): LogRecord {
  // Outlook's NTLM handshake and OWA's first hit are answered 401 now and then, without a user.
  const challenge = row.stem !== '/rpc/rpcproxy.dll' && rng.chance(0.06);
  return {
    ms, server, method: row.method, stem: row.stem, query: row.query, port: 443,
    username: challenge ? '-' : `${netbiosDomain}\\${user.alias}`,
    clientIp: row.internal ? internalIp(rng) : publicIp(rng),
    userAgent: row.userAgent,
    status: challenge ? 401 : 200, substatus: challenge ? 2 : 0, win32: challenge ? 5 : 0,
    timeTaken: challenge ? rng.int(0, 15) : rng.int(row.timeTaken[0], row.timeTaken[1]),
    host: row.host, scBytes: rng.int(300, 40_000), csBytes: rng.int(400, 4000),
  };
}

/** OWA/EWS/Autodiscover/RPC lines: about 15% of the users a day per 2010 CAS, a few on NEWYORK07. */
export function otherTraffic(rng: Rng, population: Population, timeline: Timeline): LogRecord[] {
  const ny2010 = population.users.filter((u) => u.mailbox === 'ny2010');
  const ny2007 = population.users.filter((u) => u.mailbox === 'ny2007');
  const plans: { server: ServerName; rows: readonly OtherRow[]; users: SimUser[]; perDay: number }[] = [
    ...cas2010.map((server) => ({ server, rows: otherRows2010, users: ny2010, perDay: Math.round(ny2010.length * 0.15) })),
    { server: 'NEWYORK07', rows: otherRows2007, users: ny2007, perDay: ny2007.length * 2 },
  ];
  const out: LogRecord[] = [];
  for (const plan of plans) {
    if (plan.users.length === 0) continue;
    const weighted = plan.rows.map((row) => [row, row.weight] as const);
    for (let day = timeline.startMs; day < timeline.endMs; day += msPerDay) {
      for (let i = 0; i < plan.perDay; i++) {
        out.push(otherLine(rng, plan.server, rng.weighted(weighted), rng.pick(plan.users), day + rng.int(0, msPerDay - 1)));
      }
    }
  }
  return out;
}

/**
 * Load-balancer probes on each 2010 CAS: an anonymous GET of the ActiveSync root
 * every 10 minutes (401.2, no user agent), and every 30 minutes a monitor that
 * logs on with a service account (200). Neither carries a query or DeviceId.
 */
export function loadBalancerProbes(timeline: Timeline): LogRecord[] {
  const out: LogRecord[] = [];
  cas2010.forEach((server, i) => {
    const offset = (i * 5 * 60 + 7) * 1000;
    for (let t = timeline.startMs + offset, n = 0; t < timeline.endMs; t += 10 * msPerMinute, n++) {
      const authenticated = n % 3 === 2;
      out.push({
        ms: t, server, method: 'GET', stem: '/Microsoft-Server-ActiveSync/', query: '-', port: 443,
        username: authenticated ? `${netbiosDomain}\\svc-lbmonitor` : '-',
        clientIp: loadBalancerIp,
        userAgent: authenticated ? 'LB-HealthMonitor/1.0' : '-',
        status: authenticated ? 200 : 401, substatus: authenticated ? 0 : 2, win32: authenticated ? 0 : 5,
        timeTaken: authenticated ? 15 : 0,
        host: authenticated ? hostNames.activesync : servers[server].ip, scBytes: authenticated ? 180 : 1293, csBytes: 120,
      });
    }
  });
  return out;
}

/** The Autodiscover POST a device sends next to its 451s. */
export function sideRequestLine(rng: Rng, device: SimDevice, side: SideRequest): LogRecord {
  return {
    ms: side.ms, server: side.cas, method: 'POST', stem: '/Autodiscover/Autodiscover.xml', query: '-', port: 443,
    username: `${netbiosDomain}\\${device.user.alias}`, clientIp: side.clientIp, userAgent: device.model.userAgent,
    status: 200, substatus: 0, win32: 0, timeTaken: rng.int(40, 400), host: hostNames.autodiscover,
    scBytes: rng.int(900, 1800), csBytes: rng.int(500, 800),
  };
}
