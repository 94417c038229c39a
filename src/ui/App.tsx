import { useEffect, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, type Key } from 'ink';
import type { DashboardControls, DashboardHeader, DashboardSource, LiveStateStore } from './dashboard-source.js';
import { resolveKeyAction } from './keymap.js';
import { splitKeys } from './split-keys.js';
import { activeCursor, initialUiState, isAtRoot, reduceUi, type UiEvent, type UiState } from './ui-state.js';
import useDashboardData, { type DashboardData, type DashboardRequest } from './hooks/use-dashboard-data.js';
import useLiveState from './hooks/use-live-state.js';
import useTerminalSize, { type TerminalSize } from './hooks/use-terminal-size.js';
import { TabBar } from './components/TabBar.js';
import { StatusLine } from './components/StatusLine.js';
import { ProgressView } from './components/ProgressView.js';
import { OverviewView, overviewMinutesFor } from './views/OverviewView.js';
import { FailingDevicesView } from './views/FailingDevicesView.js';
import { DeviceDetailView, detailLines, detailVisibleLines } from './views/DeviceDetailView.js';
import { ServersView } from './views/ServersView.js';
import { RejectsView } from './views/RejectsView.js';
import { HelpOverlay } from './views/HelpOverlay.js';

export interface AppProps {
  /** Where the views' data comes from (SQLite rollups, or a fake in tests). */
  source: DashboardSource;
  /** Pushed state: first-ingest progress and follow status. */
  live: LiveStateStore;
  /** Pause/resume following and export. */
  controls: DashboardControls;
  /** How often the source's version is checked, ms (default 250: a PRAGMA and four index lookups). */
  refreshMs?: number;
  /** Least minutes of history in the overview sparklines (default 360; wider terminals show more). */
  overviewMinutes?: number;
  /** Fixed size (tests); by default the terminal's, following resizes. */
  size?: TerminalSize;
}

/** Rows fetched for the failing table and timeline: enough to scroll, bounded for speed. */
const failingLimit = 500;
const timelineLimit = 200;
const rejectsLimit = 200;
/** How long a notice stays in the status line, ms. */
const messageMs = 10_000;

/** What the current screen needs from the source. */
export function requestFor(ui: UiState, overviewMinutes: number): DashboardRequest {
  if (ui.detailKey !== null) return { view: 'detail', key: ui.detailKey, timelineLimit };
  switch (ui.view) {
    case 'overview':
      return { view: 'overview', minutes: overviewMinutes };
    case 'failing':
      return { view: 'failing', query: { filter: ui.filter, sort: ui.failingSort, limit: failingLimit } };
    case 'servers':
      return { view: 'servers', sort: ui.serverSort };
    case 'rejects':
      return { view: 'rejects', limit: rejectsLimit };
  }
}

/** The data if it answers `request` (a view switch shows "loading" for one read, not stale rows). */
function matching(data: DashboardData | null, request: DashboardRequest): DashboardData | null {
  if (data === null || data.view !== request.view) return null;
  if (data.view === 'detail' && request.view === 'detail' && data.key !== request.key) return null;
  return data;
}

function headerOf(data: DashboardData | null): DashboardHeader | null {
  if (data === null) return null;
  switch (data.view) {
    case 'overview':
      return data.overview.header;
    case 'failing':
      return data.failing.header;
    case 'servers':
      return data.servers.header;
    case 'rejects':
      return data.rejects.header;
    case 'detail':
      return null;
  }
}

/** Rows the cursor moves over on this screen, and the device under it. */
function cursorRange(data: DashboardData | null, ui: UiState, width: number, bodyHeight: number): { rows: number; selectedKey: number | null } {
  if (data === null) return { rows: 0, selectedKey: null };
  switch (data.view) {
    case 'failing':
      return { rows: data.failing.rows.length, selectedKey: data.failing.rows[ui.cursor.failing]?.key ?? null };
    case 'detail': {
      const lines = data.detail ? detailLines(data.detail, width).length : 0;
      return { rows: Math.max(1, lines - detailVisibleLines(bodyHeight) + 1), selectedKey: null };
    }
    case 'servers':
      return { rows: data.servers.proxyTargets.length, selectedKey: null };
    case 'rejects':
      return { rows: data.rejects.recent.length, selectedKey: null };
    case 'overview':
      return { rows: 0, selectedKey: null };
  }
}

/** Strips control characters from typed or pasted filter text. */
const printable = (input: string): string => input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');

/**
 * The live dashboard: tab bar, the current view (or the first-ingest progress, or
 * the help overlay) and a status line. Holds navigation state and turns keys into
 * actions through the keymap table; reads data only through `useDashboardData`.
 * The frame is one row shorter than the terminal so Ink never switches to
 * clear-and-redraw (which flickers) when the output fills the screen.
 */
export function App({ source, live, controls, refreshMs = 250, overviewMinutes = 360, size }: AppProps) {
  const measured = useTerminalSize();
  const { columns: width, rows } = size ?? measured;
  const height = Math.max(6, rows - 1);
  const bodyHeight = height - 2;
  const liveState = useLiveState(live);
  // The UI state lives in a ref as well, updated as each event is reduced, so a key
  // that arrives before the next render already sees the effect of the one before.
  const uiRef = useRef<UiState>(initialUiState);
  const [ui, setUi] = useState<UiState>(initialUiState);
  const dispatch = (event: UiEvent): void => {
    uiRef.current = reduceUi(uiRef.current, event);
    setUi(uiRef.current);
  };
  const { exit } = useApp();
  const ingesting = liveState.progress !== null;
  const request = requestFor(ui, overviewMinutesFor(width, overviewMinutes));
  const { data: anyData, error } = useDashboardData(source, request, { intervalMs: refreshMs, enabled: !ingesting });
  const data = matching(anyData, request);
  const lastHeader = useRef<DashboardHeader | null>(null);
  lastHeader.current = headerOf(anyData) ?? lastHeader.current;
  const { rows: cursorRows } = cursorRange(data, ui, width, bodyHeight);

  const exportReport = (): void => {
    dispatch({ type: 'message', text: 'exporting the failing-device report…' });
    controls.exportReport().then(
      (name) => dispatch({ type: 'message', text: `report written: ${name}` }),
      (failure: unknown) =>
        dispatch({ type: 'message', text: `export failed: ${failure instanceof Error ? failure.message : String(failure)}` }),
    );
  };

  // A notice (sorted by…, report written: …) gives the status line back after a while.
  useEffect(() => {
    if (ui.message === null) return undefined;
    const shown = ui.message;
    const timer = setTimeout(() => {
      if (uiRef.current.message === shown) dispatch({ type: 'message', text: null });
    }, messageMs);
    return () => clearTimeout(timer);
  }, [ui.message]);

  // One key handler for everything, reading the newest values through refs: Ink may
  // deliver a key after a frame is drawn but before React re-subscribes a handler, and
  // switching handlers with isActive would drop the first letters typed after '/'.
  const latest = useRef({ ingesting, data, width, bodyHeight, paused: liveState.follow.phase === 'paused' });
  latest.current = { ingesting, data, width, bodyHeight, paused: liveState.follow.phase === 'paused' };

  const onFilterKey = (input: string, key: Key): void => {
    if (key.ctrl && input === 'c') exit();
    else if (key.escape) dispatch({ type: 'filter-cancel' });
    else if (key.return || key.tab) dispatch({ type: 'filter-done' });
    else if (key.backspace || key.delete) dispatch({ type: 'filter-erase' });
    else if (!key.ctrl && !key.meta && printable(input) !== '') dispatch({ type: 'filter-type', text: printable(input) });
  };

  const onKey = (input: string, key: Key): void => {
    const ui = uiRef.current;
    if (ui.editingFilter) return onFilterKey(input, key);
    const { ingesting, data, width, bodyHeight, paused } = latest.current;
    const action = resolveKeyAction(input, key);
    if (action === undefined) return;
    if (action === 'force-quit' || (action === 'quit' && isAtRoot(ui))) return exit();
    if (ingesting) return;
    if (action === 'export' && !ui.help) return exportReport();
    if (action === 'pause' && !ui.help) return controls.setPaused(!paused);
    // Rows and the device under the cursor from the newest state, not the last render: "jj⏎" comes in one read.
    const { rows, selectedKey } = cursorRange(data, ui, width, bodyHeight);
    dispatch({ type: 'key', action, rows, page: Math.max(1, bodyHeight - 3), selectedKey });
  };

  useInput((input: string, key: Key) => {
    for (const [one, oneKey] of splitKeys(input, key)) onKey(one, oneKey);
  });

  const cursor = Math.max(0, Math.min(ui.cursor[activeCursor(ui)], cursorRows - 1));
  const body = (() => {
    if (liveState.progress !== null) {
      return <ProgressView progress={liveState.progress} paths={liveState.follow.paths} width={width} />;
    }
    if (ui.help) return <HelpOverlay width={width} height={bodyHeight} />;
    if (data === null) return <Text dimColor>{error ? 'cannot read the database (see the status line)' : 'loading…'}</Text>;
    switch (data.view) {
      case 'overview':
        return <OverviewView data={data.overview} width={width} height={bodyHeight} />;
      case 'failing':
        return (
          <FailingDevicesView
            data={data.failing}
            cursor={data.failing.rows.length > 0 ? cursor : -1}
            filter={ui.filter}
            editingFilter={ui.editingFilter}
            sort={ui.failingSort}
            width={width}
            height={bodyHeight}
          />
        );
      case 'detail':
        return <DeviceDetailView detail={data.detail} scroll={cursor} width={width} height={bodyHeight} />;
      case 'servers':
        return <ServersView data={data.servers} cursor={cursor} sort={ui.serverSort} width={width} height={bodyHeight} />;
      case 'rejects':
        return <RejectsView data={data.rejects} cursor={cursor} width={width} height={bodyHeight} />;
    }
  })();

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <TabBar active={ui.view} now={lastHeader.current?.now ?? null} width={width} />
      <Box height={bodyHeight} width={width} overflow="hidden">
        {body}
      </Box>
      <StatusLine follow={liveState.follow} message={ui.message} readError={error} width={width} />
    </Box>
  );
}
