/** What one simulation run is asked for, and the time frame derived from it. */
export interface SimulationOptions {
  /** UTC days of logs. */
  days: number;
  /** Mailbox users in total: the fixed cast plus healthy background users (at least the cast). */
  users: number;
  seed: number;
  /** First day, YYYY-MM-DD, UTC. */
  start: string;
}

export const defaultOptions: SimulationOptions = { days: 2, users: 300, seed: 42, start: '2010-10-04' };

export const msPerMinute = 60_000;
export const msPerHour = 3_600_000;
export const msPerDay = 86_400_000;

export interface Timeline {
  startMs: number;
  /** Exclusive: nothing completes at or after it. */
  endMs: number;
  days: number;
  /** When the admin clears ExternalURL on the NY 2007 CAS: the middle of the period. */
  fixMs: number;
}

/** Parses YYYY-MM-DD as UTC midnight; null when it is not a real date. */
export function parseStartDate(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().slice(0, 10) === text ? ms : null;
}

export function createTimeline(options: SimulationOptions): Timeline {
  const startMs = parseStartDate(options.start);
  if (startMs === null) throw new Error(`not a YYYY-MM-DD date: ${options.start}`);
  const endMs = startMs + options.days * msPerDay;
  return { startMs, endMs, days: options.days, fixMs: startMs + (options.days * msPerDay) / 2 };
}

/** The command line that reproduces a run (no output path: it must not change the bytes). */
export function describeOptions(options: SimulationOptions): string {
  return `npm run simulate -- --days ${options.days} --users ${options.users} --seed ${options.seed} --start ${options.start}`;
}
