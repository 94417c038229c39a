import { describe, expect, test } from 'vitest';
import { wrapText } from '../../src/report/wrap-text.js';

const command = `Set-ActiveSyncVirtualDirectory -Identity 'CAS07\\Microsoft-Server-ActiveSync (Default Web Site)' -ExternalUrl $null`;

describe('wrapText', () => {
  test('when text is longer than the width then it wraps at spaces under the label, losing no word', () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve';
    const lines = wrapText('  Reason: ', text, 30);
    expect(lines).toEqual(['  Reason: one two three four', '          five six seven eight', '          nine ten eleven', '          twelve']);
    expect(lines.every((l) => l.length <= 30)).toBe(true);
  });

  test('when a shell command would cross the width then it gets a line of its own and is never broken', () => {
    const lines = wrapText('Fix: ', `Clear the ExternalUrl on the legacy CAS: ${command}. Then retry.`, 60);
    expect(lines).toContain(`     ${command}.`);
    expect(lines[0]).toBe('Fix: Clear the ExternalUrl on the legacy CAS:');
    expect(lines.at(-1)).toBe('     Then retry.');
  });

  test('when the text has several lines then each starts a new line, indented under the first', () => {
    expect(wrapText('- ', 'first line\nsecond line', 80)).toEqual(['- first line', '  second line']);
  });

  test('when wide characters are in the text then columns, not code points, are counted', () => {
    expect(wrapText('', '日本語 日本語 abc', 13)).toEqual(['日本語 日本語', 'abc']);
  });

  test('when the text is blank then there are no lines', () => {
    expect(wrapText('Fix: ', '  ', 80)).toEqual([]);
  });
});
