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

/** The protocol of a stem, 'other' when none matches (load-balancer health pages, /). */
export function protocolOfStem(stem: string): string {
  const lower = stem.toLowerCase();
  for (const [prefix, protocol] of protocolsByStem) if (lower.startsWith(prefix)) return protocol;
  return 'other';
}
