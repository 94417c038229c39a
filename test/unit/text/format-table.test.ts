import { describe, expect, test } from 'vitest';
import { displayWidth, truncateToWidth } from '../../../src/text/display-width.js';
import { formatTable } from '../../../src/text/format-table.js';

const rows = [
  { user: 'alice', device_type: 'iPhone', hits: 6, failures: 5 },
  { user: 'bob', device_type: 'Android', hits: 1500, failures: null },
];

describe('formatTable', () => {
  test('when there is no width limit then columns take their natural width and numbers align right', () => {
    expect(formatTable(rows, ['user', 'device_type', 'hits', 'failures'])).toBe(
      [
        'user   device_type  hits  failures',
        '-----  -----------  ----  --------',
        'alice  iPhone          6         5',
        'bob    Android      1500',
        '',
      ].join('\n'),
    );
  });

  test('when there are no rows then the header is followed by (no rows)', () => {
    expect(formatTable([], ['user', 'hits'])).toBe('user  hits\n----  ----\n(no rows)\n');
  });

  test('when the table is wider than the width then text cells are cut with … and every line fits', () => {
    const wide = [
      { user_agent: 'Apple-iPhone11C6/1905.258 a very long user agent string', n: 12345, note: 'short' },
      { user_agent: 'Android/4.3-EAS-1.3', n: 1, note: 'another fairly long note' },
    ];
    const out = formatTable(wide, ['user_agent', 'n', 'note'], { width: 40 });
    for (const line of out.trimEnd().split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(out).toContain('…');
    expect(out).toContain('12345');
    expect(out).toBe(
      [
        'user_agent            n  note',
        '----------------  -----  ---------------',
        'Apple-iPhone11C…  12345  short',
        'Android/4.3-EAS…      1  another fairly…',
        '',
      ].join('\n'),
    );
  });

  test('when numbers do not fit then they are never truncated', () => {
    const out = formatTable([{ a: 'x'.repeat(30), n: 123456789 }], ['a', 'n'], { width: 12 });
    expect(out).toContain('123456789');
  });

  test('when cells hold escape sequences, C1 controls or bidi overrides then they are shown as visible escapes', () => {
    const out = formatTable(
      [{ ua: '\u001b[2J\u001b]52;c;ZXZpbA==\u0007', user: 'x\u009b31m\u202e' }, { ua: 'two\nlines', user: 'tab\there' }],
      ['ua', 'user'],
    );
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(out).toContain('\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07');
    expect(out).toContain('x\\x9b31m\\u202e');
    expect(out).toContain('two\\nlines');
    expect(out).toContain('tab\\there');
  });

  test('when a header is wider than its numeric column then the header may be cut', () => {
    const out = formatTable([{ meeting_response: 1, x: 'y' }], ['meeting_response', 'x'], { width: 10 });
    expect(out.split('\n')[0]).toBe('meetin…  x');
  });

  test('when text is CJK or emoji then widths count two columns per character', () => {
    expect(displayWidth('张伟')).toBe(4);
    expect(displayWidth('ok🚀')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(truncateToWidth('张伟张伟', 5)).toBe('张伟…');
    expect(truncateToWidth('abc', 3)).toBe('abc');
  });
});
