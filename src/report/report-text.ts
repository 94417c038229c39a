import type { Verdict } from '../diagnose/device-facts.js';

/**
 * Small text helpers shared by the report renderers (markdown, HTML, CSV and the
 * device timeline). They never escape for a particular sink: each renderer does
 * that itself, at the point where the text is written.
 */

// C0 and C1 controls and DEL (\t \n \r are handled by the caller), plus the invisible
// bidi and zero-width format characters that can make a log string read as something else.
const controlChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Removes control and invisible formatting characters from log-sourced text.
 * With `keepLineBreaks` tabs and line breaks survive (CSV quotes them); without it
 * they become single spaces, for table cells and one-line output.
 */
export function stripControls(text: string, keepLineBreaks = false): string {
  const stripped = text.replace(controlChars, '');
  return keepLineBreaks ? stripped : stripped.replace(/[\t\r\n\u2028\u2029]+/g, ' ');
}

/**
 * An ISO 8601 time as `YYYY-MM-DD HH:MM` (or with seconds) in UTC; `fallback` for
 * null. A string that is not a time is returned as it is.
 */
export function formatUtc(iso: string | null, options: { seconds?: boolean; fallback?: string } = {}): string {
  if (iso === null) return options.fallback ?? '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms).toISOString().slice(0, options.seconds ? 19 : 16).replace('T', ' ');
}

/** A piece of recommendation text: prose, or a shell command to copy. */
export interface TextSegment {
  kind: 'text' | 'command';
  value: string;
}

const cmdletStart =
  /\b(?:Add|Clear|Disable|Enable|Export|Get|Import|Invoke|Mount|Move|New|Remove|Restart|Resume|Set|Start|Stop|Suspend|Test|Update)-[A-Z][A-Za-z]+\b/g;
// After "(" these begin a PowerShell sub-expression rather than prose.
const subExpression = /^(?:[A-Z][a-z]+-[A-Z]|[$@'"])/;
// Prose words that end a command when they follow it at the top level.
const proseJoiners = /^ (?:and|or|then|if|so|because|which|to|until|when) /;

/**
 * Splits a recommendation into paragraphs (its lines) of prose and commands, so
 * renderers can put commands in code. Text in backticks is a command. Otherwise an
 * Exchange Management Shell cmdlet (`Set-ActiveSyncVirtualDirectory …`) starts a
 * command, which runs (outside quotes, braces and sub-expressions) until a sentence
 * ends (`. `), a `; ` or `, `, a prose word (` and `, ` then `…), a ` (` that opens
 * prose, an unmatched `)` or the end of the line. Empty segments are dropped.
 */
export function splitCommands(text: string): TextSegment[][] {
  const paragraphs: TextSegment[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const segments: TextSegment[] = [];
    const push = (kind: TextSegment['kind'], value: string): void => {
      const trimmed = kind === 'command' ? value.trim() : value;
      if (trimmed.trim() !== '') segments.push({ kind, value: trimmed });
    };
    if (/`[^`]+`/.test(line)) {
      line.split(/`([^`]+)`/).forEach((part, i) => push(i % 2 === 1 ? 'command' : 'text', part));
    } else {
      let from = 0;
      for (const match of line.matchAll(cmdletStart)) {
        if (match.index < from) continue;
        let end = commandEnd(line, match.index);
        while (end > match.index && line[end - 1] === ' ') end--;
        push('text', line.slice(from, match.index));
        push('command', line.slice(match.index, end));
        from = end;
      }
      push('text', line.slice(from));
    }
    if (segments.length > 0) {
      const first = segments[0]!;
      const last = segments[segments.length - 1]!;
      if (first.kind === 'text') first.value = first.value.trimStart();
      if (last.kind === 'text') last.value = last.value.trimEnd();
      paragraphs.push(segments);
    }
  }
  return paragraphs;
}

/** Where the command starting at `start` ends (exclusive); see splitCommands. */
function commandEnd(line: string, start: number): number {
  let quote: string | null = null;
  let parens = 0;
  let braces = 0;
  for (let i = start; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== null) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '{') braces++;
    else if (c === '}') braces = Math.max(0, braces - 1);
    else if (c === '(') {
      if (parens === 0 && braces === 0 && line[i - 1] === ' ' && !subExpression.test(line.slice(i + 1))) return i;
      parens++;
    } else if (c === ')') {
      if (parens === 0 && braces === 0) return i;
      parens--;
    } else if (parens === 0 && braces === 0) {
      if ((c === ';' || c === ',') && line[i + 1] === ' ') return i;
      if (c === '.' && (i + 1 === line.length || line[i + 1] === ' ')) return i;
      if (c === ' ' && proseJoiners.test(line.slice(i))) return i;
    }
  }
  return line.length;
}

/** How alarming a verdict looks: drives badge colours and the order of groups. */
export type VerdictTone = 'critical' | 'warning' | 'unknown' | 'ok';

const verdictTones: Record<Verdict, VerdictTone> = {
  'redirect-stuck': 'critical',
  'server-error': 'critical',
  'auth-failing': 'critical',
  'provisioning-loop': 'critical',
  'access-denied': 'critical',
  'mailbox-full': 'critical',
  throttled: 'warning',
  runaway: 'warning',
  unknown: 'unknown',
  'ok-redirected': 'ok',
  'ok-proxied': 'ok',
  'ok-direct': 'ok',
};

/** The tone of a device's verdict; a failing device is never shown as ok. */
export function verdictTone(verdict: Verdict, failing: boolean): VerdictTone {
  const tone = verdictTones[verdict];
  return failing && tone === 'ok' ? 'warning' : tone;
}
