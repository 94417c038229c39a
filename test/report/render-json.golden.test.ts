import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/render-json.js';
import { emptyModel, reportModel } from './fixtures/model.js';

describe('renderJson', () => {
  it('when given the fixture model then matches the golden file', async () => {
    await expect(renderJson(reportModel)).toMatchFileSnapshot('../golden/report.json');
  });

  it('when given the fixture model then keys follow the contract order and the timeline is left out', () => {
    const doc = JSON.parse(renderJson(reportModel)) as Record<string, unknown> & { devices: Record<string, unknown>[] };
    expect(Object.keys(doc)).toEqual(['generatedAt', 'window', 'summary', 'findings', 'devices']);
    expect(Object.keys(doc.devices[0]!)).toEqual([
      'user', 'deviceId', 'deviceType', 'userAgent', 'verdict', 'failing', 'reason', 'recommendation', 'requests',
      'classes', 'statuses', 'servers', 'proxyTargets', 'firstSeen', 'lastSeen', 'lastSuccess',
    ]);
    expect(Object.keys(doc.devices[0]!.classes as object)).toEqual(['direct', 'proxy', 'redirect']);
  });

  it('when a user agent holds control characters then they survive as JSON escapes, not raw bytes', () => {
    const out = renderJson(reportModel);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(out).toContain('\\u001b]0;pwned\\u0007');
  });

  it('when the model is empty then the document is still complete', async () => {
    await expect(renderJson(emptyModel)).toMatchFileSnapshot('../golden/report-empty.json');
  });
});
