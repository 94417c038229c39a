import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { chooseFormat, parseTimeOption, registerReportCommand, runReport, type ReportIo } from '../../cli/commands/report.js';
import type { ReportOptions } from '../../src/report/report-options.js';
import type { Db } from '../../src/store/open-database.js';
import { emptyModel, reportModel } from './fixtures/model.js';
import { userErrorOf } from '../helpers/user-error.js';

/** A fake world for runReport: records what it was asked and what it wrote. */
function fakeIo(model = reportModel) {
  const seen = { opened: '', closed: false, built: {} as ReportOptions, stdout: '', stderr: '', files: {} as Record<string, string>, exitCode: 0 };
  const io: ReportIo = {
    open: (path) => {
      seen.opened = path;
      return { close: () => (seen.closed = true) } as unknown as Db;
    },
    build: (_db, options) => {
      seen.built = options;
      return model;
    },
    stdout: (text) => (seen.stdout += text),
    stderr: (text) => (seen.stderr += text),
    writeFile: (path, text) => (seen.files[path] = text),
    setExitCode: (code) => (seen.exitCode = code),
  };
  return { io, seen };
}

const usageError = userErrorOf;

describe('report command', () => {
  it('when no --out and no --format then markdown goes to stdout and the exit code stays 0', () => {
    const { io, seen } = fakeIo();
    runReport({ db: 'activesync-doctor.db' }, io);
    expect(seen.opened).toBe('activesync-doctor.db');
    expect(seen.closed).toBe(true);
    expect(seen.stdout.startsWith('# ActiveSync Doctor report')).toBe(true);
    expect(seen.stderr).toBe('');
    expect(seen.exitCode).toBe(0);
  });

  it('when --out ends in .html then HTML is written to the file and a summary line to stderr', () => {
    const { io, seen } = fakeIo();
    runReport({ db: 'x.db', out: 'out/report.html' }, io);
    expect(seen.files['out/report.html']).toMatch(/^<!doctype html>/);
    expect(seen.stdout).toBe('');
    expect(seen.stderr).toBe('report written to out/report.html (6 devices, 4 failing)\n');
  });

  it('when --format is given then it wins over the --out extension', () => {
    expect(chooseFormat('json', 'a.html')).toBe('json');
    expect(chooseFormat(undefined, 'a.CSV')).toBe('csv');
    expect(chooseFormat(undefined, 'a.json')).toBe('json');
    expect(chooseFormat(undefined, 'a.htm')).toBe('html');
    expect(chooseFormat(undefined, 'a.txt')).toBe('md');
    expect(chooseFormat('markdown', undefined)).toBe('md');
  });

  it('when --format is unknown then a usage error (exit 2) names the formats', () => {
    const error = usageError(() => chooseFormat('xml', undefined));
    expect(error.exitCode).toBe(2);
    expect(error.hint).toContain('md, html, csv, json');
  });

  it('when --fail-on-failing and devices fail then the exit code is 3', () => {
    const { io, seen } = fakeIo();
    runReport({ db: 'x.db', failOnFailing: true }, io);
    expect(seen.exitCode).toBe(3);
  });

  it('when --fail-on-failing and nothing fails then the exit code stays 0', () => {
    const { io, seen } = fakeIo(emptyModel);
    runReport({ db: 'x.db', failOnFailing: true }, io);
    expect(seen.exitCode).toBe(0);
  });

  it('when filters are given then they reach buildReport parsed and the user normalised', () => {
    const { io, seen } = fakeIo();
    runReport(
      { db: 'x.db', all: true, since: '2011-03-12', until: '2011-03-13', server: 'CAS10-NY', user: 'CONTOSO\\Alice', deviceType: 'iPhone' },
      io,
    );
    expect(seen.built).toEqual({
      all: true,
      since: Date.UTC(2011, 2, 12) / 1000,
      until: Date.UTC(2011, 2, 13, 23, 59, 59) / 1000,
      server: 'CAS10-NY',
      user: 'alice',
      deviceType: 'iPhone',
    });
  });

  it('when --since is after --until then a usage error is thrown before the database is opened', () => {
    const { io, seen } = fakeIo();
    expect(usageError(() => runReport({ db: 'x.db', since: '2011-03-14', until: '2011-03-13' }, io)).exitCode).toBe(2);
    expect(seen.opened).toBe('');
  });

  it('when a time has an offset or is Unix seconds then it is read as that instant', () => {
    expect(parseTimeOption('--since', '2011-03-14T09:30+01:00')).toBe(Date.UTC(2011, 2, 14, 8, 30) / 1000);
    expect(parseTimeOption('--since', '2011-03-14T09:30')).toBe(Date.UTC(2011, 2, 14, 9, 30) / 1000);
    expect(parseTimeOption('--since', '2011-03-14 09:30:15Z')).toBe(Date.UTC(2011, 2, 14, 9, 30, 15) / 1000);
    expect(parseTimeOption('--until', '1300093200')).toBe(1300093200);
  });

  it.each(['yesterday', '2011-02-30', '2011-13-01', '14/03/2011', '2011-03-14T25:00', ''])(
    'when --since is %j then a usage error (exit 2) is thrown',
    (value) => {
      const error = usageError(() => parseTimeOption('--since', value));
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain('--since');
    },
  );

  it('when a bad value holds an escape sequence then the message shows it inert', () => {
    expect(usageError(() => parseTimeOption('--since', '\u001b[2J')).message).not.toContain('\u001b');
  });

  it('when asked for help then the options and examples are listed', () => {
    const program = new Command().name('activesync-doctor').exitOverride();
    let help = '';
    program.configureOutput({ writeOut: (s) => (help += s), writeErr: (s) => (help += s) });
    registerReportCommand(program);
    expect(() => program.parse(['node', 'activesync-doctor', 'report', '--help'])).toThrow();
    for (const flag of ['--db <file>', '--format <format>', '--out <file>', '--all', '--since <time>', '--until <time>', '--server <name>', '--user <name>', '--device-type <type>', '--fail-on-failing']) {
      expect(help).toContain(flag);
    }
    expect(help).toContain('default: "activesync-doctor.db"');
    expect(help).toContain('$ activesync-doctor report --out migration.html');
  });
});
