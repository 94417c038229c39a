import { describe, expect, it } from 'vitest';
import { renderTimelineSvg } from '../../src/report/html-chart.js';
import type { TimelinePoint } from '../../src/report/report-model.js';

/** [direct, proxy, redirect] of every bar, read back from the bars' tooltips. */
function bars(svg: string): number[][] {
  return [...svg.matchAll(/<title>[^<]*: direct ([\d,]+), proxy ([\d,]+), redirect ([\d,]+)<\/title>/g)].map((m) =>
    [m[1]!, m[2]!, m[3]!].map((n) => Number(n.replace(/,/g, ''))),
  );
}

describe('renderTimelineSvg', () => {
  it('when the timeline has one point per minute over three days then bars are merged into round buckets and no request is lost', () => {
    const start = Date.UTC(2010, 9, 4);
    const timeline: TimelinePoint[] = Array.from({ length: 3 * 24 * 60 }, (_, i) => ({
      t: new Date(start + i * 60_000).toISOString(),
      direct: i % 3,
      proxy: i % 2,
      redirect: i % 7 === 0 ? 1 : 0,
    }));
    const drawn = bars(renderTimelineSvg(timeline));
    expect(drawn.length).toBeLessThanOrEqual(240);
    expect(drawn.length).toBe(72 * 2);
    const sum = (k: 0 | 1 | 2): number => drawn.reduce((s, b) => s + b[k]!, 0);
    expect([sum(0), sum(1), sum(2)]).toEqual(
      (['direct', 'proxy', 'redirect'] as const).map((c) => timeline.reduce((s, p) => s + p[c], 0)),
    );
    expect(renderTimelineSvg(timeline)).toContain('<title>2010-10-04 00:30 UTC:');
  });

  it('when the timeline is empty or has bad times then nothing is drawn', () => {
    expect(renderTimelineSvg([])).toBe('');
    expect(renderTimelineSvg([{ t: '<script>', direct: 1, proxy: 0, redirect: 0 }])).toBe('');
  });
});
