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
const ldapLatencies = [0, 0, 15, 16] as const;

/** Sync's folder elements (Fid, Ty, Filt, St, Sk and sometimes Svr change counts). */
function syncElements(rng: Rng): string {
  const text = `_Fid:${rng.int(1, 40)}_Ty:${rng.pick(folderTypes)}_Filt${rng.int(1, 5)}_St:S_Sk:${rng.int(1, 2_000_000_000)}`;
  return rng.chance(0.4) ? `${text}_Svr:${rng.int(1, 6)}A0C0D0F0E` : text;
}

// Built by string concatenation, not arrays: the benchmark log calls this a million times.
function build2010(rng: Rng, input: LogInput): string {
  let log = input.cmd === null ? 'V0' : `V${input.protocol}`;
  if (input.redirectTo !== undefined) {
    // F3's order: the redirect target first, then the few elements Exchange had time to write.
    log += `_RdirTo:${encodeUrl(input.redirectTo)}_LdapC${rng.int(1, 3)}_LdapL${rng.int(0, 16)}_Error:MisconfiguredDevice`;
    return `${log}_Dc:${rng.pick(domainControllers)}_Throttle0_`;
  }
  if (input.cmd !== null) log += `_Sst${rng.int(1, 30)}`;
  log += `_LdapC${rng.int(0, 4)}_LdapL${rng.pick(ldapLatencies)}`;
  const served = input.proxyTo === undefined;
  if (served && input.cmd !== null) log += `_RpcC${rng.int(4, 40)}_RpcL${rng.int(0, 90)}`;
  if (served && input.cmd === 'Ping' && input.heartbeat !== undefined) {
    log += `_Hb${input.heartbeat}_${input.pingChanged === true ? 'S2' : 'S1'}_Rto${rng.int(1, 3)}`;
  }
  if (served && input.cmd === 'Sync' && input.error === undefined) log += syncElements(rng);
  if (input.cmd !== null) log += `_Cpo${rng.int(15, 700)}_Fet${Math.max(0, input.timeTaken - rng.int(0, 25))}`;
  if (input.tokens !== undefined) for (const token of input.tokens) log += `_${token}`;
  if (input.error !== undefined) log += `_Error:${input.error}`;
  if (input.proxyTo !== undefined) log += `_PrxTo:${input.proxyTo}`;
  if (input.mailboxServer !== undefined) log += `_Mbx:${input.mailboxServer}`;
  log += `_Dc:${rng.pick(domainControllers)}_Throttle0`;
  if (input.budget === true || rng.chance(0.05)) log += `_${budgetElement(rng)}`;
  return log + '_';
}

function build2007(rng: Rng, input: LogInput): string {
  let log = input.cmd === null ? 'V0' : `V${input.protocol}`;
  if (input.cmd === 'Sync') log += `_Ty:${rng.pick(folderTypes)}_Filt${rng.int(1, 5)}_St:S_Sk:${rng.int(1, 2_000_000_000)}`;
  if (input.cmd === 'Ping' && input.heartbeat !== undefined) log += `_Hb${input.heartbeat}_${input.pingChanged === true ? 'S2' : 'S1'}`;
  log += `_LdapC${rng.int(0, 3)}_LdapL${rng.pick(ldapLatencies)}`;
  if (input.cmd !== null) log += `_RpcC${rng.int(4, 30)}_RpcL${rng.int(0, 60)}`;
  if (input.error !== undefined) log += `_Error:${input.error}`;
  return log + '_';
}

/** The Log= value, percent-escaped as Exchange writes it. */
export function buildLogData(rng: Rng, input: LogInput): string {
  return input.dialect === '2010' ? build2010(rng, input) : build2007(rng, input);
}
