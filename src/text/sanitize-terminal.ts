/**
 * Characters that can change what a terminal does or how text reads, rather than
 * being shown as text:
 * - C0 controls U+0000-U+001F (ESC starts every CSI/OSC/DCS/APC sequence: ESC[2J,
 *   OSC 52 clipboard writes, OSC 8 links, `ESC c` resets; BEL, BS and CR rewrite the line);
 * - DEL U+007F and the C1 controls U+0080-U+009F (U+009B is an 8-bit CSI, U+009D an 8-bit OSC);
 * - bidi controls that reorder what is shown (Trojan Source): U+202A-U+202E, U+2066-U+2069,
 *   plus LRM, RLM and ALM (U+200E, U+200F, U+061C);
 * - U+2028/U+2029, which some renderers treat as line breaks.
 */
const unsafeCharacter = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const unsafeCharacters = new RegExp(unsafeCharacter.source, 'g');

/** Options for {@link sanitizeForTerminal}. */
export interface SanitizeOptions {
  /** Keep `\n` as a real line break (multi-line plain output). Default false: shown as `\n`. */
  allowNewlines?: boolean;
  /** Keep `\t` as a real tab. Default false: shown as `\t`. */
  allowTabs?: boolean;
}

const namedEscapes: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** How one unsafe character is shown: `\n`, `\r`, `\t`, `\xHH` up to U+00FF, `\uHHHH` above. */
function visibleEscape(char: string): string {
  const named = namedEscapes[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Makes a log-sourced string safe to print: every control character, ESC, DEL, C1
 * control and bidi override is replaced by a visible escape (`\x1b`, `\x9b`, `\u202e`),
 * so an escape sequence shows up as text (`\x1b[2J`) instead of acting on the terminal.
 * Printable text, including non-Latin scripts and emoji, is returned unchanged.
 *
 * Unlike Ink's own sanitizer this keeps nothing: SGR colours and OSC links in log data are
 * attacker-controlled too. Apply it at the render boundary (tables, Ink `<Text>`, errors).
 */
export function sanitizeForTerminal(text: string, options: SanitizeOptions = {}): string {
  if (!unsafeCharacter.test(text)) return text;
  return text.replace(unsafeCharacters, (char) => {
    if (char === '\n' && options.allowNewlines) return char;
    if (char === '\t' && options.allowTabs) return char;
    return visibleEscape(char);
  });
}
