import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { refreshVerdicts } from '../../src/store/refresh-verdicts.js';
import { checkReadable, LogFollower, type FollowerStatus } from '../../src/ingest/follow.js';
import type { IngestProgress } from '../../src/ingest/ingest-summary.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { buildReport } from '../../src/report/build-report.js';
import { renderHtml } from '../../src/report/render-html.js';
import { defaultSnapshotWidth, renderSnapshot } from '../../src/report/render-snapshot.js';
import { createSqliteDashboardSource } from '../../src/store/dashboard-source-sqlite.js';
import { openDatabase, openReadOnly, type Db } from '../../src/store/open-database.js';
import type { DashboardControls, DashboardSource, FollowState } from '../../src/ui/dashboard-source.js';
import { createProgressLine } from '../output/progress-line.js';
import { suggestCommand } from '../output/suggest-command.js';
import { UserError } from '../../src/errors.js';
import { defaultDbPath } from './ingest.js';

/** The options commander hands to the action. */
export interface DashboardOptions {
  db: string;
  /** Print a plain-text snapshot and exit instead of the live dashboard. */
  snapshot?: boolean;
  /** Pause between follow passes, ms. */
  interval?: number;
}

/** What runDashboard touches outside itself; tests replace parts of it. */
export interface DashboardIo {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
  /** Folder the `e` export writes to. */
  exportDir: string;
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): DashboardIo => ({
  stdout: process.stdout,
  stdin: process.stdin,
  stderr: process.stderr,
  exportDir: process.cwd(),
  env: process.env,
});

/** Ink's own test (is-in-ci): under CI it draws only the last frame, so a live view would look frozen. */
const isCi = (env: NodeJS.ProcessEnv): boolean =>
  ['CI', 'CONTINUOUS_INTEGRATION'].some((key) => key in env && env[key] !== '0' && env[key] !== 'false');

/** Enter / leave the terminal's alternate screen, so quitting restores what was there. */
const altScreenOn = '\x1b[?1049h\x1b[H';
const altScreenOff = '\x1b[?1049l';

const parseInterval = (value: string): number => {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100 || ms > 60_000) throw new InvalidArgumentError('expected milliseconds between 100 and 60000');
  return ms;
};

/** Adds `dashboard` (the default command): the live view, or a snapshot when not on a terminal. */
export function registerDashboardCommand(program: Command): void {
  program
    .command('dashboard', { isDefault: true })
    .description('ingest log folders, then follow them live in a terminal dashboard (the default command)')
    .argument('<folder...>', 'log folders or files to read and follow (they may not exist yet)')
    .option('--db <file>', 'database file', defaultDbPath)
    .option('--snapshot', 'print a plain-text snapshot and exit (automatic when not on a terminal)')
    .option('--interval <ms>', 'pause between looks at the folders while following', parseInterval, 1000)
    .addHelpText(
      'after',
      `
Views: 1 Overview · 2 Failing devices (Enter: timeline) · 3 Servers & proxy targets · 4 Rejected lines.
Keys: Tab/1-4 switch · ↑↓ j k move · Enter open · Esc back · / filter · s sort · e export · p pause · ? help · q quit.
Times are UTC and "now" is the newest entry in the logs, so old logs display as live ones do.
When stdin or stdout is not a terminal, or CI is set, it prints the snapshot and exits 0.

Examples:
  $ activesync-doctor 'D:\\logs\\NYCAS10A' 'D:\\logs\\NEWYORK07'
  $ activesync-doctor dashboard logs/ --db migration.db
  $ activesync-doctor dashboard logs/ --snapshot > status.txt`,
    )
    .action(async (paths: string[], options: DashboardOptions) => {
      const [first] = paths;
      if (paths.length === 1 && first !== undefined && !existsSync(first)) {
        const meant = suggestCommand(program, first);
        if (meant !== null) throw new UserError(`'${first}' is neither a command nor a folder`, 2, `did you mean: activesync-doctor ${meant}`);
      }
      await runDashboard(paths, options);
    });
}

/**
 * Runs the dashboard on `paths`: on a terminal the live Ink view (first ingest with
 * progress, then following), otherwise (or with --snapshot) ingest once and print
 * the plain-text snapshot.
 */
export async function runDashboard(paths: string[], options: DashboardOptions, io: DashboardIo = defaultIo()): Promise<void> {
  const interactive = !options.snapshot && io.stdin.isTTY === true && io.stdout.isTTY === true && !isCi(io.env);
  if (interactive) await runLive(paths, options, io);
  else await runSnapshot(paths, options, io);
}

/** Paths that can be read now, and the problems with the others. */
async function splitReadable(paths: string[]): Promise<{ readable: string[]; problems: string[] }> {
  const readable: string[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    const problem = await checkReadable(path);
    if (problem === null) readable.push(path);
    else problems.push(`${path}: ${problem}`);
  }
  return { readable, problems };
}

/** Columns a snapshot wraps to: $COLUMNS, else the terminal's width, else 100. */
function snapshotWidth(env: NodeJS.ProcessEnv, stdout: NodeJS.WriteStream): number {
  const columns = Number(env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return stdout.isTTY && stdout.columns > 0 ? stdout.columns : defaultSnapshotWidth;
}

/** Ingest once, refresh verdicts, print overview + findings + failing devices, exit 0. */
async function runSnapshot(paths: string[], options: DashboardOptions, io: DashboardIo): Promise<void> {
  const db = openDatabase(options.db);
  try {
    const { readable, problems } = await splitReadable(paths);
    const progress = createProgressLine(io.stderr);
    if (readable.length > 0) {
      await runIngest(readable, {
        db,
        onProgress: (p) => progress.update(p),
        onWarning: (message) => problems.push(message),
      });
    }
    progress.clear();
    refreshVerdicts(db);
    const readDb = openReadOnly(options.db);
    try {
      const source = createSqliteDashboardSource(readDb);
      const model = buildReport(readDb, {});
      const text = renderSnapshot({ model, overview: source.overview(60), paths, problems, width: snapshotWidth(io.env, io.stdout) });
      io.stdout.write(text);
    } finally {
      readDb.close();
    }
  } finally {
    db.close();
  }
}

/** "20240305-143207Z" for a Unix time: the data time in export file names. */
export function fileStamp(ts: number | null): string {
  const iso = new Date((ts ?? 0) * 1000).toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}Z`;
}

/** Maps the follower's status onto the UI's FollowState. */
function followState(status: FollowerStatus, paths: string[]): Partial<FollowState> {
  return {
    phase: status.state === 'paused' ? 'paused' : status.state === 'stopped' ? 'stopped' : 'following',
    paths,
    lastRunAt: status.lastRunAt,
    lastNewLines: status.lastNewLines,
    lastNewAt: status.lastNewAt,
    errors: status.errors,
    warnings: status.warnings,
  };
}

/** Writes the failing-device report as HTML into `dir`; resolves to the file name. */
function createExporter(readDb: Db, source: DashboardSource, dir: string): () => Promise<string> {
  return async () => {
    // Yield first so "exporting…" reaches the screen before the synchronous work.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const model = buildReport(readDb, {});
    const name = `activesync-doctor-report-${fileStamp(source.overview(1).header.now)}.html`;
    writeFileSync(join(dir, name), renderHtml(model));
    return name;
  };
}

/**
 * Ink, React and the views, loaded only when the live view starts: importing Ink alone
 * takes about half a second, which every other command (and `--help`) would pay otherwise.
 */
async function loadLiveUi() {
  const [{ render }, { createElement }, { App }, { createLiveStateStore, initialLiveState }] = await Promise.all([
    import('ink'),
    import('react'),
    import('../../src/ui/App.js'),
    import('../../src/ui/live-state-store.js'),
  ]);
  return { render, createElement, App, createLiveStateStore, initialLiveState };
}

/** The live dashboard: first ingest under a progress view, then following until q. */
async function runLive(paths: string[], options: DashboardOptions, io: DashboardIo): Promise<void> {
  const { render, createElement, App, createLiveStateStore, initialLiveState } = await loadLiveUi();
  const db = openDatabase(options.db);
  const readDb = openReadOnly(options.db);
  const source = createSqliteDashboardSource(readDb);
  const store = createLiveStateStore(initialLiveState(paths));
  const zero: IngestProgress = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, lines: 0, linesPerSecond: 0, currentFile: null };
  store.update({ progress: zero });

  // Progress events can come thousands of times a second; the screen needs a few.
  let lastProgressAt = 0;
  let onProgress: ((p: IngestProgress) => void) | undefined = (p) => {
    const now = performance.now();
    if (now - lastProgressAt < 200 && p.filesDone < p.filesTotal) return;
    lastProgressAt = now;
    store.update({ progress: { ...p } });
  };

  const follower = new LogFollower({
    paths,
    intervalMs: options.interval ?? 1000,
    ingest: (readable, onWarning) => runIngest(readable, { db, onWarning, onProgress }),
    afterIngest: () => {
      refreshVerdicts(db);
    },
    onStatus: (status) => {
      // While the first ingest runs the phase stays 'ingesting'.
      const follow = followState(status, paths);
      store.updateFollow(store.get().progress !== null ? { ...follow, phase: 'ingesting' } : follow);
    },
  });

  const controls: DashboardControls = {
    setPaused: (paused) => (paused ? follower.pause() : follower.resume()),
    exportReport: createExporter(readDb, source, io.exportDir),
  };

  io.stdout.write(altScreenOn);
  const app = render(createElement(App, { source, live: store, controls }), {
    stdout: io.stdout,
    stdin: io.stdin,
    stderr: io.stderr,
    // At most 4 frames a second. (Ink 6.8's incrementalRendering left stale lines on
    // view switches and resizes in tmux, so whole frames are written.)
    maxFps: 4,
    exitOnCtrlC: true,
    patchConsole: true,
  });
  // Ctrl-C arrives as a key in raw mode; these are for kill and a closed terminal.
  const quit = (): void => app.unmount();
  const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
  for (const signal of signals) process.once(signal, quit);

  let exited = false;
  const exitPromise = app.waitUntilExit().finally(() => {
    exited = true;
  });

  void (async () => {
    await follower.runNow();
    if (exited) return;
    onProgress = undefined;
    try {
      // Verdicts may be missing or stale even when nothing new was read (a database from `ingest`).
      refreshVerdicts(db);
    } catch (error) {
      store.updateFollow({ errors: [{ path: 'after ingest', message: (error as Error).message }] });
    }
    store.update((state) => ({ progress: null, follow: { ...state.follow, phase: 'following' } }));
    follower.start();
  })();

  let idle = true;
  try {
    await exitPromise;
  } finally {
    for (const signal of signals) process.off(signal, quit);
    idle = await follower.stop();
    io.stdout.write(altScreenOff);
    readDb.close();
    if (idle) db.close();
  }
  if (!idle) {
    // Quit during a long first ingest: every committed batch is safe (one transaction
    // each, with its file offset), and the next run resumes from there.
    io.stderr.write('stopped during ingest; run again to continue where it left off\n');
    process.exit(0);
  }
}
