import type { Key } from 'ink';

/** Everything a key can ask the dashboard to do. */
export type KeyAction =
  | 'next-view'
  | 'prev-view'
  | 'view-overview'
  | 'view-failing'
  | 'view-servers'
  | 'view-rejects'
  | 'up'
  | 'down'
  | 'page-up'
  | 'page-down'
  | 'top'
  | 'bottom'
  | 'open'
  | 'back'
  | 'filter'
  | 'sort'
  | 'export'
  | 'pause'
  | 'help'
  | 'quit'
  | 'force-quit';

/** One row of the keymap: drives both `useInput` dispatch and the `?` overlay. */
export interface KeyBinding {
  /** Key names as the help overlay shows them. */
  keys: readonly string[];
  action: KeyAction;
  /** What the key does, in a few words. */
  help: string;
  /** True when this key press means `action`. */
  matches(input: string, key: Key): boolean;
}

/**
 * The dashboard's keys, top to bottom in the order the help overlay lists them.
 * The first matching row wins, so the more specific rows (Shift-Tab) come first.
 * Backspace arrives as `key.delete` from most terminals (0x7f), so both count.
 */
export const keymap = [
  { keys: ['Shift-Tab'], action: 'prev-view', help: 'previous view', matches: (_i, k) => k.tab && k.shift },
  { keys: ['Tab'], action: 'next-view', help: 'next view', matches: (_i, k) => k.tab },
  { keys: ['1'], action: 'view-overview', help: 'Overview', matches: (i) => i === '1' },
  { keys: ['2'], action: 'view-failing', help: 'Failing devices', matches: (i) => i === '2' },
  { keys: ['3'], action: 'view-servers', help: 'Servers & proxies', matches: (i) => i === '3' },
  { keys: ['4'], action: 'view-rejects', help: 'Rejected lines', matches: (i) => i === '4' },
  { keys: ['↑', 'k'], action: 'up', help: 'move up', matches: (i, k) => k.upArrow || i === 'k' },
  { keys: ['↓', 'j'], action: 'down', help: 'move down', matches: (i, k) => k.downArrow || i === 'j' },
  { keys: ['PgUp'], action: 'page-up', help: 'page up', matches: (_i, k) => k.pageUp },
  { keys: ['PgDn', 'Space'], action: 'page-down', help: 'page down', matches: (i, k) => k.pageDown || i === ' ' },
  { keys: ['g', 'Home'], action: 'top', help: 'first row', matches: (i, k) => k.home || i === 'g' },
  { keys: ['G', 'End'], action: 'bottom', help: 'last row', matches: (i, k) => k.end || i === 'G' },
  { keys: ['Enter'], action: 'open', help: 'open device timeline', matches: (_i, k) => k.return },
  {
    keys: ['Esc', 'Backspace'],
    action: 'back',
    help: 'back / clear filter',
    matches: (_i, k) => k.escape || k.backspace || k.delete,
  },
  { keys: ['/'], action: 'filter', help: 'filter devices', matches: (i) => i === '/' },
  { keys: ['s'], action: 'sort', help: 'change sort', matches: (i) => i === 's' },
  { keys: ['e'], action: 'export', help: 'export report (HTML)', matches: (i) => i === 'e' },
  { keys: ['p'], action: 'pause', help: 'pause / resume follow', matches: (i) => i === 'p' },
  { keys: ['?'], action: 'help', help: 'this help', matches: (i) => i === '?' },
  { keys: ['q'], action: 'quit', help: 'close / back / quit', matches: (i) => i === 'q' },
  { keys: ['Ctrl-C'], action: 'force-quit', help: 'quit now', matches: (i, k) => k.ctrl && i === 'c' },
] as const satisfies readonly KeyBinding[];

/** The action a key press means, or undefined when no row matches. */
export function resolveKeyAction(input: string, key: Key): KeyAction | undefined {
  return keymap.find((binding) => binding.matches(input, key))?.action;
}
