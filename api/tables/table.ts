/**
 * The common shape of an uploaded spreadsheet, whatever file format it came in, so that imports
 * validate rows once and can point the user at the row they see in their spreadsheet program.
 */

/** One data row. `line` is the row number a spreadsheet program shows (the header is usually line 1). */
export interface TableRow {
  line: number;
  /** Trimmed cell text by header name; every header has a key ('' when the cell is empty). */
  cells: Record<string, string>;
}

export interface Table {
  headers: string[];
  rows: TableRow[];
}

/** Why a file cannot be read as a table, one code each (TableFormatError's `code`; worded in api/units/import/messages.ts). */
export const tableCodes = [
  'oldXls',
  'unsupportedFileType',
  'notXlsx',
  'encrypted',
  'noHeader',
  'emptyHeader',
  'duplicateHeader',
  'valueWithoutHeader',
  'unterminatedQuote',
  'noWorksheet',
  'corruptXlsx',
  'corruptZip',
  'zip64',
  'tooLarge',
  'tooManyRows',
  'tooManyCells',
  'cellTooLong',
  'busy',
  'unsupportedCompression',
  'unreadable',
] as const;
export type TableCode = (typeof tableCodes)[number];

/**
 * The file cannot be read as a table. `message` is written for the person who uploaded the file
 * (what is wrong and what to do); `code` is stable for the API and translations; `line` points at
 * the offending row when there is one.
 */
export class TableFormatError extends Error {
  readonly code: TableCode;
  readonly line: number | undefined;
  constructor(code: TableCode, message: string, line?: number) {
    super(message);
    this.name = 'TableFormatError';
    this.code = code;
    this.line = line;
  }
}

/**
 * What reading one upload may take: the bytes a workbook may unpack to, rows, cells, and the
 * length of one cell (Excel's own limit). A file beyond any of them is refused as soon as the
 * reader passes it, before it is held whole.
 */
export interface TableLimits {
  unpackedBytes: number;
  rows: number;
  cells: number;
  cellLength: number;
}

export const DEFAULT_LIMITS: TableLimits = { unpackedBytes: 128 * 1024 * 1024, rows: 200_000, cells: 4_000_000, cellLength: 32_767 };

/** Counts rows and cells as a reader finds them, and refuses the file at the first one over its limits. */
export class TableBudget {
  private rows = 0;
  private cells = 0;
  readonly limits: TableLimits;
  constructor(limits: TableLimits = DEFAULT_LIMITS) {
    this.limits = limits;
  }
  /** One more row of `cells` cells, as the table is built. */
  row(line: number, cells: number): void {
    this.rows++;
    this.cells += cells;
    this.check(this.rows, this.cells, line);
  }
  /** Counts a reader keeps itself while it splits the file (before the table is built). */
  check(rows: number, cells: number, line: number): void {
    if (rows > this.limits.rows) {
      throw new TableFormatError('tooManyRows', `The file has more than ${this.limits.rows.toLocaleString('en')} rows; split it into smaller files`, line);
    }
    if (cells > this.limits.cells) {
      throw new TableFormatError(
        'tooManyCells',
        `The file has more than ${this.limits.cells.toLocaleString('en')} cells; split it into smaller files or remove empty columns`,
        line,
      );
    }
  }
  cell(line: number, length: number, column: number): void {
    if (length > this.limits.cellLength) {
      throw new TableFormatError(
        'cellTooLong',
        `Line ${line}, column ${columnName(column)} holds more than ${this.limits.cellLength.toLocaleString('en')} characters (the most a spreadsheet cell holds)`,
        line,
      );
    }
  }
}

/** A raw row as a reader found it: untrimmed cells by 0-based column. */
export interface RawRow {
  line: number;
  cells: string[];
}

/** 0 → A, 25 → Z, 26 → AA: the column letters people see, for error messages and cell references. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * Turns raw rows into a Table: the first non-empty row is the header, completely empty rows are
 * skipped (their line numbers still count), cells are trimmed. Empty header cells at the end are
 * ignored (Excel often keeps columns that once had content), but a value under such a column is an
 * error rather than silently dropped data.
 */
export function buildTable(rawRows: Iterable<RawRow>, budget = new TableBudget()): Table {
  let headers: string[] | undefined;
  let headerLine = 0;
  const rows: TableRow[] = [];
  for (const raw of rawRows) {
    budget.row(raw.line, raw.cells.length);
    raw.cells.forEach((cell, i) => {
      budget.cell(raw.line, cell.length, i);
    });
    const trimmed = raw.cells.map((cell) => cell.trim());
    if (trimmed.every((cell) => cell === '')) continue;
    if (!headers) {
      headers = readHeaders(trimmed, raw.line);
      headerLine = raw.line;
      continue;
    }
    // A null prototype keeps a header named "__proto__" an ordinary key.
    const cells = Object.create(null) as Record<string, string>;
    for (let i = 0; i < headers.length; i++) cells[headers[i]!] = trimmed[i] ?? '';
    for (let i = headers.length; i < trimmed.length; i++) {
      if (trimmed[i] !== '') {
        throw new TableFormatError(
          'valueWithoutHeader',
          `Line ${raw.line} has a value in column ${columnName(i)}, but that column has no header in line ${headerLine}; add a header or delete the value`,
          raw.line,
        );
      }
    }
    rows.push({ line: raw.line, cells });
  }
  if (!headers) throw new TableFormatError('noHeader', 'The file has no rows; the first row must hold the column headers');
  return { headers, rows };
}

function readHeaders(cells: string[], line: number): string[] {
  let count = cells.length;
  while (count > 0 && cells[count - 1] === '') count--;
  const headers = cells.slice(0, count);
  const seen = new Map<string, number>();
  headers.forEach((name, i) => {
    if (name === '') {
      throw new TableFormatError('emptyHeader', `Column ${columnName(i)} of the header row (line ${line}) is empty; give every column a name`, line);
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new TableFormatError(
        'duplicateHeader',
        `The header "${name}" appears twice in line ${line} (columns ${columnName(first)} and ${columnName(i)}); column names must be unique`,
        line,
      );
    }
    seen.set(name, i);
  });
  return headers;
}
