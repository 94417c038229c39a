import { describe, expect, test } from 'vitest';
import { sanitizeForTerminal } from '../../../src/text/sanitize-terminal.js';

/** No byte a terminal would act on may survive sanitizing. */
const terminalControls = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('sanitizeForTerminal', () => {
  test('when the text is printable then it is returned unchanged', () => {
    for (const text of ['Apple-iPhone11C6/1905.258', 'jürgen.müller', '张伟', 'Ω≈ç √ 🚀', 'back\\slash', '']) {
      expect(sanitizeForTerminal(text)).toBe(text);
    }
  });

  test('when the text clears the screen (ESC[2J) then ESC is shown as \\x1b', () => {
    expect(sanitizeForTerminal('ua\u001b[2J\u001b[H')).toBe('ua\\x1b[2J\\x1b[H');
  });

  test('when the text writes the clipboard (OSC 52) then ESC and BEL are shown', () => {
    expect(sanitizeForTerminal('\u001b]52;c;ZXZpbA==\u0007')).toBe('\\x1b]52;c;ZXZpbA==\\x07');
  });

  test('when the text holds an OSC 8 link or an unterminated OSC then nothing reaches the terminal', () => {
    const link = '\u001b]8;;http://evil\u001b\\click\u001b]8;;\u001b\\';
    expect(sanitizeForTerminal(link)).toBe('\\x1b]8;;http://evil\\x1b\\click\\x1b]8;;\\x1b\\');
    expect(sanitizeForTerminal('\u001b]0;title')).toBe('\\x1b]0;title');
  });

  test('when the text uses 8-bit C1 forms (CSI 0x9b, OSC 0x9d) then they are shown as \\x9b and \\x9d', () => {
    expect(sanitizeForTerminal('a\u009b2Jb\u009d0;t\u009c')).toBe('a\\x9b2Jb\\x9d0;t\\x9c');
  });

  test('when the text holds DEL, NUL, BEL, backspace or a device-status query then each is shown', () => {
    expect(sanitizeForTerminal('a\u007fb\u0000c\u0007d\u0008e\u001b[6n\u001bc')).toBe(
      'a\\x7fb\\x00c\\x07d\\x08e\\x1b[6n\\x1bc',
    );
  });

  test('when the text holds bidi overrides then they are shown as \\uXXXX', () => {
    expect(sanitizeForTerminal('user\u202egpj.exe')).toBe('user\\u202egpj.exe');
    expect(sanitizeForTerminal('\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d')).toBe(
      '\\u2066\\u2067\\u2068\\u2069\\u202a\\u202b\\u202c\\u202d',
    );
    expect(sanitizeForTerminal('\u200e\u200f\u061c\u2028')).toBe('\\u200e\\u200f\\u061c\\u2028');
  });

  test('when newlines, CR and tabs are not allowed then they are shown as \\n \\r \\t', () => {
    expect(sanitizeForTerminal('a\r\nb\tc')).toBe('a\\r\\nb\\tc');
  });

  test('when newlines and tabs are allowed then only they are kept', () => {
    expect(sanitizeForTerminal('a\r\nb\tc\u001b', { allowNewlines: true, allowTabs: true })).toBe('a\\r\nb\tc\\x1b');
  });

  test('when every code point below U+00A0 is sanitized then no terminal control survives', () => {
    let all = '';
    for (let code = 0; code < 0xa0; code += 1) all += String.fromCharCode(code);
    const out = sanitizeForTerminal(all + '\u202e\u2066');
    expect(terminalControls.test(out)).toBe(false);
  });

  test('when called twice then the global regex state does not leak between calls', () => {
    expect(sanitizeForTerminal('x\u001b')).toBe('x\\x1b');
    expect(sanitizeForTerminal('\u001by')).toBe('\\x1by');
  });
});
