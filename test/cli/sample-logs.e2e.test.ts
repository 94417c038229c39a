import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

interface ExpectedDevice { user: string; deviceId: string; deviceType: string; verdict: string }
const sampleLogs = join(import.meta.dirname, '..', '..', 'sample-logs');
const key = (d: ExpectedDevice): string => `${d.user}\t${d.deviceId}\t${d.deviceType}\t${d.verdict}`;

describe('the bundled sample-logs/ migration', () => {
  it('when ingested and reported with --all then every device gets the verdict the scenario expects', () => {
    const db = join(tempDir(), 'sample.db');
    const ingest = runCli(['ingest', sampleLogs, '--db', db, '--json']);
    expect(ingest.status).toBe(0);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ rejected: 0 });
    const report = runCli(['report', '--db', db, '--format', 'json', '--all']);
    expect(report.status).toBe(0);
    const actual = (JSON.parse(report.stdout) as { devices: ExpectedDevice[] }).devices.map(key).sort();
    const expected = (JSON.parse(readFileSync(join(sampleLogs, 'expected.json'), 'utf8')) as { devices: ExpectedDevice[] }).devices.map(key).sort();
    expect(actual).toEqual(expected);
  });

  it('when the failing report is asked for scripts then it exits 3 and names the ExternalURL fix', () => {
    const db = join(tempDir(), 'sample.db');
    runCli(['ingest', sampleLogs, '--db', db, '--quiet']);
    const report = runCli(['report', '--db', db, '--format', 'md', '--fail-on-failing']);
    expect(report.status).toBe(3);
    expect(report.stdout).toMatch(/Set-ActiveSyncVirtualDirectory -Identity 'newyork07\\Microsoft-Server-ActiveSync \(Default Web Site\)' -ExternalUrl \$null/);
  });

  it('when the runaway limit is raised above the busiest device then no device is a runaway', () => {
    const db = join(tempDir(), 'sample.db');
    runCli(['ingest', sampleLogs, '--db', db, '--quiet']);
    const byVerdict = (args: string[]) => (JSON.parse(runCli(['report', '--db', db, '--format', 'json', ...args]).stdout) as { summary: { byVerdict: Record<string, number> } }).summary.byVerdict;
    expect(byVerdict([]).runaway).toBe(1);
    expect(byVerdict(['--runaway-per-day', '10000']).runaway).toBeUndefined();
  });
});
