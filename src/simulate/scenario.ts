/**
 * The organisation of the migration scenario (issue 4, domain.md 6.2) as data:
 * servers, names and addresses. Everything the generator writes about the
 * environment comes from here, so the README and the tests can quote it.
 */

export type ServerName = 'NYCAS10A' | 'NYCAS10B' | 'NEWYORK07';
/** The two internet-facing Exchange 2010 CAS behind the load balancer. */
export type Cas2010 = 'NYCAS10A' | 'NYCAS10B';

/** Where a user's mailbox lives: decides direct, proxy or redirect (routing.ts). */
export type Mailbox = 'ny2010' | 'ny2007' | 'lon2007';
export type Site = 'newyork' | 'london';

export interface ServerSpec {
  name: ServerName;
  ip: string;
  /** The #Software directive: IIS 7.5 on W2008 R2 (2010), IIS 7.0 on W2008 (2007). */
  software: string;
  /** true: this server logs s-computername, cs-host, sc-bytes and cs-bytes as well. */
  extendedFields: boolean;
}

export const servers: Readonly<Record<ServerName, ServerSpec>> = {
  NYCAS10A: { name: 'NYCAS10A', ip: '10.1.1.20', software: 'Microsoft Internet Information Services 7.5', extendedFields: false },
  NYCAS10B: { name: 'NYCAS10B', ip: '10.1.1.21', software: 'Microsoft Internet Information Services 7.5', extendedFields: true },
  NEWYORK07: { name: 'NEWYORK07', ip: '10.1.1.10', software: 'Microsoft Internet Information Services 7.0', extendedFields: false },
};

export const cas2010: readonly Cas2010[] = ['NYCAS10A', 'NYCAS10B'];

export const netbiosDomain = 'COMPANY';
export const hostNames = {
  activesync: 'activesync.company.com',
  legacy: 'legacy.company.com',
  owa: 'mail.company.com',
  autodiscover: 'autodiscover.company.com',
} as const;

/** PrxTo: targets: the InternalURL hosts of the 2007 CAS of each site. */
export const proxyTargets = {
  ny2007: 'newyork07.company.local',
  lon2007: 'london07.company.local',
} as const;

/** The 451 target while the NY 2007 CAS still has ExternalURL set (as Exchange logs it in RdirTo:). */
export const redirectUrl = `https://${hostNames.legacy}/Microsoft-Server-ActiveSync`;

export const mailboxServers: Readonly<Record<Mailbox, readonly string[]>> = {
  ny2010: ['MBX01.company.local', 'MBX02.company.local'],
  ny2007: ['NY07MBX01.company.local'],
  lon2007: ['LON07MBX01.company.local'],
};
export const domainControllers: readonly string[] = ['DC01.company.local', 'DC02.company.local'];

export const siteOfMailbox: Readonly<Record<Mailbox, Site>> = { ny2010: 'newyork', ny2007: 'newyork', lon2007: 'london' };

/** Source of the load balancer's health probes (not a CAS, not a device). */
export const loadBalancerIp = '10.1.1.5';

/**
 * Public address prefixes of the carriers and ISPs devices connect from, per site
 * (AT&T, Verizon, T-Mobile US, a cable ISP; O2 UK, Vodafone UK, BT).
 */
export const publicPrefixes: Readonly<Record<Site, readonly string[]>> = {
  newyork: ['166.205', '166.137', '174.252', '208.54', '24.185', '68.173'],
  london: ['82.132', '212.183', '86.150', '94.197'],
};

/**
 * Waking hours in UTC minutes of the day (start may be after end: the window wraps
 * past midnight). New York is UTC-4 and London UTC+1 in early October 2010.
 */
export const wakingHours: Readonly<Record<Site, { from: number; to: number }>> = {
  newyork: { from: 11 * 60, to: 3 * 60 + 30 },
  london: { from: 6 * 60, to: 22 * 60 + 30 },
};
