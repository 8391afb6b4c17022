import { describe, it, expect } from 'vitest';
import { parseCsv, toCsv } from './csv.ts';
import { TableFormatError } from './table.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

function formatError(run: () => unknown): TableFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TableFormatError);
    return error as TableFormatError;
  }
  throw new Error('expected a TableFormatError');
}

describe('parseCsv', () => {
  it('reads headers and rows with line numbers as a spreadsheet shows them', () => {
    const table = parseCsv(utf8('名称,类型\r\n城关镇团委,乡镇\r\n西村团支部,村\r\n'));
    expect(table.headers).toEqual(['名称', '类型']);
    expect(table.rows).toEqual([
      { line: 2, cells: { 名称: '城关镇团委', 类型: '乡镇' } },
      { line: 3, cells: { 名称: '西村团支部', 类型: '村' } },
    ]);
  });

  it('handles quoted fields: embedded commas, doubled quotes, newlines, and LF or lone CR line ends', () => {
    const table = parseCsv(utf8('a,b,c\n"x, y","say ""hi""","two\r\nlines"\r"last",,\n'));
    expect(table.rows).toEqual([
      { line: 2, cells: { a: 'x, y', b: 'say "hi"', c: 'two\r\nlines' } },
      { line: 3, cells: { a: 'last', b: '', c: '' } },
    ]);
  });

  it('counts a quoted multi-line value as one row, so later line numbers match the spreadsheet', () => {
    const table = parseCsv(utf8('a,b\n"1\n2\n3",x\ny,z'));
    expect(table.rows.map((row) => row.line)).toEqual([2, 3]);
    expect(table.rows[1]!.cells).toEqual({ a: 'y', b: 'z' });
  });

  it('is lenient like Excel with stray quotes inside or after a field', () => {
    const table = parseCsv(utf8('a,b\n5" pipe,"quoted"tail\n'));
    expect(table.rows[0]!.cells).toEqual({ a: '5" pipe', b: 'quotedtail' });
  });

  it('skips completely empty rows but keeps counting their lines, and trims cells', () => {
    const table = parseCsv(utf8('\n 名称 , 人数 \n\n  城关镇  ,  12 \n , \n\n西村,3\n\n'));
    expect(table.headers).toEqual(['名称', '人数']);
    expect(table.rows).toEqual([
      { line: 4, cells: { 名称: '城关镇', 人数: '12' } },
      { line: 7, cells: { 名称: '西村', 人数: '3' } },
    ]);
  });

  it('fills short rows with empty cells', () => {
    expect(parseCsv(utf8('a,b,c\n1\n')).rows[0]!.cells).toEqual({ a: '1', b: '', c: '' });
  });

  it('strips a UTF-8 byte order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('名称\n城关镇\n')]);
    expect(parseCsv(bytes).headers).toEqual(['名称']);
  });

  it('reads GBK/GB18030 bytes as Excel in China saves them', () => {
    // "名称\r\n城关镇\r\n" in GBK: 名 c3fb, 称 b3c6, 城 b3c7, 关 b9d8, 镇 d5f2
    const bytes = new Uint8Array([0xc3, 0xfb, 0xb3, 0xc6, 0x0d, 0x0a, 0xb3, 0xc7, 0xb9, 0xd8, 0xd5, 0xf2, 0x0d, 0x0a]);
    expect(parseCsv(bytes)).toEqual({ headers: ['名称'], rows: [{ line: 2, cells: { 名称: '城关镇' } }] });
  });

  it('rejects an unterminated quote with the line it started on', () => {
    const error = formatError(() => parseCsv(utf8('a,b\n1,2\n"open,3\n4,5\n')));
    expect(error.code).toBe('unterminatedQuote');
    expect(error.line).toBe(3);
  });

  it('rejects empty and duplicate headers, naming the columns', () => {
    const empty = formatError(() => parseCsv(utf8('名称,,类型\n')));
    expect(empty.code).toBe('emptyHeader');
    expect(empty.message).toContain('Column B');
    const duplicate = formatError(() => parseCsv(utf8('名称,类型, 名称 \n')));
    expect(duplicate.code).toBe('duplicateHeader');
    expect(duplicate.message).toContain('"名称"');
    expect(duplicate.message).toContain('columns A and C');
  });

  it('ignores empty trailing header cells but rejects a value under them', () => {
    expect(parseCsv(utf8('a,b,,\n1,2,,\n')).headers).toEqual(['a', 'b']);
    const error = formatError(() => parseCsv(utf8('a,b,,\n1,2,,\n3,4,,oops\n')));
    expect(error.code).toBe('valueWithoutHeader');
    expect(error.line).toBe(3);
    expect(error.message).toContain('column D');
  });

  it('rejects a file without any rows', () => {
    expect(formatError(() => parseCsv(utf8(''))).code).toBe('noHeader');
    expect(formatError(() => parseCsv(utf8('\r\n , \r\n'))).code).toBe('noHeader');
  });

  it('keeps a header called __proto__ as an ordinary column', () => {
    const row = parseCsv(utf8('__proto__,b\nx,y\n')).rows[0]!;
    expect(Object.keys(row.cells)).toEqual(['__proto__', 'b']);
    // biome-ignore lint/suspicious/noProto: the test is that a column named __proto__ is kept as a cell, not a prototype
    expect(row.cells['__proto__']).toBe('x');
  });
});

describe('toCsv', () => {
  it('starts with a BOM, uses CRLF and quotes only where needed', () => {
    const text = toCsv([
      ['名称', '备注'],
      ['城关镇', 'a, b'],
      ['say "hi"', 'two\nlines'],
      [' padded', ''],
    ]);
    expect(text).toBe('\uFEFF名称,备注\r\n城关镇,"a, b"\r\n"say ""hi""","two\nlines"\r\n" padded",\r\n');
  });

  it('round-trips through parseCsv', () => {
    const rows = [
      ['名称', '备注', '人数'],
      ['城关镇团委', '含"引号", 逗号\r\n和换行', '50000'],
      ['西村', '', '3'],
    ];
    const table = parseCsv(new TextEncoder().encode(toCsv(rows)));
    expect(table.headers).toEqual(rows[0]);
    expect(table.rows.map((row) => table.headers.map((h) => row.cells[h]))).toEqual(rows.slice(1));
  });
});
