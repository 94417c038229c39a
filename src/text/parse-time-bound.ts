const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Seconds east of UTC for `Z`, `+02:00`, `-0530`; 0 when absent (IIS logs are UTC). */
function offsetSeconds(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4)) * 60);
}

/**
 * Reads a time bound given on the command line as Unix seconds (`1709251200`) or an ISO
 * 8601 date or date-time (`2024-03-01`, `2024-03-01T08:00`, `2024-03-01 08:00:00Z`,
 * `2024-03-01T10:00+02:00`). Without a zone the time is UTC, like the logs. A bare date
 * is the start of that day for `since` and its last second for `until`, so both bounds
 * are inclusive: `since=2024-03-01 until=2024-03-01` is that whole day.
 *
 * Returns Unix seconds, or undefined when `text` is neither form (or not a real date).
 */
export function parseTimeBound(text: string, bound: 'since' | 'until'): number | undefined {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  const match = isoPattern.exec(trimmed);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, zone] = match;
  const parts = [y, mo, d, h ?? '0', mi ?? '0', s ?? '0'].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = parts;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  const valid =
    check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day &&
    hour < 24 && minute < 60 && second < 60;
  if (!valid) return undefined;
  const seconds = ms / 1000 - offsetSeconds(zone);
  return h === undefined && bound === 'until' ? seconds + 86_399 : seconds;
}
