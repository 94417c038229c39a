import { requestClasses, type RequestClass } from '../activesync/request-class.js';
import { escapeHtml } from './html-escape.js';
import type { TimelinePoint } from './report-model.js';
import { formatUtc } from './report-text.js';

/** Bar colours per class; the page's legend and badges use the same values. */
export const classColours: Record<RequestClass, string> = {
  direct: '#2e7d32',
  proxy: '#1565c0',
  redirect: '#ef6c00',
};

const width = 1000;
const height = 260;
const margin = { top: 12, right: 12, bottom: 30, left: 56 };

/**
 * Draws the timeline as an inline SVG of stacked bars (direct at the bottom, then
 * proxy, then redirect), one bar per bucket placed by its time, so gaps in the
 * traffic show as gaps. Each bar carries a <title> tooltip with its counts.
 * Returns '' for an empty timeline.
 */
export function renderTimelineSvg(timeline: TimelinePoint[]): string {
  const parsed = timeline
    .map((p) => ({ ...p, ms: Date.parse(p.t) }))
    .filter((p) => !Number.isNaN(p.ms))
    .sort((a, b) => a.ms - b.ms);
  if (parsed.length === 0) return '';
  const { points, bucketMs } = mergeBuckets(parsed, smallestStep(parsed.map((p) => p.ms)));
  const start = points[0]!.ms;
  const end = points[points.length - 1]!.ms + bucketMs;
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const x = (ms: number): number => margin.left + ((ms - start) / (end - start)) * plotW;
  const { max, step } = niceScale(Math.max(...points.map((p) => p.direct + p.proxy + p.redirect)));
  const y = (v: number): number => margin.top + plotH - (v / max) * plotH;

  const out: string[] = [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title" preserveAspectRatio="xMidYMid meet">`,
    '<title id="chart-title">Requests per time bucket by class: direct, proxy, redirect</title>',
    '<g class="grid">',
  ];
  for (let v = 0; v <= max; v += step) {
    out.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${fmt(y(v))}" y2="${fmt(y(v))}"/>`,
      `<text class="tick" x="${margin.left - 8}" y="${fmt(y(v) + 4)}" text-anchor="end">${compact(v)}</text>`,
    );
  }
  out.push('</g>', '<g class="bars">');
  const barW = Math.max(1, x(start + bucketMs) - x(start));
  const gap = barW > 4 ? 1 : 0;
  for (const p of points) {
    const left = fmt(x(p.ms) + gap / 2);
    const label = `${formatUtc(p.t)} UTC: ${requestClasses.map((c) => `${c} ${p[c].toLocaleString('en-US')}`).join(', ')}`;
    out.push(`<g><title>${escapeHtml(label)}</title>`);
    let base = 0;
    for (const c of requestClasses) {
      if (p[c] > 0) {
        out.push(`<rect x="${left}" y="${fmt(y(base + p[c]))}" width="${fmt(barW - gap)}" height="${fmt(y(base) - y(base + p[c]))}" fill="${classColours[c]}"/>`);
      }
      base += p[c];
    }
    out.push('</g>');
  }
  out.push('</g>', '<g class="axis">');
  out.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${fmt(y(0))}" y2="${fmt(y(0))}"/>`);
  for (const tick of timeTicks(start, end)) {
    const tx = x(tick.ms);
    const anchor = tx > width - margin.right - 40 ? 'end' : 'middle';
    out.push(`<line x1="${fmt(tx)}" x2="${fmt(tx)}" y1="${fmt(y(0))}" y2="${fmt(y(0) + 5)}"/>`);
    out.push(`<text class="tick" x="${fmt(tx)}" y="${height - 8}" text-anchor="${anchor}">${escapeHtml(tick.label)}</text>`);
  }
  out.push('</g>', '</svg>');
  return out.join('\n');
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const tickSteps = [minute, 5 * minute, 15 * minute, 30 * minute, hour, 3 * hour, 6 * hour, 12 * hour, day, 2 * day, 7 * day, 14 * day, 28 * day];

/**
 * X-axis ticks on round UTC times (whole hours, midnights, …), at most about eight,
 * between `start` and `end`. Labels show the date, and the time when ticks fall
 * within a day.
 */
function timeTicks(start: number, end: number): { ms: number; label: string }[] {
  const step = tickSteps.find((s) => (end - start) / s <= 8) ?? Math.ceil((end - start) / 8 / day) * day;
  const ticks: { ms: number; label: string }[] = [];
  for (let ms = Math.ceil(start / step) * step; ms <= end; ms += step) {
    const iso = new Date(ms).toISOString();
    ticks.push({ ms, label: step >= day ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}` });
  }
  return ticks;
}

type ChartPoint = TimelinePoint & { ms: number };

/** Most bars drawn; finer timelines are summed into coarser buckets so a bar stays a few pixels wide. */
const maxBars = 240;

/**
 * Sums points into buckets of a round size (a multiple of `bucketMs`, aligned to UTC)
 * when the window holds more than maxBars buckets; otherwise returns them as they are.
 */
function mergeBuckets(points: ChartPoint[], bucketMs: number): { points: ChartPoint[]; bucketMs: number } {
  const span = points[points.length - 1]!.ms + bucketMs - points[0]!.ms;
  if (span / bucketMs <= maxBars) return { points, bucketMs };
  const size = tickSteps.find((s) => s >= bucketMs && s % bucketMs === 0 && span / s <= maxBars) ?? Math.ceil(span / maxBars / day) * day;
  const merged = new Map<number, ChartPoint>();
  for (const p of points) {
    const ms = Math.floor(p.ms / size) * size;
    const bucket = merged.get(ms) ?? { t: new Date(ms).toISOString(), ms, direct: 0, proxy: 0, redirect: 0 };
    for (const c of requestClasses) bucket[c] += p[c];
    merged.set(ms, bucket);
  }
  return { points: [...merged.values()], bucketMs: size };
}

/** The bucket size: the smallest gap between two points (one hour for a single point). */
function smallestStep(times: number[]): number {
  let step = Infinity;
  for (let i = 1; i < times.length; i++) {
    const d = times[i]! - times[i - 1]!;
    if (d > 0 && d < step) step = d;
  }
  return Number.isFinite(step) ? step : 3_600_000;
}

/** A y-axis top and tick step on 1/2/5 × 10^n, about five ticks. */
function niceScale(top: number): { max: number; step: number } {
  if (top <= 0) return { max: 1, step: 1 };
  const raw = top / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  // Requests are whole numbers: never a fractional tick.
  const step = Math.max(1, ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude);
  return { max: Math.ceil(top / step) * step, step };
}

function compact(v: number): string {
  if (v >= 1_000_000) return `${+(v / 1_000_000).toFixed(1)}M`;
  if (v >= 1_000) return `${+(v / 1_000).toFixed(1)}k`;
  return String(v);
}

function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}
