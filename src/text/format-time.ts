/**
 * Unix seconds (UTC, as IIS logs them) to text. Times stay UTC all the way to the reader:
 * IIS, Export-ActiveSyncLog -UseGMT and the reports all speak UTC, so converting would only
 * make the evidence disagree with the logs.
 */

/** ISO 8601 UTC without milliseconds, e.g. "2010-10-05T07:12:00Z": the JSON/CSV contract. */
export function toIso(unixSeconds: number): string {
  // Facts are whole seconds; the ".000" would only add noise to every exported row.
  return new Date(Math.floor(unixSeconds) * 1000).toISOString().replace('.000Z', 'Z');
}

/** "YYYY-MM-DD HH:MM UTC", e.g. "2010-10-05 07:12 UTC": the precision reasons and findings quote. */
export function formatUtcMinute(unixSeconds: number): string {
  return `${toIso(unixSeconds).slice(0, 16).replace('T', ' ')} UTC`;
}
