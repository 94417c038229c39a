import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { IngestSummary } from './ingest-summary.js';

/** One ingest pass over `paths` (runIngest bound to a database); warnings go to `onWarning`. */
export type IngestPass = (paths: string[], onWarning: (message: string) => void) => Promise<IngestSummary>;

/** A problem with one followed path (or 'ingest' for the pass as a whole). */
export interface FollowProblem {
  path: string;
  message: string;
}

/** Where the follower stands. Times are wall-clock ms. */
export interface FollowerStatus {
  state: 'idle' | 'running' | 'paused' | 'stopped';
  passes: number;
  lastRunAt: number | null;
  /** Data lines (ingested + rejected) of the last pass that found any, and when it ran. */
  lastNewLines: number;
  lastNewAt: number | null;
  /** Problems of the last pass; empty when every path was read. */
  errors: FollowProblem[];
  /** Distinct warnings of the last pass (files skipped or unreadable), in order. */
  warnings: string[];
}

export interface FollowerOptions {
  /** Folders or files to follow (they may not exist yet). */
  paths: string[];
  ingest: IngestPass;
  /** Runs after a pass that read new lines (e.g. refreshVerdicts); an error is reported under the path 'after ingest'. */
  afterIngest?: (summary: IngestSummary) => void | Promise<void>;
  /** Pause between the end of one pass and the start of the next, ms (default 1000). */
  intervalMs?: number;
  /** Called when the status changed in a way worth showing (not on every quiet pass). */
  onStatus?: (status: FollowerStatus) => void;
  /** Checks one path before a pass; resolves to a problem text or null. Default: stat + read access. */
  checkPath?: (path: string) => Promise<string | null>;
}

const messageOf = (error: unknown): string => {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'does not exist (yet)';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  return e.message ?? String(error);
};

/** Default path check: the path exists and can be read (and listed, for a folder). */
export async function checkReadable(path: string): Promise<string | null> {
  try {
    const info = await stat(path);
    await access(path, info.isDirectory() ? constants.R_OK | constants.X_OK : constants.R_OK);
    return null;
  } catch (error) {
    return messageOf(error);
  }
}

/**
 * Follows log folders as IIS writes them: every `intervalMs` it runs one
 * incremental ingest pass (appended lines, new u_exYYMMDD.log files, replaced or
 * truncated files are runIngest's business), never two at once, then `afterIngest`
 * when something new arrived. Paths that are missing or unreadable are left out of
 * the pass and reported in `status.errors`; a pass that throws is reported too and
 * retried on the next tick. Nothing here throws to the caller.
 *
 * Timers are setTimeout chains, cleared by `pause` and `stop`.
 */
export class LogFollower {
  private readonly intervalMs: number;
  private readonly checkPath: (path: string) => Promise<string | null>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private paused = false;
  private stopped = false;
  private lastSignature = '';
  private current: FollowerStatus = {
    state: 'idle',
    passes: 0,
    lastRunAt: null,
    lastNewLines: 0,
    lastNewAt: null,
    errors: [],
    warnings: [],
  };

  constructor(private readonly options: FollowerOptions) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.checkPath = options.checkPath ?? checkReadable;
  }

  /** A copy of the current status. */
  get status(): FollowerStatus {
    return { ...this.current, errors: [...this.current.errors], warnings: [...this.current.warnings] };
  }

  /** Starts following: the first pass runs after `intervalMs` (call `runNow` for one at once). */
  start(): void {
    if (this.stopped) return;
    this.paused = false;
    this.setState('idle');
    this.schedule();
  }

  /** Stops scheduling passes; a pass already running finishes. */
  pause(): void {
    if (this.stopped) return;
    this.paused = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.setState('paused');
  }

  /** Resumes after `pause`, with a pass at once. */
  resume(): void {
    if (this.stopped || !this.paused) return;
    this.paused = false;
    this.setState('idle');
    void this.runNow().finally(() => this.schedule());
  }

  /** Stops for good and waits for a running pass to finish (at most `timeoutMs`). Resolves true when none is left running. */
  async stop(timeoutMs = 2000): Promise<boolean> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.setState('stopped');
    const running = this.running;
    if (running === null) return true;
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timeout = setTimeout(() => resolve(false), timeoutMs);
    });
    const finished = await Promise.race([running.then(() => true), timedOut]);
    clearTimeout(timeout);
    return finished;
  }

  /**
   * Runs one pass now, or joins the one already running (passes never overlap).
   * Resolves when it is done; never rejects.
   */
  runNow(): Promise<void> {
    if (this.running !== null) return this.running;
    if (this.stopped) return Promise.resolve();
    this.running = this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.paused || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runNow().finally(() => this.schedule());
    }, this.intervalMs);
  }

  private async pass(): Promise<void> {
    this.setState('running', false);
    const errors: FollowProblem[] = [];
    const readable: string[] = [];
    for (const path of this.options.paths) {
      const problem = await this.checkPath(path);
      if (problem === null) readable.push(path);
      else errors.push({ path, message: problem });
    }
    const warnings = new Set<string>();
    const onWarning = (message: string): void => {
      warnings.add(message);
    };
    let newLines = 0;
    if (readable.length > 0) {
      try {
        const summary = await this.options.ingest(readable, onWarning);
        newLines = summary.lines;
        if (newLines > 0) {
          try {
            await this.options.afterIngest?.(summary);
          } catch (error) {
            errors.push({ path: 'after ingest', message: messageOf(error) });
          }
        }
      } catch (error) {
        errors.push({ path: readable.length === 1 ? (readable[0] ?? 'ingest') : 'ingest', message: messageOf(error) });
      }
    }
    const now = Date.now();
    this.current.passes += 1;
    this.current.lastRunAt = now;
    this.current.errors = errors;
    this.current.warnings = [...warnings];
    if (newLines > 0) {
      this.current.lastNewLines = newLines;
      this.current.lastNewAt = now;
    }
    this.setState(this.stopped ? 'stopped' : this.paused ? 'paused' : 'idle');
  }

  /** Updates the state and tells `onStatus` when anything visible changed. */
  private setState(state: FollowerStatus['state'], notify = true): void {
    this.current.state = state;
    if (!notify) return;
    const s = this.current;
    // 'running' and 'idle' alternate every second: both read as "following", so neither alone is news.
    const shown = state === 'running' ? 'idle' : state;
    const signature = JSON.stringify([shown, s.lastNewAt, s.errors, s.warnings]);
    if (signature === this.lastSignature) return;
    this.lastSignature = signature;
    this.options.onStatus?.(this.status);
  }
}
