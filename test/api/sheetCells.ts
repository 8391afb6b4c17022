/**
 * A download's first sheet read back cell by cell with its kind, as a spreadsheet program sees
 * it: numbers as numbers, our date formats as dates ('yyyy-mm-dd' or 'yyyy-mm-dd hh:mm'), text as
 * text. The table reader (parseTable) gives every cell as text; this tells them apart.
 */
import { attribute, decodeText, scanXml } from '../../api/tables/xml.ts';
import { columnIndex } from '../../api/tables/xlsx.ts';
import { readZip } from '../../api/tables/zip.ts';

export type TypedCell = number | string | { date: string } | null;

/** Style 2 is a day, 3 a time to the minute (api/tables/xlsxWrite.ts). */
const DATE_STYLES: Record<string, number> = { '2': 10, '3': 16 };

export function sheetCells(bytes: Uint8Array): TypedCell[][] {
  const xml = new TextDecoder().decode(readZip(bytes).read('xl/worksheets/sheet1.xml'));
  const rows: TypedCell[][] = [];
  let row: TypedCell[] = [];
  let cell = { column: 0, type: 'n', style: '0' };
  let value = '';
  scanXml(
    xml,
    {
      open(name, raw) {
        if (name === 'row') row = [];
        if (name === 'c') {
          cell = { column: columnIndex(attribute(raw, 'r')!), type: attribute(raw, 't') ?? 'n', style: attribute(raw, 's') ?? '0' };
          value = '';
        }
      },
      text(raw) {
        value += decodeText(raw);
      },
      close(name) {
        if (name === 'c') {
          while (row.length < cell.column) row.push(null);
          const length = DATE_STYLES[cell.style];
          row[cell.column] =
            cell.type !== 'n'
              ? value
              : length
                ? { date: new Date(Date.UTC(1899, 11, 30) + Math.round(Number(value) * 1440) * 60_000).toISOString().replace('T', ' ').slice(0, length) }
                : Number(value);
        }
        if (name === 'row') rows.push(row);
      },
    },
    'sheet1',
  );
  return rows;
}
