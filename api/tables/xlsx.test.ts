import { describe, it, expect } from 'vitest';
import { TableFormatError, type Table } from './table.ts';
import { cleanSheetName, columnIndex, numberText, parseXlsx, writeXlsx } from './xlsx.ts';
import { readZip, writeZip, type ZipInput } from './zip.ts';

function formatError(run: () => unknown): TableFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TableFormatError);
    return error as TableFormatError;
  }
  throw new Error('expected a TableFormatError');
}

/** Rows as arrays in header order, for compact expectations. */
const grid = (table: Table) => table.rows.map((row) => table.headers.map((h) => row.cells[h]));

describe('writeXlsx → parseXlsx', () => {
  it('round-trips Chinese text, numbers, gaps and more than 26 columns', () => {
    const headers = Array.from({ length: 30 }, (_, i) => `列${i + 1}`);
    const wideRow = Array.from({ length: 30 }, (_, i) => (i % 2 ? i : `值${i}`));
    const bytes = writeXlsx([
      {
        name: '组织树',
        rows: [
          headers,
          ['城关镇团委', 50000, null, '', '西村团支部', 1.5, -3, 0.1],
          [],
          wideRow,
          ['A & B <c> "q" \'s\'', 'line1\nline2', 'tab\there', 'ctl\u0001x', '_x000D_ is literal', '\u{20BB7}字', 1e-7, 2 ** 53],
        ],
        columnWidths: [24, 0, 10],
      },
      { name: 'Other', rows: [['not read'], ['x']] },
    ]);
    const table = parseXlsx(bytes);
    expect(table.headers).toEqual(headers);
    const pad = (cells: string[]) => [...cells, ...Array<string>(30 - cells.length).fill('')];
    expect(grid(table)).toEqual([
      pad(['城关镇团委', '50000', '', '', '西村团支部', '1.5', '-3', '0.1']),
      wideRow.map(String),
      pad(['A & B <c> "q" \'s\'', 'line1\nline2', 'tab\there', 'ctl\u0001x', '_x000D_ is literal', '\u{20BB7}字', '1e-7', '9007199254740992']),
    ]);
    expect(table.rows.map((row) => row.line)).toEqual([2, 4, 5]);
    expect(table.rows[1]!.cells['列30']).toBe('29');
  });

  it('writes a bold, frozen header row, column widths and valid sheet parts', () => {
    const zip = readZip(
      writeXlsx([
        {
          name: 'S',
          rows: [
            ['名称', '人数'],
            ['x', 1],
          ],
          columnWidths: [20],
        },
      ]),
    );
    const sheet = new TextDecoder().decode(zip.read('xl/worksheets/sheet1.xml'));
    expect(sheet).toContain('<c r="A1" s="1" t="inlineStr"><is><t>名称</t></is></c>');
    expect(sheet).toContain('<c r="B2"><v>1</v></c>');
    expect(sheet).toContain('state="frozen"');
    expect(sheet).toContain('<dimension ref="A1:B2"/>');
    expect(sheet).toContain('<col min="1" max="1" width="20" customWidth="1"/>');
    expect(new TextDecoder().decode(zip.read('xl/styles.xml'))).toContain('<b/>');
    expect(zip.names).toContain('[Content_Types].xml');
  });

  it('validates sheet names and cell values', () => {
    expect(() => writeXlsx([])).toThrow(RangeError);
    expect(() => writeXlsx([{ name: 'a/b', rows: [] }])).toThrow(/\[\]:\*\?\/\\/);
    expect(() => writeXlsx([{ name: 'x'.repeat(32), rows: [] }])).toThrow(/31/);
    expect(() =>
      writeXlsx([
        { name: 'Data', rows: [] },
        { name: 'data', rows: [] },
      ]),
    ).toThrow(/twice/);
    expect(() => writeXlsx([{ name: 'S', rows: [[Number.NaN]] }])).toThrow(/finite/);
    expect(cleanSheetName("'城关镇/西村[1]: 统计*?'")).toBe('城关镇_西村_1__ 统计__');
    expect(cleanSheetName('一'.repeat(40))).toHaveLength(31);
    expect(cleanSheetName('  ')).toBe('Sheet');
  });
});

/** A workbook as Excel and WPS write it: shared strings, rich text, prefixed names, formulas, booleans. */
function handMadeWorkbook(parts: Partial<Record<string, string>> = {}): Uint8Array {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const files: Record<string, string> = {
    '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="${main}" xmlns:r="${rel}"><!-- comment --><sheets><sheet name="说明" sheetId="3" state="hidden" r:id="rId3"/><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/data.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="strings.xml"/><Relationship Id="rId3" Type="${rel}/worksheet" Target="./worksheets/../worksheets/hidden.xml"/></Relationships>`,
    'xl/strings.xml': `<sst xmlns="${main}" count="12" uniqueCount="12">
      <si><t>名称</t></si><si><t>备注</t></si><si><t>人数</t></si><si><t>启用</t></si><si><t>公式</t></si><si><t>错误</t></si><si><t>内联</t></si><si><t>比例</t></si>
      <si><r><rPr><b/></rPr><t>城关</t></r><r><rPr><i/></rPr><t xml:space="preserve">镇 团委</t></r></si>
      <si><t>A &amp; B &lt;&#x4E2D;&#25991;&gt; &quot;&apos;</t><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>
      <si><t>line1_x000D__x000A_line2 _x005F_x0041_</t></si>
      <si><t><![CDATA[<raw & text>]]></t></si>
    </sst>`,
    'xl/worksheets/data.xml': `<?xml version="1.0"?><x:worksheet xmlns:x="${main}"><x:dimension ref="A1:H6"/><x:sheetData>
      <x:row r="1" spans="1:8"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c><x:c r="D1" t="s"><x:v>3</x:v></x:c><x:c r="E1" t="s"><x:v>4</x:v></x:c><x:c r="F1" t="s"><x:v>5</x:v></x:c><x:c r="G1" t="s"><x:v>6</x:v></x:c><x:c r="H1" t="s"><x:v>7</x:v></x:c></x:row>
      <x:row r="3"><x:c r="A3" t="s" s="2"><x:v>8</x:v></x:c><x:c r="C3"><x:v>5E4</x:v></x:c><x:c r="D3" t="b"><x:v>1</x:v></x:c><x:c r="E3" t="str"><x:f>CONCAT("计","算")</x:f><x:v>计算</x:v></x:c><x:c r="F3" t="e"><x:v>#N/A</x:v></x:c><x:c r="G3" t="inlineStr"><x:is><x:r><x:t>内</x:t></x:r><x:r><x:t>联</x:t></x:r></x:is></x:c><x:c r="H3" s="4"><x:v>50000.0</x:v></x:c></x:row>
      <x:row r="4"><x:c t="s"><x:v>9</x:v></x:c><x:c t="s"><x:v>10</x:v></x:c><x:c t="n"><x:v>3.3333333333333298E-2</x:v></x:c><x:c t="b"><x:v>0</x:v></x:c><x:c><x:f>1/0</x:f></x:c></x:row>
      <x:row r="5"><x:c r="A5" s="1"/><x:c r="B5" t="s"/></x:row>
      <x:row r="6"><x:c r="B6" t="s"><x:v>11</x:v></x:c></x:row>
    </x:sheetData></x:worksheet>`,
    'xl/worksheets/hidden.xml': `<worksheet xmlns="${main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hidden</t></is></c></row></sheetData></worksheet>`,
  };
  const entries: ZipInput[] = Object.entries({ ...files, ...parts }).flatMap(([name, data]) =>
    data === undefined ? [] : [{ name, data, compress: name !== 'xl/strings.xml' }],
  );
  return writeZip(entries);
}

describe('parseXlsx on workbooks from other programs', () => {
  it('follows relationships to the first visible worksheet and reads every cell type', () => {
    const table = parseXlsx(handMadeWorkbook());
    expect(table.headers).toEqual(['名称', '备注', '人数', '启用', '公式', '错误', '内联', '比例']);
    expect(table.rows).toEqual([
      { line: 3, cells: { 名称: '城关镇 团委', 备注: '', 人数: '50000', 启用: 'TRUE', 公式: '计算', 错误: '#N/A', 内联: '内联', 比例: '50000' } },
      {
        line: 4,
        cells: {
          名称: 'A & B <中文> "\'',
          备注: 'line1\r\nline2 _x0041_',
          人数: '3.3333333333333298E-2',
          启用: 'FALSE',
          公式: '',
          错误: '',
          内联: '',
          比例: '',
        },
      },
      { line: 6, cells: { 名称: '', 备注: '<raw & text>', 人数: '', 启用: '', 公式: '', 错误: '', 内联: '', 比例: '' } },
    ]);
  });

  it('falls back to the default part names when relationships are missing', () => {
    const table = parseXlsx(
      handMadeWorkbook({
        '_rels/.rels': undefined,
        'xl/_rels/workbook.xml.rels': `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>`,
        'xl/workbook.xml': '<workbook><sheets><sheet name="a" r:id="rId1"/></sheets></workbook>',
        'xl/strings.xml': undefined,
        'xl/sharedStrings.xml': '<sst><si><t>only</t></si></sst>',
        'xl/worksheets/data.xml': '<worksheet><sheetData><row><c t="s"><v>0</v></c></row><row><c><v>1</v></c></row></sheetData></worksheet>',
      }),
    );
    expect(table).toEqual({ headers: ['only'], rows: [{ line: 2, cells: { only: '1' } }] });
  });

  it('explains files that are not .xlsx workbooks', () => {
    const csv = formatError(() => parseXlsx(new TextEncoder().encode('名称\n城关镇\n')));
    expect(csv.code).toBe('notXlsx');
    expect(csv.message).toMatch(/not an \.xlsx file.*save it as \.xlsx/);
    const ole = formatError(() => parseXlsx(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])));
    expect(ole.code).toBe('oldXls');
    const docx = writeZip([{ name: 'word/document.xml', data: '<w:document/>' }]);
    expect(formatError(() => parseXlsx(docx)).code).toBe('notXlsx');
    const noSheet = handMadeWorkbook({ 'xl/workbook.xml': '<workbook><sheets/></workbook>' });
    expect(formatError(() => parseXlsx(noSheet)).code).toBe('noWorksheet');
    const broken = handMadeWorkbook({ 'xl/worksheets/data.xml': '<worksheet><sheetData><row><c r="A1" t="inlineStr"' });
    expect(formatError(() => parseXlsx(broken)).code).toBe('corruptXlsx');
    const dtd = handMadeWorkbook({ 'xl/workbook.xml': '<!DOCTYPE x [<!ENTITY a "b">]><workbook/>' });
    expect(formatError(() => parseXlsx(dtd)).code).toBe('corruptXlsx');
    const badRef = handMadeWorkbook({ 'xl/worksheets/data.xml': '<worksheet><sheetData><row><c r="ZZZZ1"><v>1</v></c></row></sheetData></worksheet>' });
    expect(formatError(() => parseXlsx(badRef)).message).toContain('ZZZZ1');
  });
});

describe('cell helpers', () => {
  it('reads numbers as written, integers without a fraction or exponent', () => {
    expect(
      ['50000.0', '5E4', '5e+4', '0.1', '-2.50', '3.3333333333333298E-2', '1.10101199001011E+17', '123456789012345678901', '1E+21'].map(numberText),
    ).toEqual(['50000', '50000', '50000', '0.1', '-2.50', '3.3333333333333298E-2', '110101199001011000', '123456789012345678901', '1E+21']);
  });

  it('turns cell references into column indices', () => {
    expect(['A1', 'Z9', 'AA10', 'AZ1', 'BA1', 'xfd3'].map((ref) => columnIndex(ref))).toEqual([0, 25, 26, 51, 52, 16383]);
    expect(() => columnIndex('XFE1')).toThrow(TableFormatError);
    expect(() => columnIndex('12')).toThrow(TableFormatError);
  });
});

describe('size', () => {
  it('writes and parses 50,000 rows × 10 columns (its speed is the benchmarks’ to measure)', () => {
    const headers = ['名称', '上级', '类型', '编号', '人数', '比例', '备注', '地址', '负责人', '电话'];
    const rows: Array<Array<string | number | null>> = [headers];
    for (let i = 0; i < 50_000; i++) {
      rows.push([
        `城关镇第${i}团支部`,
        `城关镇团委${i % 37}`,
        i % 3 ? '村' : '社区',
        `T${String(i).padStart(6, '0')}`,
        i,
        i / 4,
        i % 10 ? null : 'A&B',
        `甘肃省兰州市${i}号`,
        '张三',
        `138${String(i).padStart(8, '0')}`,
      ]);
    }
    const bytes = writeXlsx([{ name: '组织', rows }]);
    const start = performance.now();
    const table = parseXlsx(bytes);
    const elapsed = performance.now() - start;
    console.log(`parseXlsx: 50,000 rows × 10 columns (${(bytes.length / 1e6).toFixed(1)} MB) in ${elapsed.toFixed(0)} ms`);
    expect(table.headers).toEqual(headers);
    expect(table.rows).toHaveLength(50_000);
    expect(table.rows[49_999]).toEqual({
      line: 50_001,
      cells: {
        名称: '城关镇第49999团支部',
        上级: '城关镇团委12',
        类型: '村',
        编号: 'T049999',
        人数: '49999',
        比例: '12499.75',
        备注: '',
        地址: '甘肃省兰州市49999号',
        负责人: '张三',
        电话: '13800049999',
      },
    });
    expect(table.rows[10]!.cells['备注']).toBe('A&B');
  });
});
