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

/**
 * The file cannot be read as a table. `message` is written for the person who uploaded the file
 * (what is wrong and what to do); `code` is stable for the API and translations; `line` points at
 * the offending row when there is one.
 */
export class TableFormatError extends Error {
  readonly code: string;
  readonly line: number | undefined;
  constructor(code: string, message: string, line?: number) {
    super(message);
    this.name = 'TableFormatError';
    this.code = code;
    this.line = line;
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
export function buildTable(rawRows: Iterable<RawRow>): Table {
  let headers: string[] | undefined;
  let headerLine = 0;
  const rows: TableRow[] = [];
  for (const raw of rawRows) {
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
