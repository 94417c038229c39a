/**
 * The stories as data: one row per device of the fixed cast. Rows with
 * the same tag belong to one user. Everyone else is a healthy background user.
 */
import type { ModelId } from './device-models.js';
import type { Cas2010, Mailbox } from './scenario.js';

/** What a device does over the period; expected.ts maps each to its verdict. */
export type Role =
  | 'healthy'
  | 'redirect-recovers'
  | 'redirect-stuck'
  | 'redirect-follower'
  | 'bad-password'
  | 'provisioning-loop'
  | 'blocked'
  | 'mailbox-full'
  | 'throttled'
  | 'server-error'
  | 'runaway';

/** How a Windows Mobile device writes its base64 query. */
export interface Base64Style {
  /** Adds the User parameter (tag 8); the spec's own example has none. */
  userTag: boolean;
  /** Sends '+', '/' and '=' as %2B, %2F, %3D (domain.md 2.3 says both occur). */
  percentEncoded: boolean;
  /** DeviceId as 16 raw bytes (a GUID) rather than its 32 hex characters. */
  binaryId: boolean;
}

export interface CastRow {
  /** Rows with the same tag belong to one user. */
  tag: string;
  mailbox: Mailbox;
  model: ModelId;
  role: Role;
  protocol?: number;
  pin?: Cas2010;
  base64?: Base64Style;
  transient503?: boolean;
}

/** The stories, one row per device. */
export const cast: readonly CastRow[] = [
  // NY users still on 2007. The one whose iPad follows the 451 also has an iPhone that does not.
  { tag: 'ny07-follower', mailbox: 'ny2007', model: 'ipad-ios32', role: 'redirect-follower', pin: 'NYCAS10A' },
  { tag: 'ny07-follower', mailbox: 'ny2007', model: 'iphone-ios41', role: 'redirect-recovers' },
  { tag: 'ny07-stuck-1', mailbox: 'ny2007', model: 'iphone-ios3', role: 'redirect-stuck' },
  { tag: 'ny07-stuck-2', mailbox: 'ny2007', model: 'iphone-ios41', role: 'redirect-stuck' },
  { tag: 'ny07-a', mailbox: 'ny2007', model: 'iphone-ios3', role: 'redirect-recovers' },
  { tag: 'ny07-b', mailbox: 'ny2007', model: 'iphone-ios41', role: 'redirect-recovers' },
  { tag: 'ny07-c', mailbox: 'ny2007', model: 'ipad-ios32', role: 'redirect-recovers' },
  { tag: 'ny07-d', mailbox: 'ny2007', model: 'iphone-ios41', role: 'redirect-recovers' },
  { tag: 'ny07-e', mailbox: 'ny2007', model: 'iphone-ios3', role: 'redirect-recovers' },
  { tag: 'ny07-e', mailbox: 'ny2007', model: 'ipad-ios32', role: 'redirect-recovers' },
  { tag: 'ny07-f', mailbox: 'ny2007', model: 'iphone-ios40', role: 'redirect-recovers' },
  { tag: 'ny07-g', mailbox: 'ny2007', model: 'iphone-ios41', role: 'redirect-recovers' },
  { tag: 'ny07-td-1', mailbox: 'ny2007', model: 'touchdown', role: 'healthy', protocol: 120 },
  { tag: 'ny07-td-2', mailbox: 'ny2007', model: 'touchdown', role: 'healthy', protocol: 120 },
  { tag: 'ny07-td-3', mailbox: 'ny2007', model: 'touchdown', role: 'healthy', protocol: 25 },
  { tag: 'ny07-td-4', mailbox: 'ny2007', model: 'touchdown', role: 'healthy', protocol: 25 },
  // London (2007, no ExternalURL): always proxied, the iPhone included.
  { tag: 'lon-a', mailbox: 'lon2007', model: 'iphone-ios41', role: 'healthy' },
  { tag: 'lon-b', mailbox: 'lon2007', model: 'wm-pocketpc', role: 'healthy', base64: { userTag: true, percentEncoded: false, binaryId: true } },
  // Users already moved to 2010, each with one problem.
  { tag: 'bad-password', mailbox: 'ny2010', model: 'iphone-ios41', role: 'bad-password' },
  { tag: 'policy', mailbox: 'ny2010', model: 'android-samsung', role: 'provisioning-loop' },
  { tag: 'blocked', mailbox: 'ny2010', model: 'iphone3g-ios3', role: 'blocked' },
  { tag: 'full', mailbox: 'ny2010', model: 'iphone-ios41', role: 'mailbox-full' },
  { tag: 'throttled', mailbox: 'ny2010', model: 'android-htc', role: 'throttled' },
  { tag: 'mbx-down', mailbox: 'ny2010', model: 'ipad-ios32', role: 'server-error' },
  { tag: 'runaway', mailbox: 'ny2010', model: 'iphone-ios40', role: 'runaway', pin: 'NYCAS10A' },
  { tag: 'wm-a', mailbox: 'ny2010', model: 'wm-pocketpc', role: 'healthy', base64: { userTag: true, percentEncoded: true, binaryId: true } },
  { tag: 'wm-b', mailbox: 'ny2010', model: 'wm-smartphone', role: 'healthy', base64: { userTag: false, percentEncoded: false, binaryId: false } },
  { tag: 'wm-c', mailbox: 'ny2010', model: 'wm-smartphone', role: 'healthy', base64: { userTag: true, percentEncoded: false, binaryId: true } },
  // Healthy with one transient 503; the first also carries the torn last line of NYCAS10B.
  { tag: 'transient-a', mailbox: 'ny2010', model: 'iphone-ios41', role: 'healthy', transient503: true, pin: 'NYCAS10B' },
  { tag: 'transient-b', mailbox: 'ny2010', model: 'android-htc', role: 'healthy', transient503: true },
];

/** The cast user whose device ends NYCAS10B's newest file with a torn line. */
export const tornLineTag = 'transient-a';

