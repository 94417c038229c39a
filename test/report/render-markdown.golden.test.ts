import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/report/report-model.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { devices, emptyModel, reportModel } from './fixtures/model.js';

/** The cells of each markdown table row, split on unescaped pipes as GFM does. */
function tableRows(md: string): string[][] {
  return md
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.slice(1, -1).split(/(?<!\\)\|/));
}

describe('renderMarkdown', () => {
  it('when given the fixture model then matches the golden file', async () => {
    await expect(renderMarkdown(reportModel)).toMatchFileSnapshot('../golden/report.md');
  });

  it('when the model is empty then says so instead of printing empty tables', async () => {
    await expect(renderMarkdown(emptyModel)).toMatchFileSnapshot('../golden/report-empty.md');
  });

  it('when a cell holds a pipe then it is escaped and every row keeps its column count', () => {
    const md = renderMarkdown(reportModel);
    expect(md).toContain('iPad\\|Tablet');
    const tables = md.split(/\n\n/).filter((block) => block.startsWith('|'));
    expect(tables.length).toBeGreaterThan(2);
    for (const table of tables) {
      const rows = tableRows(table);
      for (const row of rows) expect(row.length).toBe(rows[0]!.length);
    }
  });

  it('when log text holds control characters, HTML or markdown then none of it survives as markup', () => {
    const hostile: ReportModel = {
      ...emptyModel,
      summary: { devices: 1, failing: 1, byVerdict: { unknown: 1 } },
      devices: [
        {
          ...devices[0]!,
          verdict: 'unknown',
          user: '<img src=x onerror=alert(1)>',
          deviceType: '![pixel](http://evil.example/p.png) [click](http://evil.example) *bold* | extra',
          deviceId: 'id`with`ticks|pipe',
          reason: 'line one\nline two\u001b[2J\u009b31m end',
          recommendation: 'do x\u0007',
        },
      ],
    };
    const md = renderMarkdown(hostile);
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(md).not.toMatch(/(?<!\\)<img/);
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(md).not.toMatch(/!\[pixel\]/);
    expect(md).toContain('!\\[pixel\\](http://evil.example/p.png)');
    expect(md).toContain('``id`with`ticks\\|pipe``');
    expect(md).toContain('line one line two\\[2J31m end');
    const deviceRows = tableRows(md.slice(md.indexOf('## Failing devices')));
    for (const row of deviceRows) expect(row.length).toBe(deviceRows[0]!.length);
  });

  it('when a recommendation names a cmdlet then the command is in a powershell code block', () => {
    const md = renderMarkdown(reportModel);
    expect(md).toContain(
      '```powershell\nSet-ActiveSyncVirtualDirectory -Identity "CAS07-NY\\Microsoft-Server-ActiveSync (Default Web Site)" -ExternalUrl $null\n```',
    );
  });
});
