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

const known = new Map<string, string>();

/** The protocol of a stem, 'other' when none matches (load-balancer health pages, /). */
export function protocolOfStem(stem: string): string {
  let protocol = known.get(stem);
  if (protocol === undefined) {
    const lower = stem.toLowerCase();
    protocol = protocolsByStem.find(([prefix]) => lower.startsWith(prefix))?.[1] ?? 'other';
    // A log holds a handful of stems; the cap only guards against junk.
    if (known.size < 10_000) known.set((' ' + stem).slice(1), protocol);
  }
  return protocol;
}
