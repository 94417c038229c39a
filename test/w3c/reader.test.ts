import { describe, expect, it } from 'vitest';
import { createW3cReader, type W3cLine } from '../../src/w3c/reader.js';
import { FieldSpans } from '../../src/w3c/field-spans.js';
import { splitQuoted } from '../../src/w3c/split-fields.js';
import { parseTimestamp } from '../../src/w3c/timestamp.js';

const fields = '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';
const record = '2010-10-04 07:12:33 10.1.1.20 POST /Microsoft-Server-ActiveSync/default.eas User=jdoe&DeviceId=Appl1&DeviceType=iPhone&Cmd=Ping 443 COMPANY\\jdoe 1.2.3.4 Apple-iPhone3C1/803.148 200 0 0 1680000';

const records = (lines: W3cLine[]) => lines.filter((l) => l.kind === 'record');

describe('W3C reader', () => {
  it('when a record follows #Fields then its values map by the header', () => {
    const reader = createW3cReader();
    expect(reader.feed('#Software: Microsoft Internet Information Services 7.5')).toEqual({ kind: 'directive' });
    reader.feed(fields);
    const line = reader.feed(record);
    expect(line.kind).toBe('record');
    if (line.kind !== 'record') return;
    expect(line.fields.raw(line.layout.index.status)).toBe('200');
    expect(line.fields.raw(line.layout.index.userAgent)).toBe('Apple-iPhone3C1/803.148');
    expect(line.layout.index.computerName).toBe(-1);
  });

  it('when #Fields changes mid-file then later lines use the new columns', () => {
    const reader = createW3cReader();
    reader.feed(fields);
    reader.feed('#Fields: time sc-status date cs-uri-stem');
    const line = reader.feed('07:00:00 451 2010-10-04 /Microsoft-Server-ActiveSync');
    expect(line.kind === 'record' && line.fields.raw(line.layout.index.status)).toBe('451');
  });

  it('when a line has CRLF then the CR is not part of the last value', () => {
    const reader = createW3cReader();
    reader.feed(fields + '\r');
    const line = reader.feed(record + '\r');
    expect(line.kind === 'record' && line.fields.raw(13)).toBe('1680000');
  });

  it('when the value count differs from #Fields then the line is rejected, not guessed', () => {
    const reader = createW3cReader();
    reader.feed(fields);
    expect(reader.feed(record.replace(' 1.2.3.4', ''))).toEqual({ kind: 'reject', reason: 'field-count-mismatch expected 14 got 13' });
  });

  it('when data comes before any #Fields then it is rejected as such', () => {
    expect(createW3cReader().feed(record)).toEqual({ kind: 'reject', reason: 'no-fields-directive' });
  });

  it('when a line holds NUL bytes or is 100 KB long then it is rejected', () => {
    const reader = createW3cReader();
    reader.feed(fields);
    expect(reader.feed('\0\0\0\0')).toEqual({ kind: 'reject', reason: 'nul-bytes' });
    expect(reader.feed('x'.repeat(100_000)).kind).toBe('reject');
  });

  it('when #Date carries trailing text then the date is still taken', () => {
    const reader = createW3cReader();
    reader.feed('#Date: 2010-10-04 00:00:00 extra words');
    expect(reader.date).toBe('2010-10-04');
  });

  it('when a line starts with # but names no W3C directive then it is rejected, not passed over', () => {
    const reader = createW3cReader();
    reader.feed(fields);
    expect(reader.feed('#\u0001\u00ff junk')).toEqual({ kind: 'reject', reason: 'not-a-directive' });
    expect(reader.feed('#garbage: not a directive')).toEqual({ kind: 'reject', reason: 'not-a-directive' });
    expect(reader.feed('#')).toEqual({ kind: 'reject', reason: 'not-a-directive' });
    expect(reader.feed('#Remark: rotated by a script').kind).toBe('directive');
    expect(reader.feed('#Start-Date: 2010-10-04 00:00:00').kind).toBe('directive');
    expect(reader.feed('#Log-type: ActiveSync Log').kind).toBe('directive');
    expect(reader.feed(record).kind).toBe('record');
  });

  it('when #Software and #Version carry trailing text then they stay directives', () => {
    const reader = createW3cReader();
    expect(reader.feed('#Software: Microsoft Internet Information Services 7.5 (patched)').kind).toBe('directive');
    expect(reader.feed('#Version: 1.0 extra').kind).toBe('directive');
    expect(reader.feed('#fields: date time s-ip cs-uri-stem sc-status').kind).toBe('directive');
    expect(reader.layout?.names).toEqual(['date', 'time', 's-ip', 'cs-uri-stem', 'sc-status']);
  });

  it('when blank lines occur then they are neither records nor rejects', () => {
    const reader = createW3cReader();
    expect(records([reader.feed(''), reader.feed('\r')])).toHaveLength(0);
    expect(reader.feed('').kind).toBe('blank');
  });

  it('when resumed with a saved layout then records parse without a header', () => {
    const reader = createW3cReader({ fields: fields.slice('#Fields: '.length), date: null });
    expect(reader.feed(record).kind).toBe('record');
  });
});

describe('field splitting', () => {
  const fieldsOf = (text: string, start = 0, end = text.length): string[] => {
    const spans = new FieldSpans();
    spans.split(text, start, end, text.slice(start, end).includes('"'));
    return Array.from({ length: spans.count }, (_, i) => spans.raw(i));
  };
  it('when values are quoted (Advanced Logging) then spaces inside stay in the value', () => {
    expect(splitQuoted('a "b c" d "e ""q"" f"')).toEqual(['a', 'b c', 'd', 'e "q" f']);
    expect(fieldsOf('a "b c" d "e ""q"" f"')).toEqual(['a', 'b c', 'd', 'e "q" f']);
  });
  it('when no quote is present then it is a plain split', () => {
    expect(fieldsOf('a b - c')).toEqual(['a', 'b', '-', 'c']);
  });
  it('when the line is one of several in a text then only its own fields are read', () => {
    const text = 'x y\na b - 12\nz w';
    const spans = new FieldSpans();
    spans.split(text, 4, 12, false);
    expect(spans.count).toBe(4);
    expect([spans.raw(0), spans.value(2), spans.integer(3), spans.is(1, 'b'), spans.is(1, 'bb')]).toEqual(['a', null, 12, true, false]);
  });
  it('when a number is not plain digits then it is NaN, and absent is null', () => {
    const spans = new FieldSpans();
    spans.split('0x1F4 1e2 - 500 1234567890', 0, 26, false);
    expect([0, 1, 2, 3, 4, -1].map((i) => spans.integer(i))).toEqual([Number.NaN, Number.NaN, null, 500, Number.NaN, null]);
  });
});

describe('parseTimestamp', () => {
  it('when date and time are valid then it gives Unix seconds UTC', () => {
    expect(parseTimestamp('2010-10-04', '07:12:33')).toBe(Date.UTC(2010, 9, 4, 7, 12, 33) / 1000);
  });
  it('when either part is malformed then NaN', () => {
    expect(parseTimestamp('2010-13-04', '07:12:33')).toBeNaN();
    expect(parseTimestamp('2010-10-04', '7:12')).toBeNaN();
    expect(parseTimestamp('garbage!!!', '07:12:33')).toBeNaN();
  });
});
