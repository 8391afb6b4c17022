/**
 * Reading and writing the spreadsheet files people upload and download. Imports call
 * `parseTable` and get the same Table from .xlsx and .csv alike; exports call `writeXlsx`, or
 * `streamXlsx` for tables too large to build in memory (a province's statistics).
 */
import { parseCsv } from './csv.ts';
import { TableBudget, TableFormatError, type Table, type TableLimits } from './table.ts';
import { parseXlsx } from './xlsx.ts';
import { looksLikeZip } from './zip.ts';

export { buildTable, columnName, DEFAULT_LIMITS, TableBudget, TableFormatError, type RawRow, type Table, type TableLimits, type TableRow } from './table.ts';
export { decodeText, parseCsv, toCsv } from './csv.ts';
export { cleanSheetName, parseXlsx, streamXlsx, writeXlsx, type SheetInput, type SheetRow, type StreamSheetInput } from './xlsx.ts';
export { dateCell, type DateCell } from './xlsxWrite.ts';
export { downloadResponse, type Download, type DownloadFormat } from './download.ts';

/**
 * Parses an upload by its file name's extension. A workbook saved under the wrong extension
 * (people rename files) is still read as the workbook its bytes say it is.
 */
export function parseTable(fileName: string, bytes: Uint8Array, limits?: TableLimits): Table {
  const budget = new TableBudget(limits);
  const extension = /\.([^./\\]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  if (extension === 'xls') {
    throw new TableFormatError('oldXls', 'Old Excel .xls files are not supported; open the file in Excel or WPS and save it as .xlsx or .csv');
  }
  // 0xD0CF11E0 is the OLE2 container of .xls and of password-protected .xlsx; parseXlsx explains both.
  const isOle = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (extension === 'xlsx' || extension === 'xlsm' || looksLikeZip(bytes) || isOle) return parseXlsx(bytes, budget);
  if (extension === 'csv') return parseCsv(bytes, budget);
  throw new TableFormatError(
    'unsupportedFileType',
    `Files of this type${extension ? ` (.${extension})` : ''} cannot be imported; upload an .xlsx or .csv file`,
  );
}
