import type { EventEmitter } from 'node:events';
import { render } from 'ink-testing-library';
import { App } from '../../../src/ui/App.js';
import type { LiveState } from '../../../src/ui/dashboard-source.js';
import { createLiveStateStore, initialLiveState } from '../../../src/ui/live-state-store.js';
import { createFakeControls, FakeDashboardSource } from './fake-dashboard-source.js';

/** Key codes as a terminal sends them. */
export const keys = {
  up: '\u001B[A',
  down: '\u001B[B',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  home: '\u001B[H',
  end: '\u001B[F',
  enter: '\r',
  escape: '\u001B',
  backspace: '\u007F',
  tab: '\t',
  shiftTab: '\u001B[Z',
  ctrlC: '\u0003',
} as const;

/**
 * Gives ink-testing-library's fake stdout (always 100 columns, no rows) a size and
 * emits 'resize', as a terminal does: Ink re-lays out and useTerminalSize re-reads.
 */
export function resizeTerminal(stdout: EventEmitter, columns: number, rows: number): void {
  Object.defineProperty(stdout, 'columns', { configurable: true, get: () => columns });
  Object.defineProperty(stdout, 'rows', { configurable: true, get: () => rows });
  stdout.emit('resize');
}

/** True when every line of `frame` is at most `columns` cells wide (code points; fixtures have no wide characters). */
export const fitsWidth = (frame: string, columns: number): boolean =>
  frame.split('\n').every((line) => Array.from(line).length <= columns);

/**
 * Renders the App over a fake source in a terminal of the given size (default
 * 80×24), the follow phase already 'following', and waits for the first frame
 * drawn at that size.
 */
export async function renderDashboard(
  options: { columns?: number; rows?: number; live?: Partial<LiveState>; source?: FakeDashboardSource } = {},
) {
  const source = options.source ?? new FakeDashboardSource();
  const live = createLiveStateStore(initialLiveState(['/logs']));
  live.update({ follow: { ...live.get().follow, phase: 'following' }, progress: null, ...options.live });
  const { controls, calls } = createFakeControls();
  const instance = render(<App source={source} live={live} controls={controls} refreshMs={20} />);
  const columns = options.columns ?? 80;
  resizeTerminal(instance.stdout, columns, options.rows ?? 24);
  await waitForFrame(instance.lastFrame, (frame) => frame !== '' && fitsWidth(frame, columns));
  return { ...instance, source, live, calls };
}

/** Waits until `predicate(lastFrame)` holds (polling every 10 ms), failing after `timeoutMs` with the last frame. */
export async function waitForFrame(
  lastFrame: () => string | undefined,
  predicate: (frame: string) => boolean,
  timeoutMs = 2000,
): Promise<string> {
  const started = Date.now();
  for (;;) {
    const frame = lastFrame() ?? '';
    if (predicate(frame)) return frame;
    if (Date.now() - started > timeoutMs) throw new Error(`frame never matched; last frame:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Writes keys one at a time (each its own input event) and waits until the frame satisfies `predicate`. */
export async function pressAndWait(
  instance: { stdin: { write: (data: string) => void }; lastFrame: () => string | undefined },
  input: string | string[],
  predicate: (frame: string) => boolean,
): Promise<string> {
  for (const k of Array.isArray(input) ? input : [input]) {
    instance.stdin.write(k);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return waitForFrame(instance.lastFrame, predicate);
}
