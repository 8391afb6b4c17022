/**
 * Reads the first worksheet of an .xlsx (Office Open XML) workbook into a Table, by following the
 * package's own relationships rather than assuming Excel's part names, so files from WPS,
 * LibreOffice and export libraries read the same.
 */
import { buildTable, TableBudget, TableFormatError, type RawRow, type Table } from './table.ts';
import { attribute, attributes, decodeOfficeEscapes, decodeText, scanXml } from './xml.ts';
import { looksLikeZip, readZip, type ZipArchive } from './zip.ts';

export { cleanSheetName, streamXlsx, writeXlsx, type SheetInput, type SheetRow, type StreamSheetInput } from './xlsxWrite.ts';

/** The largest column an .xlsx can have (XFD); beyond it a cell reference is corrupt. */
const MAX_COLUMNS = 16384;

export function parseXlsx(bytes: Uint8Array, budget = new TableBudget()): Table {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    // The OLE2 container: old .xls, and also what Excel writes for password-protected .xlsx.
    throw new TableFormatError(
      'oldXls',
      'This is an old Excel .xls file or a password-protected workbook; open it in Excel or WPS and save it as .xlsx without a password',
    );
  }
  if (!looksLikeZip(bytes)) throw notXlsx();
  const zip = readZip(bytes, { maxBytes: budget.limits.unpackedBytes });
  const workbookPath = relationships(zip, '').find((rel) => rel.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbook = readPart(zip, workbookPath);
  if (workbook === undefined) throw notXlsx();
  const rels = relationships(zip, workbookPath);
  const sheetPath = firstWorksheet(workbook, rels);
  const sheet = readPart(zip, sheetPath);
  if (sheet === undefined)
    throw new TableFormatError('corruptXlsx', `The workbook is damaged (${sheetPath} is missing); open it in Excel or WPS and save it again`);
  const sharedPath = rels.find((rel) => rel.type.endsWith('/sharedStrings'))?.target ?? 'xl/sharedStrings.xml';
  const sharedXml = readPart(zip, sharedPath);
  return buildTable(sheetRows(sheet, sharedXml === undefined ? [] : sharedStrings(sharedXml, sharedPath), sheetPath, budget), budget);
}

function notXlsx(): TableFormatError {
  return new TableFormatError('notXlsx', 'This is not an .xlsx file (maybe an old .xls?); open it in Excel or WPS and save it as .xlsx');
}

/** A package part as text: XML parts are UTF-8, rarely UTF-16 with a byte order mark. */
function readPart(zip: ZipArchive, path: string): string | undefined {
  const bytes = zip.read(path);
  if (!bytes) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder().decode(bytes);
}

interface Relationship {
  id: string;
  type: string;
  /** Resolved to a path inside the package. */
  target: string;
}

/** The relationships of a part (`''` for the package itself), from its `_rels/<name>.rels`. */
function relationships(zip: ZipArchive, partPath: string): Relationship[] {
  const slash = partPath.lastIndexOf('/');
  const dir = partPath.slice(0, slash + 1);
  const xml = readPart(zip, `${dir}_rels/${partPath.slice(slash + 1)}.rels`);
  const result: Relationship[] = [];
  if (xml === undefined) return result;
  scanXml(
    xml,
    {
      open(name, raw) {
        if (name !== 'Relationship') return;
        const a = attributes(raw);
        if (a.TargetMode === 'External' || !a.Target) return;
        result.push({ id: a.Id ?? '', type: a.Type ?? '', target: resolvePath(dir, a.Target) });
      },
      close() {},
      text() {},
    },
    'relationships',
  );
  return result;
}

/** Resolves a relationship target against the source part's folder ('/xl/x.xml' is absolute). */
function resolvePath(dir: string, target: string): string {
  const segments: string[] = [];
  for (const segment of (target.startsWith('/') ? target : dir + target).split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

/** The first worksheet in tab order that is not hidden (the first worksheet if all are), skipping chart sheets. */
function firstWorksheet(workbookXml: string, rels: Relationship[]): string {
  const worksheets: Array<{ path: string; hidden: boolean }> = [];
  scanXml(
    workbookXml,
    {
      open(name, raw) {
        if (name !== 'sheet') return;
        const a = attributes(raw);
        const rel = rels.find((r) => r.id === a.id);
        if (rel?.type.endsWith('/worksheet')) worksheets.push({ path: rel.target, hidden: a.state === 'hidden' || a.state === 'veryHidden' });
      },
      close() {},
      text() {},
    },
    'the workbook',
  );
  const sheet = worksheets.find((w) => !w.hidden) ?? worksheets[0];
  if (!sheet) throw new TableFormatError('noWorksheet', 'The workbook has no worksheet with data; put the table on the first sheet');
  return sheet.path;
}

/** The shared string table; rich text runs are concatenated, phonetic guides (<rPh>) left out. */
function sharedStrings(xml: string, part: string): string[] {
  const strings: string[] = [];
  let current = '';
  let capture = false;
  let phonetic = 0;
  scanXml(
    xml,
    {
      open(name) {
        if (name === 'si') current = '';
        else if (name === 't') capture = phonetic === 0;
        else if (name === 'rPh') phonetic++;
      },
      close(name) {
        if (name === 't') capture = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 'si') strings.push(decodeOfficeEscapes(current));
      },
      text(raw, cdata) {
        if (capture) current += cdata ? raw.replace(/\r\n?/g, '\n') : decodeText(raw);
      },
    },
    part,
  );
  return strings;
}

/** Rows of the sheet as the table builder wants them: `line` from <row r>, cells dense from column A. */
function sheetRows(xml: string, shared: string[], part: string, budget: TableBudget): RawRow[] {
  const rows: RawRow[] = [];
  let cellCount = 0;
  let cells: string[] = [];
  let line = 0;
  let column = -1;
  let type = 'n';
  let value = '';
  let inCell = false;
  let capture = false;
  let phonetic = 0;
  scanXml(
    xml,
    {
      open(name, raw) {
        if (name === 'c') {
          const ref = attribute(raw, 'r');
          column = ref === undefined ? column + 1 : columnIndex(ref, part);
          type = attribute(raw, 't') ?? 'n';
          value = '';
          inCell = true;
        } else if (inCell) {
          if (name === 'v' || name === 't') capture = phonetic === 0;
          else if (name === 'rPh') phonetic++;
        } else if (name === 'row') {
          const r = Number(attribute(raw, 'r'));
          line = Number.isInteger(r) && r > 0 ? r : line + 1; // r is optional; rows without it follow on
          cells = [];
          column = -1;
        }
      },
      close(name) {
        if (name === 'v' || name === 't') capture = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 'c') {
          inCell = false;
          const text = cellText(type, value, shared, part);
          if (text !== '') {
            while (cells.length < column) cells.push('');
            cells[column] = text;
          }
        } else if (name === 'row') {
          rows.push({ line, cells });
          // Counted as they are read, so a sheet of a million rows stops at the limit, not after it.
          cellCount += cells.length;
          budget.check(rows.length, cellCount, line);
        }
      },
      text(raw, cdata) {
        if (capture) value += cdata ? raw.replace(/\r\n?/g, '\n') : decodeText(raw);
      },
    },
    part,
  );
  return rows;
}

function cellText(type: string, value: string, shared: string[], part: string): string {
  switch (type) {
    case 's': {
      if (value === '') return '';
      const text = shared[Number(value)];
      if (text === undefined)
        throw new TableFormatError(
          'corruptXlsx',
          `The workbook is damaged (a cell in ${part} refers to a missing shared string); save it again from Excel or WPS`,
        );
      return text;
    }
    case 'b':
      return value === '' ? '' : value.trim() === '1' ? 'TRUE' : 'FALSE';
    case 'str':
    case 'inlineStr':
      return decodeOfficeEscapes(value);
    case 'n':
      return numberText(value.trim());
    default: // 'e' (error such as #N/A) and 'd' (ISO date) are shown as written
      return value;
  }
}

/** A number as written in <v>, except that integer-valued floats (50000.0, 5E4) read as integers. */
export function numberText(value: string): string {
  if (!/[.eE]/.test(value)) return value;
  const n = Number(value);
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? String(n) : value;
}

/** 'A1' → 0, 'AA7' → 26: the column part of a cell reference. */
export function columnIndex(ref: string, part = 'the sheet'): number {
  let index = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~32; // upper-case
    if (c < 65 || c > 90) break;
    index = index * 26 + (c - 64);
  }
  if (i === 0 || index > MAX_COLUMNS) {
    throw new TableFormatError('corruptXlsx', `The workbook is damaged (bad cell reference "${ref}" in ${part}); save it again from Excel or WPS`);
  }
  return index - 1;
}
