import type { FollowState, LiveState, LiveStateStore } from './dashboard-source.js';

/** A `LiveStateStore` the program writes to: `update` merges and notifies subscribers. */
export interface WritableLiveStateStore extends LiveStateStore {
  update(change: Partial<LiveState> | ((state: LiveState) => Partial<LiveState>)): void;
  updateFollow(change: Partial<FollowState>): void;
}

/** The state before anything ran: ingesting `paths`, no progress yet. */
export function initialLiveState(paths: string[]): LiveState {
  return {
    follow: {
      phase: 'ingesting',
      paths,
      lastRunAt: null,
      lastNewLines: 0,
      lastNewAt: null,
      errors: [],
      warnings: [],
    },
    progress: null,
  };
}

/**
 * Creates the store the CLI feeds from ingest/follow events. Each update makes a new
 * state object (useSyncExternalStore compares by identity), and listeners run
 * synchronously; Ink's maxFps limits how often that reaches the terminal.
 */
export function createLiveStateStore(initial: LiveState): WritableLiveStateStore {
  let state = initial;
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };
  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    update(change) {
      const patch = typeof change === 'function' ? change(state) : change;
      state = { ...state, ...patch };
      notify();
    },
    updateFollow(change) {
      state = { ...state, follow: { ...state.follow, ...change } };
      notify();
    },
  };
}
