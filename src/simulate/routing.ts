/**
 * How the NY 2010 CAS handles a request, by the mailbox's location and the
 * device's EAS version (domain.md 6.1-6.3). Scanned top to bottom.
 */
import type { Mailbox } from './scenario.js';

export type Route =
  /** served by the 2010 CAS that logged it */
  | 'direct'
  /** 2010 CAS proxies to newyork07 (PrxTo:), which logs the inner hop */
  | 'proxy-ny07'
  /** 2010 CAS proxies to london07 (PrxTo:); London's logs are not in the folder */
  | 'proxy-lon07'
  /** 451 with RdirTo: legacy.company.com */
  | 'redirect'
  /** the device talks to legacy.company.com = NEWYORK07 itself (it followed a 451) */
  | 'legacy-direct';

interface RoutingRule {
  mailbox: Mailbox;
  when: (protocol: number, externalUrlCleared: boolean) => boolean;
  route: Route;
  why: string;
}

export const routingRules: readonly RoutingRule[] = [
  { mailbox: 'ny2010', when: () => true, route: 'direct', why: 'mailbox on 2010 in the CAS site' },
  { mailbox: 'lon2007', when: () => true, route: 'proxy-lon07', why: 'the London 2007 CAS has no ExternalURL: always proxied' },
  {
    mailbox: 'ny2007',
    when: (protocol, cleared) => !cleared && protocol >= 121,
    route: 'redirect',
    why: 'NY 2007 CAS has ExternalURL legacy.company.com and the device is EAS 12.1+ (can take a 451)',
  },
  { mailbox: 'ny2007', when: () => true, route: 'proxy-ny07', why: 'older EAS, or ExternalURL cleared: proxied to the InternalURL' },
];

/** The route of a request that started at `startMs`. */
export function routeRequest(mailbox: Mailbox, protocol: number, startMs: number, fixMs: number): Route {
  const cleared = startMs >= fixMs;
  for (const rule of routingRules) {
    if (rule.mailbox === mailbox && rule.when(protocol, cleared)) return rule.route;
  }
  throw new Error(`no routing rule for ${mailbox}`);
}
