/**
 * Writes a minimal .xlsx: one part per sheet with inline strings (no shared-string table to keep
 * in step), a bold, frozen header row, and nothing else Excel, WPS or LibreOffice would need.
 */
import { columnName } from './table.ts';
import { escapeXml } from './xml.ts';
import { writeZip, type ZipInput } from './zip.ts';

export interface SheetInput {
  /** 1–31 characters, none of []:*?/\ (see `cleanSheetName`), unique ignoring case. */
  name: string;
  /** The first row is the header (bold and frozen). null and '' leave the cell empty. */
  rows: Array<Array<string | number | null>>;
  /** Widths in characters by column; missing or 0 keeps the default width. */
  columnWidths?: number[];
}

const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
const MAX_CELL_TEXT = 32_767;
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

export function writeXlsx(sheets: SheetInput[]): Uint8Array {
  if (sheets.length === 0) throw new RangeError('A workbook needs at least one sheet');
  const seen = new Set<string>();
  for (const sheet of sheets) {
    checkSheetName(sheet.name);
    const key = sheet.name.toLowerCase();
    if (seen.has(key)) throw new RangeError(`Sheet name "${sheet.name}" is used twice (names are compared ignoring case)`);
    seen.add(key);
  }
  const files: ZipInput[] = [
    { name: '[Content_Types].xml', data: contentTypes(sheets.length) },
    { name: '_rels/.rels', data: `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: workbook(sheets) },
    { name: 'xl/_rels/workbook.xml.rels', data: workbookRels(sheets.length) },
    { name: 'xl/styles.xml', data: STYLES },
  ];
  sheets.forEach((sheet, i) => files.push({ name: `xl/worksheets/sheet${i + 1}.xml`, data: worksheet(sheet, i === 0) }));
  return writeZip(files);
}

/** Makes any text a valid sheet name: forbidden characters become '_', trimmed to 31 characters. */
export function cleanSheetName(text: string): string {
  let name = text.replace(/[[\]:*?/\\\x00-\x1f]/g, '_').trim().replace(/^'+|'+$/g, '');
  if (name.length > 31) name = name.slice(0, /[\ud800-\udbff]/.test(name[30]!) ? 30 : 31).replace(/'+$/, '');
  return name === '' || name.toLowerCase() === 'history' ? 'Sheet' : name;
}

function checkSheetName(name: string): void {
  if (name.length === 0 || name.length > 31) throw new RangeError(`Sheet name "${name}" must have 1 to 31 characters`);
  if (/[[\]:*?/\\\x00-\x1f]/.test(name)) throw new RangeError(`Sheet name "${name}" must not contain any of []:*?/\\`);
  if (name.startsWith("'") || name.endsWith("'")) throw new RangeError(`Sheet name "${name}" must not start or end with an apostrophe`);
  if (name.toLowerCase() === 'history') throw new RangeError('Sheet name "History" is reserved by Excel');
}

function contentTypes(sheetCount: number): string {
  let overrides = `<Override PartName="/xl/workbook.xml" ContentType="${CONTENT_TYPE}.sheet.main+xml"/>`;
  overrides += `<Override PartName="/xl/styles.xml" ContentType="${CONTENT_TYPE}.styles+xml"/>`;
  for (let i = 1; i <= sheetCount; i++) overrides += `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="${CONTENT_TYPE}.worksheet+xml"/>`;
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    `<Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`
  );
}

function workbook(sheets: SheetInput[]): string {
  const entries = sheets.map((sheet, i) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  return `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${entries}</sheets></workbook>`;
}

function workbookRels(sheetCount: number): string {
  let rels = '';
  for (let i = 1; i <= sheetCount; i++) rels += `<Relationship Id="rId${i}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i}.xml"/>`;
  rels += `<Relationship Id="rId${sheetCount + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`;
  return `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}">${rels}</Relationships>`;
}

/** Style 0 is the default; style 1 is the same with a bold font, for the header row. */
const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

function worksheet(sheet: SheetInput, selected: boolean): string {
  const { rows } = sheet;
  if (rows.length > MAX_ROWS) throw new RangeError(`Sheet "${sheet.name}" has ${rows.length} rows; a sheet holds at most ${MAX_ROWS}`);
  const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
  if (width > MAX_COLUMNS) throw new RangeError(`Sheet "${sheet.name}" has ${width} columns; a sheet holds at most ${MAX_COLUMNS}`);
  const letters = Array.from({ length: width }, (_, i) => columnName(i));
  const out: string[] = [`${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`];
  out.push(`<dimension ref="A1${width > 0 && rows.length > 0 ? `:${letters[width - 1]}${rows.length}` : ''}"/>`);
  out.push(`<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">`);
  if (rows.length > 0) out.push('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>');
  out.push('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>');
  const cols = (sheet.columnWidths ?? []).flatMap((w, i) => {
    if (!(w > 0)) return [];
    if (!Number.isFinite(w) || w > 255) throw new RangeError(`Column width ${w} is not between 0 and 255`);
    return [`<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`];
  });
  if (cols.length > 0) out.push(`<cols>${cols.join('')}</cols>`);
  out.push('<sheetData>');
  rows.forEach((row, r) => {
    const line = r + 1;
    const style = r === 0 ? ' s="1"' : '';
    let xml = '';
    for (let c = 0; c < row.length; c++) {
      const value = row[c];
      if (value === null || value === undefined || value === '') continue;
      const ref = letters[c]! + line;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new RangeError(`Cell ${ref} of sheet "${sheet.name}" is ${value}; only finite numbers can be written`);
        xml += `<c r="${ref}"${style}><v>${value}</v></c>`;
      } else {
        if (value.length > MAX_CELL_TEXT) throw new RangeError(`Cell ${ref} of sheet "${sheet.name}" has ${value.length} characters; a cell holds at most ${MAX_CELL_TEXT}`);
        const space = /^\s|\s$/.test(value) ? ' xml:space="preserve"' : '';
        xml += `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${escapeXml(value)}</t></is></c>`;
      }
    }
    if (xml !== '') out.push(`<row r="${line}">${xml}</row>`);
  });
  out.push('</sheetData></worksheet>');
  return out.join('');
}
