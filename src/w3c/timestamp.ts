/** A digit's value, NaN for any other character (so "1/" is no hour). */
const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
};
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

let cachedDate = '';
let cachedDay = Number.NaN;

/** `YYYY-MM-DD` to Unix seconds at 00:00 UTC, NaN when malformed. */
function parseDate(date: string): number {
  if (date === cachedDate) return cachedDay;
  let day = Number.NaN;
  if (date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45) {
    const year = two(date, 0) * 100 + two(date, 2);
    const month = two(date, 5);
    const dom = two(date, 8);
    const ms = Date.UTC(year, month - 1, dom);
    // Date.UTC rolls 2010-02-31 over into March: a date that does not round-trip is no date.
    if (year >= 1990 && year <= 2200 && month >= 1 && month <= 12 && dom >= 1 && new Date(ms).getUTCDate() === dom) {
      day = ms / 1000;
    }
  }
  cachedDate = date;
  cachedDay = day;
  return day;
}

/**
 * IIS `date` + `time` (always UTC, domain.md 1.2) to Unix seconds; NaN when
 * either is malformed. The date part is cached: a file holds one or two dates,
 * so this costs a few char reads per line.
 */
export function parseTimestamp(date: string, time: string): number {
  const day = parseDate(date);
  if (Number.isNaN(day) || time.length < 8 || time.charCodeAt(2) !== 58 || time.charCodeAt(5) !== 58) return Number.NaN;
  const h = two(time, 0);
  const m = two(time, 3);
  const s = two(time, 6);
  if (!(h >= 0 && h < 24 && m >= 0 && m < 60 && s >= 0 && s < 61)) return Number.NaN;
  return day + h * 3600 + m * 60 + s;
}
