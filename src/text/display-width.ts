const zeroWidth = /^[\p{Mn}\p{Me}\u200b-\u200d\ufe00-\ufe0f]$/u;
const emoji = /^\p{Extended_Pictographic}$/u;

/** East Asian Wide and Fullwidth blocks: Hangul Jamo, CJK, kana, Hangul, compatibility forms, fullwidth forms. */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Terminal columns one code point takes: 0 for combining marks, 2 for wide CJK and emoji, else 1. */
function codePointWidth(char: string): number {
  if (zeroWidth.test(char)) return 0;
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x1100) return 1;
  return isWide(code) || emoji.test(char) ? 2 : 1;
}

/**
 * Terminal columns a string takes, for text already passed through sanitizeForTerminal
 * (control characters are not measured). An approximation of wcwidth that is right for
 * Latin, CJK and common emoji, which is what log data holds.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += codePointWidth(char);
  return width;
}

/**
 * Cuts `text` to at most `width` columns, ending it with `…` when something was cut.
 * Never splits a code point; returns `text` unchanged when it already fits.
 */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = codePointWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return out + '…';
}
