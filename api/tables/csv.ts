/**
 * CSV as people actually produce it here: RFC 4180 quoting, and either UTF-8 or the GBK/GB18030
 * that Excel in China writes when someone chooses "CSV (逗号分隔)".
 */
import { buildTable, TableFormatError, type RawRow, type Table, TableBudget } from './table.ts';

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/** Parses a CSV upload. Line numbers count records, as a spreadsheet shows them (a quoted newline stays in its row). */
export function parseCsv(bytes: Uint8Array, budget = new TableBudget()): Table {
  return buildTable(csvRecords(decodeText(bytes), budget), budget);
}

/**
 * UTF-8 (with or without BOM) if the bytes are valid UTF-8, otherwise GB18030, a superset of the
 * GBK that Excel uses on Chinese Windows. A strict UTF-8 check is reliable here: GBK text of any
 * length is practically never valid UTF-8.
 */
export function decodeText(bytes: Uint8Array): string {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return new TextDecoder('gb18030').decode(body);
  }
}

/** Splits text into records of raw fields. Lenient where Excel is (a stray quote inside a field is kept). */
export function csvRecords(text: string, budget = new TableBudget()): RawRow[] {
  const records: RawRow[] = [];
  let cells = 0;
  const n = text.length;
  let fields: string[] = [];
  let pos = 0;
  let line = 1;
  while (pos <= n) {
    let field: string;
    if (text.charCodeAt(pos) === QUOTE) {
      // Quoted field: runs to the next quote not doubled; newlines inside belong to the field.
      let value = '';
      let from = pos + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) {
          throw new TableFormatError(
            'unterminatedQuote',
            `A quoted value starting in line ${line} never ends (a " is missing); check that line in the file`,
            line,
          );
        }
        value += text.slice(from, quote);
        if (text.charCodeAt(quote + 1) === QUOTE) {
          value += '"';
          from = quote + 2;
          continue;
        }
        pos = quote + 1;
        break;
      }
      // Text between the closing quote and the next separator is kept, as Excel does.
      const end = fieldEnd(text, pos);
      field = end > pos ? value + text.slice(pos, end) : value;
      pos = end;
    } else {
      const end = fieldEnd(text, pos);
      field = text.slice(pos, end);
      pos = end;
    }
    fields.push(field);
    const c = text.charCodeAt(pos);
    if (c === COMMA) {
      pos++;
      continue;
    }
    // End of record: CRLF, LF, lone CR or end of text.
    if (pos >= n && fields.length === 1 && fields[0] === '') break; // no record after a final newline
    records.push({ line, cells: fields });
    // Counted as they are split, so a file of a million rows stops at the limit, not after it.
    cells += fields.length;
    budget.check(records.length, cells, line);
    fields = [];
    line++;
    if (c === CR && text.charCodeAt(pos + 1) === LF) pos += 2;
    else pos++;
  }
  return records;
}

/** Index of the comma or line break that ends an unquoted field starting at `pos`. */
function fieldEnd(text: string, pos: number): number {
  const n = text.length;
  let i = pos;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === LF || c === CR) break;
    i++;
  }
  return i;
}

/**
 * Writes rows as CSV with a UTF-8 BOM (without it Excel reads UTF-8 as GBK and shows mojibake) and
 * CRLF line ends. Fields are quoted when they contain a comma, quote or line break, or when they
 * start or end with whitespace that a reader might otherwise trim.
 */
export function toCsv(rows: string[][]): string {
  let out = '\uFEFF';
  for (const row of rows) out += `${row.map(csvField).join(',')}\r\n`;
  return out;
}

export function csvField(value: string): string {
  if (/[",\r\n]|^\s|\s$/.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}
