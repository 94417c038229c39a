import { describe, expect, test } from 'vitest';
import { renderSnapshot, type SnapshotInput } from '../../src/report/render-snapshot.js';
import type { ReportModel } from '../../src/report/report-model.js';
import { reportModel } from './fixtures/model.js';

const command = `Set-ActiveSyncVirtualDirectory -Identity "CAS07-NY\\Microsoft-Server-ActiveSync (Default Web Site)" -ExternalUrl $null`;
const longReason =
  '412 × HTTP 451 from CAS10-NY since 2011-03-12 14:02 UTC and no success since; the device (iPhone, EAS 14.1) advertises ' +
  'redirect support, so the 2010 CAS redirects it to https://mail07.contoso.com/Microsoft-Server-ActiveSync instead of proxying.';

const model: ReportModel = {
  ...reportModel,
  devices: reportModel.devices.map((d) => (d.user === 'alice' ? { ...d, reason: longReason } : d)),
};

function snapshot(width?: number): string {
  const input: SnapshotInput = {
    model,
    overview: {
      header: { now: 1_300_093_140, requests: 3000, devices: 6, failingDevices: 4, rejectedLines: 0, files: 2 },
      matrix: [],
      servers: [],
    },
    paths: ['/logs'],
    problems: [],
    width,
  };
  return renderSnapshot(input);
}

/** The lines of the block starting with `label` in alice's entry, joined back into one text. */
function joinedBlock(text: string, label: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l, i) => l.startsWith(`    ${label}`) && lines.slice(0, i).some((p) => p.startsWith('  alice ·')));
  const out = [lines[start]!.slice(4 + label.length)];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith(' '.repeat(4 + label.length))) break;
    out.push(line.trim());
  }
  return out.join(' ');
}

describe('renderSnapshot', () => {
  test.each([60, 80, 100])('when written %i columns wide then reasons and fixes wrap with a hanging indent and nothing is cut', (width) => {
    const text = snapshot(width);
    expect(joinedBlock(text, 'Reason: ')).toBe(longReason);
    expect(joinedBlock(text, 'Fix:    ')).toBe(model.devices[0]!.recommendation);
    // The Exchange command is whole on one line. Only a line holding one unbreakable word (a
    // command, a long URL) may run past the width.
    expect(text).toContain(`            ${command}`);
    const unbreakable = (line: string): boolean => !line.trim().includes(' ') || /^[A-Z][a-z]+-[A-Z]\S+ /.test(line.trim());
    const reasonAndFixLines = text.split('\n').filter((l) => /^ {4}(Reason|Fix)|^ {9,}\S/.test(l));
    for (const line of reasonAndFixLines) if (!unbreakable(line)) expect(line.length, line).toBeLessThanOrEqual(width);
  });

  test('when no width is given then it wraps at 100 columns', () => {
    const lines = snapshot().split('\n');
    expect(lines.find((l) => l.startsWith('    Reason: 412'))?.length).toBeLessThanOrEqual(100);
    expect(lines.find((l) => l.startsWith('    Reason: 412'))?.length).toBeGreaterThan(80);
  });
});

describe('renderSnapshot problems', () => {
  test('when some files are not logs then they are named on one line, and real problems keep a line each', () => {
    const text = renderSnapshot({
      model,
      overview: { header: { now: 1_300_093_140, requests: 0, devices: 0, failingDevices: 0, rejectedLines: 0, files: 0 }, matrix: [], servers: [] },
      paths: ['/logs'],
      problems: [
        'skipped /logs/readme.txt: not a W3C log (no #Fields in the first 64 KiB)',
        'cannot read /logs/CAS2: EACCES',
        'skipped /logs/expected.json: not a W3C log (no #Fields in the first 64 KiB)',
      ],
    });
    expect(text.split('\n').slice(2, 4)).toEqual([
      'Problem: cannot read /logs/CAS2: EACCES',
      'Skipped 2 files that are not W3C logs: /logs/readme.txt, /logs/expected.json',
    ]);
  });
});
