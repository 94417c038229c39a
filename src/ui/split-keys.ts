import type { Key } from 'ink';

const plainKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** The Key Ink would report for `char` typed on its own. */
function keyOf(char: string): [string, Key] {
  const code = char.codePointAt(0) ?? 0;
  if (char === '\r' || char === '\n') return ['', { ...plainKey, return: true }];
  if (char === '\t') return ['', { ...plainKey, tab: true }];
  if (char === '\x7f') return ['', { ...plainKey, delete: true }];
  if (char === '\b') return ['', { ...plainKey, backspace: true }];
  // Ctrl+letter arrives as 0x01-0x1a; Ink reports the letter with ctrl set.
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...plainKey, ctrl: true }];
  return [char, { ...plainKey, shift: /[A-Z]/.test(char) }];
}

/**
 * Splits one input event into single key presses. Ink hands over everything that
 * arrived in one read as one string ("jj\r" when keys come fast: key repeat, tmux
 * send-keys, a paste); a dashboard must still see j, j, Enter. Escape sequences are
 * already separate events (Ink's parser splits them), so they pass through as they are.
 */
export function splitKeys(input: string, key: Key): [string, Key][] {
  const chars = Array.from(input);
  // Esc then a letter typed quickly reads as Alt+letter (ESC x). The dashboard binds no
  // Alt keys, so take it as what the user pressed: Esc, then the letter.
  if (key.meta && !key.escape && chars.length === 1 && /^[\x20-\x7e]$/.test(input)) {
    return [['', { ...plainKey, escape: true, meta: true }], keyOf(input)];
  }
  if (chars.length <= 1 || key.escape || key.meta) return [[input, key]];
  return chars.map(keyOf);
}
