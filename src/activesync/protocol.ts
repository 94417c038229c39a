import { detach } from '../text/detach.js';

/** Which Exchange service a request stem belongs to; first prefix match wins, compared lowercase. */
export const protocolsByStem: ReadonlyArray<readonly [prefix: string, protocol: string]> = [
  ['/microsoft-server-activesync', 'activesync'],
  ['/owa', 'owa'],
  ['/ews', 'ews'],
  ['/autodiscover', 'autodiscover'],
  ['/rpc', 'rpc'],
  ['/mapi', 'mapi'],
  ['/oab', 'oab'],
  ['/ecp', 'ecp'],
  ['/powershell', 'powershell'],
];

/** What a request stem says: the service, and whether it is the receiving side of a CAS proxy. */
export interface StemInfo {
  protocol: string;
  /** Exchange 2013+ back ends log proxied requests under `/Microsoft-Server-ActiveSync/Proxy/`. */
  proxied: boolean;
}

/** Stems seen, each with its own (detached) copy of the stem for the last-stem comparison. */
const known = new Map<string, { stem: string; info: StemInfo }>();
/** Consecutive lines mostly share a stem: comparing it with the last one is cheaper than hashing it. */
let last: { stem: string; info: StemInfo } | null = null;

/** The protocol ('other' when no prefix matches: health pages, /) and proxy flag of a stem, cached per stem. */
export function readStem(stem: string): StemInfo {
  if (last !== null && stem === last.stem) return last.info;
  let entry = known.get(stem);
  if (entry === undefined) {
    const lower = stem.toLowerCase();
    const info = { protocol: protocolsByStem.find(([prefix]) => lower.startsWith(prefix))?.[1] ?? 'other', proxied: lower.includes('/proxy') };
    entry = { stem: detach(stem), info };
    // A log holds a handful of stems; the cap only guards against junk.
    if (known.size < 10_000) known.set(entry.stem, entry);
  }
  last = entry;
  return entry.info;
}
