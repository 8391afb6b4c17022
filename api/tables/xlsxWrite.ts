/**
 * Writes a minimal .xlsx: one part per sheet with inline strings (no shared-string table to keep
 * in step), a bold, frozen header row, and nothing else Excel, WPS or LibreOffice would need.
 *
 * `writeXlsx` builds a workbook in memory; `streamXlsx` sends one while its rows are produced, for
 * exports of tens of thousands of rows. Both write the same parts with the same functions below.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { columnName } from './table.ts';
import { escapeXml } from './xml.ts';
import { streamZip, writeZip, type ZipInput } from './zip.ts';

/**
 * A date cell: a day ('2026-07-05') or a time to the minute ('2026-07-05 09:30'), as people read
 * them where it happened (China). Written as the serial number spreadsheets keep dates as, with a
 * date format, so it sorts and filters as a date; a CSV writes the text.
 */
export interface DateCell {
  date: string;
}

/** One row of cells. null and '' leave the cell empty; numbers must be finite. */
export type SheetRow = ReadonlyArray<string | number | null | DateCell>;

/** A day or minute as a date cell (null stays an empty cell). */
export const dateCell = (date: string | null): DateCell | null => (date === null ? null : { date });

export interface SheetInput {
  /** 1–31 characters, none of []:*?/\ (see `cleanSheetName`), unique ignoring case. */
  name: string;
  /** The first row is the header (bold and frozen). null and '' leave the cell empty. */
  rows: SheetRow[];
  /** Widths in characters by column; missing or 0 keeps the default width. */
  columnWidths?: number[];
  /**
   * Drop-down lists (data validation): cells of `column` (0-based) from row `fromRow` to `toRow`
   * (1-based) accept only these values. The values joined by commas must stay within 255 characters.
   */
  lists?: ReadonlyArray<{ column: number; fromRow: number; toRow: number; values: readonly string[] }>;
}

export interface StreamSheetInput {
  /** As in `SheetInput`. */
  name: string;
  /**
   * Title lines above the header, as official statistical tables have ("附件1 乡镇团委建设情况统计表",
   * "填报单位：…  截至：2026-09-25"): bold, each merged across the header's width.
   */
  title?: readonly string[];
  /** The column header (bold; the panes are frozen below it). */
  header: readonly string[];
  /** The data rows, read as the stream is read: an array, a generator, or an async one (a database cursor). */
  rows: Iterable<SheetRow> | AsyncIterable<SheetRow>;
  /** As in `SheetInput`. */
  columnWidths?: number[];
}

const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
const MAX_CELL_TEXT = 32_767;
/** A streamed sheet sends its rows in batches of this many rows (or of BATCH_CHARS), yielding to the event loop after each. */
const BATCH_ROWS = 500;
const BATCH_CHARS = 16 * 1024;
/** Style 1 in STYLES: bold, for title and header rows; 2 and 3: a day and a time to the minute. */
const BOLD = 1;
const DAY_STYLE = 2;
const MINUTE_STYLE = 3;
/** Day 0 of spreadsheets' serial dates (1899-12-30, which keeps Excel's 1900 leap-year slip right from March 1900). */
const SERIAL_EPOCH = Date.UTC(1899, 11, 30);
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/;
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

export function writeXlsx(sheets: SheetInput[]): Uint8Array {
  const files: ZipInput[] = workbookParts(sheets);
  sheets.forEach((sheet, i) => {
    const { rows } = sheet;
    const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
    const dimension = `A1${width > 0 && rows.length > 0 ? `:${columnLetters(width - 1)}${rows.length}` : ''}`;
    const out = [worksheetHead(sheet, { selected: i === 0, frozenRows: rows.length > 0 ? 1 : 0, dimension })];
    rows.forEach((row, r) => {
      out.push(rowXml(sheet.name, row, r + 1, r === 0 ? BOLD : 0));
    });
    out.push(worksheetTail(0, 0, sheet.lists ?? []));
    files.push({ name: worksheetPath(i), data: out.join('') });
  });
  return writeZip(files);
}

/**
 * Streams a workbook whose rows are produced while it is sent, so a large export starts at once,
 * never holds the whole file, and never blocks other requests for long (it yields to the event
 * loop between batches of rows). Use it as a response body:
 *
 *     return new Response(streamXlsx([{ name: '统计表', title, header, rows: cursor }]), {
 *       headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ... },
 *     });
 *
 * Sheet names, title, header and column widths are checked here and throw a RangeError at once;
 * a bad row (a non-finite number, an over-long text, more than 1,048,576 rows) or an error thrown
 * by `rows` errors the stream, as does an archive beyond 4 GiB. Rows are read only as the stream is
 * read; cancelling it ends the row iterators. The sheets have no <dimension> (their size is not
 * known in advance; Excel, WPS and LibreOffice do without).
 */
export function streamXlsx(sheets: StreamSheetInput[]): ReadableStream<Uint8Array> {
  const fixed = workbookParts(sheets);
  const parts = sheets.map((sheet, i) => {
    if (sheet.header.length === 0) throw new RangeError(`Sheet "${sheet.name}" needs a header row`);
    const title = sheet.title ?? [];
    // Everything up to the header row is written now, so that its mistakes throw here rather than mid-download.
    let head = worksheetHead(sheet, { selected: i === 0, frozenRows: title.length + 1 });
    title.forEach((line, r) => {
      head += rowXml(sheet.name, [line], r + 1, BOLD);
    });
    head += rowXml(sheet.name, sheet.header, title.length + 1, BOLD);
    const tail = worksheetTail(title.length, sheet.header.length);
    return { name: worksheetPath(i), data: worksheetChunks(sheet.name, head, title.length + 1, sheet.rows, tail) };
  });
  return streamZip([...fixed, ...parts]);
}

/** A streamed worksheet part: the head, the rows in batches, the tail. */
async function* worksheetChunks(
  sheetName: string,
  head: string,
  headerLine: number,
  rows: Iterable<SheetRow> | AsyncIterable<SheetRow>,
  tail: string,
): AsyncGenerator<string, void, undefined> {
  let batch = head;
  let line = headerLine;
  let count = 0;
  for await (const row of rows) {
    batch += rowXml(sheetName, row, ++line, 0);
    if (++count === BATCH_ROWS || batch.length >= BATCH_CHARS) {
      yield batch;
      batch = '';
      count = 0;
      await nextTurn(); // let other requests run between batches
    }
  }
  yield batch + tail;
}

/** Makes any text a valid sheet name: forbidden characters become '_', trimmed to 31 characters. */
export function cleanSheetName(text: string): string {
  let name = text
    .replace(/[[\]:*?/\\\x00-\x1f]/g, '_')
    .trim()
    .replace(/^'+|'+$/g, '');
  if (name.length > 31) name = name.slice(0, /[\ud800-\udbff]/.test(name[30]!) ? 30 : 31).replace(/'+$/, '');
  return name === '' || name.toLowerCase() === 'history' ? 'Sheet' : name;
}

function checkSheetName(name: string): void {
  if (name.length === 0 || name.length > 31) throw new RangeError(`Sheet name "${name}" must have 1 to 31 characters`);
  if (/[[\]:*?/\\\x00-\x1f]/.test(name)) throw new RangeError(`Sheet name "${name}" must not contain any of []:*?/\\`);
  if (name.startsWith("'") || name.endsWith("'")) throw new RangeError(`Sheet name "${name}" must not start or end with an apostrophe`);
  if (name.toLowerCase() === 'history') throw new RangeError('Sheet name "History" is reserved by Excel');
}

/** The parts besides the worksheets (content types, relationships, workbook, styles), after checking the sheet names. */
function workbookParts(sheets: ReadonlyArray<{ name: string }>): ZipInput[] {
  if (sheets.length === 0) throw new RangeError('A workbook needs at least one sheet');
  const seen = new Set<string>();
  for (const sheet of sheets) {
    checkSheetName(sheet.name);
    const key = sheet.name.toLowerCase();
    if (seen.has(key)) throw new RangeError(`Sheet name "${sheet.name}" is used twice (names are compared ignoring case)`);
    seen.add(key);
  }
  return [
    { name: '[Content_Types].xml', data: contentTypes(sheets.length) },
    {
      name: '_rels/.rels',
      data: `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    { name: 'xl/workbook.xml', data: workbook(sheets) },
    { name: 'xl/_rels/workbook.xml.rels', data: workbookRels(sheets.length) },
    { name: 'xl/styles.xml', data: STYLES },
  ];
}

function worksheetPath(index: number): string {
  return `xl/worksheets/sheet${index + 1}.xml`;
}

function contentTypes(sheetCount: number): string {
  let overrides = `<Override PartName="/xl/workbook.xml" ContentType="${CONTENT_TYPE}.sheet.main+xml"/>`;
  overrides += `<Override PartName="/xl/styles.xml" ContentType="${CONTENT_TYPE}.styles+xml"/>`;
  for (let i = 0; i < sheetCount; i++) overrides += `<Override PartName="/${worksheetPath(i)}" ContentType="${CONTENT_TYPE}.worksheet+xml"/>`;
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    `<Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`
  );
}

function workbook(sheets: ReadonlyArray<{ name: string }>): string {
  const entries = sheets.map((sheet, i) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  return `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${entries}</sheets></workbook>`;
}

function workbookRels(sheetCount: number): string {
  let rels = '';
  for (let i = 1; i <= sheetCount; i++) rels += `<Relationship Id="rId${i}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i}.xml"/>`;
  rels += `<Relationship Id="rId${sheetCount + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`;
  return `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}">${rels}</Relationships>`;
}

/** Style 0 is the default; style 1 is the same with a bold font, for title and header rows; 2 and 3 show dates. */
const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/**
 * A worksheet part up to its first row: the frozen panes below `frozenRows` (none if 0), column
 * widths, and the <dimension> when the size is known.
 */
function worksheetHead(sheet: { columnWidths?: number[] }, layout: { selected: boolean; frozenRows: number; dimension?: string }): string {
  let xml = `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`;
  if (layout.dimension !== undefined) xml += `<dimension ref="${layout.dimension}"/>`;
  xml += `<sheetViews><sheetView${layout.selected ? ' tabSelected="1"' : ''} workbookViewId="0">`;
  if (layout.frozenRows > 0) {
    const top = `A${layout.frozenRows + 1}`;
    xml += `<pane ySplit="${layout.frozenRows}" topLeftCell="${top}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="${top}" sqref="${top}"/>`;
  }
  xml += '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>';
  const cols = (sheet.columnWidths ?? []).flatMap((w, i) => {
    if (!(w > 0)) return [];
    if (!Number.isFinite(w) || w > 255) throw new RangeError(`Column width ${w} is not between 0 and 255`);
    return [`<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`];
  });
  if (cols.length > 0) xml += `<cols>${cols.join('')}</cols>`;
  return `${xml}<sheetData>`;
}

/** The end of a worksheet part: the first `titleRows` rows each merged across `width` columns, and the drop-down lists. */
function worksheetTail(titleRows: number, width: number, lists: NonNullable<SheetInput['lists']> = []): string {
  let xml = '</sheetData>';
  if (titleRows > 0 && width > 1) {
    xml += `<mergeCells count="${titleRows}">`;
    for (let line = 1; line <= titleRows; line++) xml += `<mergeCell ref="A${line}:${columnLetters(width - 1)}${line}"/>`;
    xml += '</mergeCells>';
  }
  if (lists.length > 0) {
    xml += `<dataValidations count="${lists.length}">`;
    for (const list of lists) {
      const values = list.values.join(',');
      if (values.length > 255 || list.values.some((value) => value.includes(',') || value.includes('"')))
        throw new RangeError(`A drop-down list holds at most 255 characters, without commas or quotes: ${values}`);
      const column = columnLetters(list.column);
      xml += `<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="${column}${list.fromRow}:${column}${list.toRow}"><formula1>"${escapeXml(values)}"</formula1></dataValidation>`;
    }
    xml += '</dataValidations>';
  }
  return `${xml}</worksheet>`;
}

/** One <row> at `line` (1-based), or '' for a row without values (its line stays empty). */
function rowXml(sheetName: string, row: SheetRow, line: number, style: number): string {
  if (line > MAX_ROWS) throw new RangeError(`Sheet "${sheetName}" has more than ${MAX_ROWS} rows, the most a sheet holds`);
  if (row.length > MAX_COLUMNS) throw new RangeError(`Row ${line} of sheet "${sheetName}" has ${row.length} columns; a sheet holds at most ${MAX_COLUMNS}`);
  const s = style === 0 ? '' : ` s="${style}"`;
  let xml = '';
  for (let c = 0; c < row.length; c++) {
    const value = row[c];
    if (value === null || value === undefined || value === '') continue;
    const ref = columnLetters(c) + line;
    if (typeof value === 'object') {
      xml += `<c r="${ref}" s="${value.date.length > 10 ? MINUTE_STYLE : DAY_STYLE}"><v>${serialOf(value.date, ref, sheetName)}</v></c>`;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`Cell ${ref} of sheet "${sheetName}" is ${value}; only finite numbers can be written`);
      xml += `<c r="${ref}"${s}><v>${value}</v></c>`;
    } else {
      if (value.length > MAX_CELL_TEXT)
        throw new RangeError(`Cell ${ref} of sheet "${sheetName}" has ${value.length} characters; a cell holds at most ${MAX_CELL_TEXT}`);
      const space = /^\s|\s$/.test(value) ? ' xml:space="preserve"' : '';
      xml += `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${escapeXml(value)}</t></is></c>`;
    }
  }
  return xml === '' ? '' : `<row r="${line}">${xml}</row>`;
}

/** '2026-07-05' → 46208; '2026-07-05 12:00' → 46208.5. */
function serialOf(date: string, ref: string, sheetName: string): number {
  const parts = DATE_TEXT.exec(date);
  if (!parts) throw new RangeError(`Cell ${ref} of sheet "${sheetName}" holds the date "${date}"; write yyyy-mm-dd or yyyy-mm-dd hh:mm`);
  const [, year, month, day, hour = '0', minute = '0'] = parts;
  const minutes = (Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute)) - SERIAL_EPOCH) / 60_000;
  // Whole minutes over a day: a short decimal, exact enough to read back to the minute.
  return Math.round((minutes / 1440) * 1e8) / 1e8;
}

const letters: string[] = [];

/** columnName, remembered: it is asked for every cell. */
function columnLetters(index: number): string {
  return (letters[index] ??= columnName(index));
}
