/**
 * Short, fixed-width renderings of numbers and times for table cells. Data times
 * are UTC (IIS logs in UTC): the dashboard shows the data's own clock.
 */

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** 1234 → "1,234"; with `compact`, 12345 → "12.3k", 1234567 → "1.2M". */
export function formatCount(n: number, compact = false): string {
  if (!compact || Math.abs(n) < 10_000) return n.toLocaleString('en-US');
  if (Math.abs(n) < 1_000_000) return `${(n / 1000).toFixed(n < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(n < 100_000_000 ? 1 : 0)}M`;
}

/** part/whole as "56%" ("0%" for an empty whole); below 1% shows "<1%". */
export function formatShare(part: number, whole: number): string {
  if (whole <= 0 || part <= 0) return '0%';
  const share = (part / whole) * 100;
  if (share < 1) return '<1%';
  return `${Math.round(share)}%`;
}

/** Error rate with one decimal: "12.5%". */
export function formatRate(part: number, whole: number): string {
  if (whole <= 0) return '-';
  return `${((part / whole) * 100).toFixed(1)}%`;
}

/** Unix seconds → "2024-03-05 14:32:07Z". */
export function formatDataTime(ts: number | null): string {
  if (ts === null) return '-';
  const d = new Date(ts * 1000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}Z`;
}

/** Unix seconds → "03-05 14:32" (UTC), for narrow "last seen" cells. */
export function formatShortTime(ts: number | null): string {
  if (ts === null) return '-';
  const d = new Date(ts * 1000);
  return `${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** Seconds → "0s", "45s", "12m", "3h05m", "2d04h". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '-';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${pad2(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d${pad2(Math.floor((s % 86_400) / 3600))}h`;
}

/** Bytes → "512 B", "12.3 KB", "4.5 MB", "1.2 GB" (powers of 1024). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Wall-clock ms → "14:32:05" local time (status line only; data times are UTC). */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** The first sentence (or the first `max` characters) of a reason, for table cells. */
export function shortenReason(reason: string, max = 80): string {
  const sentence = /^(.+?[.;:])(\s|$)/.exec(reason)?.[1] ?? reason;
  return sentence.length <= max ? sentence : `${sentence.slice(0, max - 1)}…`;
}

/** Last path segment, for file names in narrow cells (either separator). */
export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/**
 * Breaks `text` into lines of at most `width` code points at spaces (words longer
 * than a line are cut). Existing line breaks are kept.
 */
export function wrapWords(text: string, width: number): string[] {
  const limit = Math.max(1, width);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      let rest = word;
      while (Array.from(rest).length > limit) {
        if (line !== '') {
          lines.push(line);
          line = '';
        }
        const chars = Array.from(rest);
        lines.push(chars.slice(0, limit).join(''));
        rest = chars.slice(limit).join('');
      }
      if (rest === '') continue;
      if (line === '') line = rest;
      else if (Array.from(line).length + 1 + Array.from(rest).length <= limit) line = `${line} ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines;
}
