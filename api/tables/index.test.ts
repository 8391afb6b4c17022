import { describe, it, expect } from 'vitest';
import { parseTable, TableFormatError, toCsv, writeXlsx } from './index.ts';

const csvBytes = new TextEncoder().encode(toCsv([['名称'], ['城关镇']]));
const xlsxBytes = writeXlsx([{ name: 'S', rows: [['名称'], ['城关镇']] }]);
const expected = { headers: ['名称'], rows: [{ line: 2, cells: { 名称: '城关镇' } }] };

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TableFormatError);
    return (error as TableFormatError).code;
  }
  throw new Error('expected a TableFormatError');
}

describe('parseTable', () => {
  it('chooses the reader by extension, ignoring case', () => {
    expect(parseTable('组织.csv', csvBytes)).toEqual(expected);
    expect(parseTable('组织.XLSX', xlsxBytes)).toEqual(expected);
  });

  it('reads a workbook saved under a .csv name as the workbook it is', () => {
    expect(parseTable('组织.csv', xlsxBytes)).toEqual(expected);
  });

  it('asks for .xlsx or .csv instead of .xls and unknown types', () => {
    expect(codeOf(() => parseTable('old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0])))).toBe('oldXls');
    expect(codeOf(() => parseTable('old.csv', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0])))).toBe('oldXls');
    expect(codeOf(() => parseTable('notes.txt', csvBytes))).toBe('unsupportedFileType');
    expect(codeOf(() => parseTable('noextension', csvBytes))).toBe('unsupportedFileType');
    expect(codeOf(() => parseTable('fake.xlsx', csvBytes))).toBe('notXlsx');
  });
});

describe('the limits of one upload', () => {
  // Rows count the header too: four rows are a header and three rows of data.
  const limits = { unpackedBytes: 1024 * 1024, rows: 4, cells: 8, cellLength: 10 };
  const code = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as TableFormatError).code;
    }
    return 'read';
  };
  it('refuses more rows, more cells or a longer cell than allowed, in CSV and in a workbook', () => {
    expect(code(() => parseTable('a.csv', new TextEncoder().encode('a,b\n1,2\n3,4\n5,6\n'), limits))).toBe('read');
    expect(code(() => parseTable('a.csv', new TextEncoder().encode('a,b\n1,2\n3,4\n5,6\n7,8\n'), limits))).toBe('tooManyRows');
    expect(code(() => parseTable('a.csv', new TextEncoder().encode('a,b,c\n1,2,3\n4,5,6\n'), limits))).toBe('tooManyCells');
    expect(code(() => parseTable('a.csv', new TextEncoder().encode('a\n12345678901\n'), limits))).toBe('cellTooLong');
    const rows = (n: number) => [['a', 'b'], ...Array.from({ length: n }, (_, i) => [`x${i}`, i])];
    expect(code(() => parseTable('a.xlsx', writeXlsx([{ name: 'S', rows: rows(2) }]), limits))).toBe('read');
    expect(code(() => parseTable('a.xlsx', writeXlsx([{ name: 'S', rows: rows(5) }]), limits))).toBe('tooManyRows');
  });
});
