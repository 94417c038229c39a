import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/report/report-model.js';
import { renderHtml } from '../../src/report/render-html.js';
import { toJsonReport } from '../../src/report/render-json.js';
import { devices, emptyModel, reportModel } from './fixtures/model.js';

const hostileModel: ReportModel = {
  ...reportModel,
  findings: [
    {
      id: 'hostile',
      severity: 'warning',
      title: '<b>bold</b> title',
      detail: 'detail with </script><script>alert(2)</script>',
      recommendation: 'Run Set-Thing -Name "</pre><script>alert(3)</script>"',
      table: { columns: ['<i>col</i>'], rows: [['<img src=x onerror=alert(4)>']] },
    },
  ],
  devices: [
    {
      ...devices[0]!,
      user: '<img src=x onerror=alert(1)>',
      deviceId: '" onmouseover="alert(5)" x="',
      deviceType: "' onfocus='alert(6)",
      userAgent: '</script><script>alert(1)</script>',
      reason: 'line\u2028separator\u2029and <!-- comment & </SCRIPT >',
      servers: ['<svg onload=alert(7)>'],
      proxyTargets: ['javascript:alert(8)'],
    },
  ],
};

/** The text between <script ...> and </script> of every script element. */
function scripts(html: string): { attrs: string; body: string }[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)].map((m) => ({ attrs: m[1]!, body: m[2]! }));
}

describe('renderHtml', () => {
  it('when given the fixture model then matches the golden file', async () => {
    await expect(renderHtml(reportModel)).toMatchFileSnapshot('../golden/report.html');
  });

  it('when the model is empty then the page still renders with empty states', async () => {
    await expect(renderHtml(emptyModel)).toMatchFileSnapshot('../golden/report-empty.html');
  });

  it('when log text tries to close the script element then the page still has exactly two scripts', () => {
    const html = renderHtml(hostileModel);
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    const [data, code] = scripts(html);
    expect(data!.attrs).toBe(' type="application/json" id="report-data"');
    expect(code!.attrs).toBe('');
    expect(data!.body).not.toMatch(/[<>&\u2028\u2029]/);
  });

  it('when the data block is parsed then it gives back the hostile strings exactly', () => {
    const [data] = scripts(renderHtml(hostileModel));
    expect(JSON.parse(data!.body)).toEqual(toJsonReport(hostileModel));
  });

  it('when log text holds markup or quotes then it is escaped in text and attributes', () => {
    // The data block is checked above; quotes inside it are JSON's, not attributes.
    const html = renderHtml(hostileModel).replace(/<script type="application\/json"[^>]*>[^<]*<\/script>/, '');
    for (const raw of ['<img', '<svg onload', '<b>bold', '<i>col', '" onmouseover=', "' onfocus=", '<!-- comment', 'alert(3)</script>']) {
      expect(html).not.toContain(raw);
    }
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot; onmouseover=&quot;alert(5)&quot; x=&quot;');
    expect(html).toContain('&#39; onfocus=&#39;alert(6)');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/href=|src=["']?(?:https?:|javascript:)/i);
  });

  it('when rendered then it loads nothing from the network and its CSP allows only its own style and script', () => {
    const html = renderHtml(reportModel);
    expect(html).not.toMatch(/\b(?:src|href)\s*=/i);
    expect(html).not.toMatch(/@import|url\(/i);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const code = scripts(html)[1]!.body;
    const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(csp).toContain(`script-src ${hash(code)}`);
  });
});
