import { failingSorts, serverSorts, type FailingSort, type ServerSort } from './dashboard-source.js';
import type { KeyAction } from './keymap.js';

/** The dashboard's views, in Tab order; `key` is the number that jumps to it. */
export const views = [
  { id: 'overview', key: '1', title: 'Overview' },
  { id: 'failing', key: '2', title: 'Failing devices' },
  { id: 'servers', key: '3', title: 'Servers' },
  { id: 'rejects', key: '4', title: 'Rejected lines' },
] as const;
export type ViewId = (typeof views)[number]['id'];

/** Where a cursor lives: one per view, plus the device timeline. */
export type CursorId = ViewId | 'detail';

/** Navigation state of the dashboard: pure data, changed only by `reduceUi`. */
export interface UiState {
  view: ViewId;
  /** Device opened from the failing view (devices.id), null when none. */
  detailKey: number | null;
  cursor: Record<CursorId, number>;
  /** Applied to the failing-devices table; '' = none. */
  filter: string;
  /** True while `/` is typing into the filter. */
  editingFilter: boolean;
  failingSort: FailingSort;
  serverSort: ServerSort;
  help: boolean;
  /** A one-line notice for the status line (export done, nothing to sort…). */
  message: string | null;
}

export const initialUiState: UiState = {
  view: 'overview',
  detailKey: null,
  cursor: { overview: 0, failing: 0, servers: 0, rejects: 0, detail: 0 },
  filter: '',
  editingFilter: false,
  failingSort: 'severity',
  serverSort: 'requests',
  help: false,
  message: null,
};

/** What happened: a keymap action with the facts it needs, or filter typing. */
export type UiEvent =
  | {
      type: 'key';
      action: KeyAction;
      /** Rows the cursor can move over in the current view, and a page of them. */
      rows: number;
      page: number;
      /** Device under the cursor in the failing view, if any (for Enter). */
      selectedKey: number | null;
    }
  | { type: 'filter-type'; text: string }
  | { type: 'filter-erase' }
  | { type: 'filter-done' }
  | { type: 'filter-cancel' }
  | { type: 'message'; text: string | null };

const viewByAction: Partial<Record<KeyAction, ViewId>> = {
  'view-overview': 'overview',
  'view-failing': 'failing',
  'view-servers': 'servers',
  'view-rejects': 'rejects',
};

const next = <T>(list: readonly T[], current: T, step: number): T => {
  const i = list.indexOf(current);
  return list[(i + step + list.length) % list.length] as T;
};

const clamp = (n: number, rows: number): number => Math.max(0, Math.min(n, rows - 1));

/** The cursor the arrow keys move now. */
export function activeCursor(state: UiState): CursorId {
  return state.detailKey !== null ? 'detail' : state.view;
}

/** True when `q` should leave the program rather than close something. */
export function isAtRoot(state: UiState): boolean {
  return !state.help && state.detailKey === null && !state.editingFilter;
}

function moveCursor(state: UiState, to: (current: number) => number, rows: number): UiState {
  const id = activeCursor(state);
  return { ...state, cursor: { ...state.cursor, [id]: clamp(to(state.cursor[id]), rows) } };
}

function switchView(state: UiState, view: ViewId): UiState {
  return { ...state, view, detailKey: null, help: false };
}

function goBack(state: UiState): UiState {
  if (state.help) return { ...state, help: false };
  if (state.detailKey !== null) return { ...state, detailKey: null, cursor: { ...state.cursor, detail: 0 } };
  if (state.filter !== '') return { ...state, filter: '', cursor: { ...state.cursor, failing: 0 } };
  return { ...state, message: null };
}

function reduceKey(state: UiState, event: Extract<UiEvent, { type: 'key' }>): UiState {
  const { action, rows, page } = event;
  if (state.help && action !== 'help' && action !== 'back' && action !== 'quit') return state;
  const jump = viewByAction[action];
  if (jump) return switchView(state, jump);
  switch (action) {
    case 'next-view':
    case 'prev-view': {
      const ids = views.map((v) => v.id);
      return switchView(state, next(ids, state.view, action === 'next-view' ? 1 : -1));
    }
    case 'up':
      return moveCursor(state, (c) => c - 1, rows);
    case 'down':
      return moveCursor(state, (c) => c + 1, rows);
    case 'page-up':
      return moveCursor(state, (c) => c - Math.max(1, page), rows);
    case 'page-down':
      return moveCursor(state, (c) => c + Math.max(1, page), rows);
    case 'top':
      return moveCursor(state, () => 0, rows);
    case 'bottom':
      return moveCursor(state, () => rows - 1, rows);
    case 'open':
      if (state.view !== 'failing' || state.detailKey !== null || event.selectedKey === null) return state;
      return { ...state, detailKey: event.selectedKey, cursor: { ...state.cursor, detail: 0 } };
    case 'back':
    case 'quit':
      return goBack(state);
    case 'filter':
      return { ...switchView(state, 'failing'), editingFilter: true };
    case 'sort':
      if (state.detailKey === null && state.view === 'failing') {
        const failingSort = next(failingSorts, state.failingSort, 1);
        return { ...state, failingSort, message: `sorted by ${failingSort}` };
      }
      if (state.detailKey === null && state.view === 'servers') {
        const serverSort = next(serverSorts, state.serverSort, 1);
        return { ...state, serverSort, message: `sorted by ${serverSort}` };
      }
      return { ...state, message: 'nothing to sort here (views 2 and 3 sort)' };
    case 'help':
      return { ...state, help: !state.help };
    default:
      // export, pause and quitting are side effects: the App handles them.
      return state;
  }
}

/** The next UI state. Pure: the App turns keys into events, side effects stay there. */
export function reduceUi(state: UiState, event: UiEvent): UiState {
  switch (event.type) {
    case 'key':
      return reduceKey(state, event);
    case 'filter-type':
      return { ...state, filter: state.filter + event.text, cursor: { ...state.cursor, failing: 0 } };
    case 'filter-erase':
      return { ...state, filter: state.filter.slice(0, -1), cursor: { ...state.cursor, failing: 0 } };
    case 'filter-done':
      return { ...state, editingFilter: false };
    case 'filter-cancel':
      return { ...state, editingFilter: false, filter: '', cursor: { ...state.cursor, failing: 0 } };
    case 'message':
      return { ...state, message: event.text };
  }
}
