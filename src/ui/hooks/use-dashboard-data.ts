import { useEffect, useState } from 'react';
import type {
  DashboardSource,
  DeviceDetail,
  FailingDevicesData,
  FailingDevicesQuery,
  OverviewData,
  RejectsData,
  ServerSort,
  ServersData,
} from '../dashboard-source.js';

/** What the current screen needs from the source. */
export type DashboardRequest =
  | { view: 'overview'; minutes: number }
  | { view: 'failing'; query: FailingDevicesQuery }
  | { view: 'detail'; key: number; timelineLimit: number }
  | { view: 'servers'; sort: ServerSort }
  | { view: 'rejects'; limit: number };

/** The answer to a `DashboardRequest`, tagged with the view it is for. */
export type DashboardData =
  | { view: 'overview'; overview: OverviewData }
  | { view: 'failing'; failing: FailingDevicesData }
  | { view: 'detail'; key: number; detail: DeviceDetail | null }
  | { view: 'servers'; servers: ServersData }
  | { view: 'rejects'; rejects: RejectsData };

export interface DashboardDataState {
  /** The last answer read, null before the first read. */
  data: DashboardData | null;
  /** The last read's error, null when it worked. */
  error: string | null;
}

export interface DashboardDataOptions {
  /** How often to check `source.version()`, ms. */
  intervalMs: number;
  /** False while nothing should be read (the first ingest is running). */
  enabled: boolean;
}

/** Reads what `request` asks for. */
export function readDashboardData(source: DashboardSource, request: DashboardRequest): DashboardData {
  switch (request.view) {
    case 'overview':
      return { view: 'overview', overview: source.overview(request.minutes) };
    case 'failing':
      return { view: 'failing', failing: source.failingDevices(request.query) };
    case 'detail':
      return { view: 'detail', key: request.key, detail: source.deviceDetail(request.key, request.timelineLimit) };
    case 'servers':
      return { view: 'servers', servers: source.servers(request.sort) };
    case 'rejects':
      return { view: 'rejects', rejects: source.rejects(request.limit) };
  }
}

/**
 * A React hook that polls `source` every `intervalMs` and re-reads the current
 * request only when `source.version()` changed (or the request did), so an idle
 * dashboard does no work and does not re-render. Reads are synchronous
 * (better-sqlite3); the timer is cleared on unmount and whenever the request changes.
 */
export default function useDashboardData(
  source: DashboardSource,
  request: DashboardRequest,
  options: DashboardDataOptions,
): DashboardDataState {
  const [state, setState] = useState<DashboardDataState>({ data: null, error: null });
  const requestKey = JSON.stringify(request);
  const { intervalMs, enabled } = options;

  useEffect(() => {
    if (!enabled) return undefined;
    const current = JSON.parse(requestKey) as DashboardRequest;
    let lastVersion: string | null = null;
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;

    const poll = (): void => {
      try {
        const version = source.version();
        if (version !== lastVersion) {
          const data = readDashboardData(source, current);
          lastVersion = version;
          setState({ data, error: null });
        }
      } catch (error) {
        lastVersion = null;
        const message = error instanceof Error ? error.message : String(error);
        setState((previous) => (previous.error === message ? previous : { ...previous, error: message }));
      }
      if (!stopped) timer = setTimeout(poll, intervalMs);
    };

    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [source, requestKey, intervalMs, enabled]);

  return state;
}
