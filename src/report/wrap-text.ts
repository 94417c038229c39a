import { displayWidth } from '../text/display-width.js';
import { splitCommands } from './report-text.js';

/**
 * The words of each line of `text`, where a shell command counts as one word, so
 * that wrapping never breaks it. Text touching a command with no space between
 * (`$null).`, `(Get-…`) stays on the command's word.
 */
function wordsOf(text: string): string[][] {
  return splitCommands(text).map((paragraph) => {
    const words: string[] = [];
    let glued = false;
    for (const segment of paragraph) {
      const parts = segment.kind === 'command' ? [segment.value] : segment.value.split(' ');
      parts.forEach((part, i) => {
        if (part === '') return;
        if (i === 0 && glued && words.length > 0) words[words.length - 1] += part;
        else words.push(part);
      });
      glued = segment.kind === 'command' || !segment.value.endsWith(' ');
    }
    return words;
  });
}

/**
 * Word-wraps `text` to `width` terminal columns after `label`, with a hanging
 * indent: later lines start under the text, and each line of `text` starts a new
 * one. Nothing is cut off. A shell command (see splitCommands) is never broken, so
 * it can be copied whole from a terminal or a file: a long one gets a line of its own
 * and may run past `width`. Returns no lines for blank text. `text` must already be
 * safe for a terminal (sanitizeForTerminal).
 */
export function wrapText(label: string, text: string, width: number): string[] {
  const indent = ' '.repeat(displayWidth(label));
  const lines: string[] = [];
  wordsOf(text).forEach((words, p) => {
    let line = p === 0 ? label : indent;
    let used = displayWidth(line);
    let empty = true;
    for (const word of words) {
      const w = displayWidth(word);
      if (!empty && used + 1 + w > width) {
        lines.push(line);
        line = indent + word;
        used = indent.length + w;
      } else {
        line += empty ? word : ` ${word}`;
        used += (empty ? 0 : 1) + w;
      }
      empty = false;
    }
    lines.push(line);
  });
  return lines;
}
