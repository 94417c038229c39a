/**
 * Builds the `&Log=` value Exchange appends to the query (domain.md 3), in the
 * 2010 dialect (numbers glued to names, Mbx:/Dc:/Throttle/Budget) or the sparser
 * 2007 one. Elements joined with '_' and a trailing '_', as real lines end.
 */
import type { EasCommand } from './base64-query.js';
import type { Rng } from './prng.js';
import { domainControllers } from './scenario.js';

export interface LogInput {
  dialect: '2010' | '2007';
  protocol: number;
  /** null: OPTIONS, logged as V0 (E1). */
  cmd: EasCommand | null;
  timeTaken: number;
  heartbeat?: number;
  pingChanged?: boolean;
  error?: string;
  tokens?: readonly string[];
  /** PrxTo: host: the CAS proxied the request. */
  proxyTo?: string;
  /** RdirTo: URL, unencoded: the CAS answered 451. */
  redirectTo?: string;
  /** Mbx: only when this CAS served the mailbox itself. */
  mailboxServer?: string;
  budget?: boolean;
}

/** Exchange escapes ':' and '/' in RdirTo: with lowercase hex (F3). */
const encodeUrl = (url: string): string => url.replace(/[:/]/g, (c) => (c === ':' ? '%3a' : '%2f'));

/** A 2010 throttling budget; `_` inside it is written %5F so the element stays one piece (domain.md 3.1). */
function budgetElement(rng: Rng): string {
  return (
    `Budget:(D)Conn%3a${rng.int(1, 3)}%2cHangingConn%3a0%2cAD%3a%24null%2f%24null%2f${rng.int(0, 2)}%25` +
    `%2cCAS%3a%24null%2f%24null%2f${rng.int(0, 9)}%25%2cAB%3a%24null%2f%24null%2f0%25` +
    `%2cRPC%3a%24null%2f%24null%2f${rng.int(0, 9)}%25%2cFC%3a1000%2f0` +
    '%2cPolicy%3aDefaultThrottlingPolicy%5F3006a3a1-0211-447a-99f5-6c0ab8e33c84%2cNorm'
  );
}

const folderTypes = ['Em', 'Em', 'Em', 'Ca', 'Co', 'Ta'] as const;

/** Sync's folder elements (Fid, Ty, Filt, St, Sk and sometimes Svr change counts). */
function syncElements(rng: Rng, out: string[]): void {
  out.push(`Fid:${rng.int(1, 40)}`, `Ty:${rng.pick(folderTypes)}`, `Filt${rng.int(1, 5)}`, 'St:S', `Sk:${rng.int(1, 2_000_000_000)}`);
  if (rng.chance(0.4)) out.push(`Svr:${rng.int(1, 6)}A0C0D0F0E`);
}

function build2010(rng: Rng, input: LogInput): string {
  const out = [input.cmd === null ? 'V0' : `V${input.protocol}`];
  if (input.redirectTo !== undefined) {
    // F3's order: the redirect target first, then the few elements Exchange had time to write.
    out.push(`RdirTo:${encodeUrl(input.redirectTo)}`, `LdapC${rng.int(1, 3)}`, `LdapL${rng.int(0, 16)}`, 'Error:MisconfiguredDevice');
    out.push(`Dc:${rng.pick(domainControllers)}`, 'Throttle0');
    return out.join('_') + '_';
  }
  if (input.cmd !== null) out.push(`Sst${rng.int(1, 30)}`);
  out.push(`LdapC${rng.int(0, 4)}`, `LdapL${rng.pick([0, 0, 15, 16])}`);
  const served = input.proxyTo === undefined;
  if (served && input.cmd !== null) out.push(`RpcC${rng.int(4, 40)}`, `RpcL${rng.int(0, 90)}`);
  if (served && input.cmd === 'Ping' && input.heartbeat !== undefined) {
    out.push(`Hb${input.heartbeat}`, input.pingChanged === true ? 'S2' : 'S1', `Rto${rng.int(1, 3)}`);
  }
  if (served && input.cmd === 'Sync' && input.error === undefined) syncElements(rng, out);
  if (input.cmd !== null) out.push(`Cpo${rng.int(15, 700)}`, `Fet${Math.max(0, input.timeTaken - rng.int(0, 25))}`);
  if (input.tokens !== undefined) out.push(...input.tokens);
  if (input.error !== undefined) out.push(`Error:${input.error}`);
  if (input.proxyTo !== undefined) out.push(`PrxTo:${input.proxyTo}`);
  if (input.mailboxServer !== undefined) out.push(`Mbx:${input.mailboxServer}`);
  out.push(`Dc:${rng.pick(domainControllers)}`, 'Throttle0');
  if (input.budget === true || rng.chance(0.05)) out.push(budgetElement(rng));
  return out.join('_') + '_';
}

function build2007(rng: Rng, input: LogInput): string {
  const out = [input.cmd === null ? 'V0' : `V${input.protocol}`];
  if (input.cmd === 'Sync') out.push(`Ty:${rng.pick(folderTypes)}`, `Filt${rng.int(1, 5)}`, 'St:S', `Sk:${rng.int(1, 2_000_000_000)}`);
  if (input.cmd === 'Ping' && input.heartbeat !== undefined) out.push(`Hb${input.heartbeat}`, input.pingChanged === true ? 'S2' : 'S1');
  out.push(`LdapC${rng.int(0, 3)}`, `LdapL${rng.pick([0, 0, 15])}`);
  if (input.cmd !== null) out.push(`RpcC${rng.int(4, 30)}`, `RpcL${rng.int(0, 60)}`);
  if (input.error !== undefined) out.push(`Error:${input.error}`);
  return out.join('_') + '_';
}

/** The Log= value, percent-escaped as Exchange writes it. */
export function buildLogData(rng: Rng, input: LogInput): string {
  return input.dialect === '2010' ? build2010(rng, input) : build2007(rng, input);
}
