import { useSyncExternalStore } from 'react';
import type { LiveState, LiveStateStore } from '../dashboard-source.js';

/** A React hook that returns the pushed live state (ingest progress, follow status) and re-renders when it changes. */
export default function useLiveState(store: LiveStateStore): LiveState {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
