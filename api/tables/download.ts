/**
 * A list downloaded as a spreadsheet: every row the list's filter keeps (not one page), in .xlsx or
 * .csv, streamed while the rows are produced so a province's 48,000 rows start at once and hold
 * little memory. Numbers stay numbers and dates dates (`dateCell`); headers are in the page's language.
 */
import { csvField } from './csv.ts';
import { cleanSheetName, streamXlsx, type SheetRow } from './xlsxWrite.ts';

export type DownloadFormat = 'xlsx' | 'csv';

export interface Download {
  /** The file's name without extension, and the sheet's. */
  name: string;
  /** Lines above the header in .xlsx (the unit, the month, the filter); .csv has the header first. */
  title: readonly string[];
  header: readonly string[];
  /** The rows: an array, a generator, or an async one (pages read from the API one after another). */
  rows: Iterable<SheetRow> | AsyncIterable<SheetRow>;
  columnWidths?: number[];
}

/** Rows of CSV are sent in chunks of about this many characters. */
const CSV_CHUNK = 64 * 1024;

export function downloadResponse(format: DownloadFormat, download: Download): Response {
  const fileName = encodeURIComponent(`${download.name}.${format}`);
  const disposition = `attachment; filename="export.${format}"; filename*=UTF-8''${fileName}`;
  if (format === 'xlsx') {
    const body = streamXlsx([
      { name: cleanSheetName(download.name), title: download.title, header: download.header, rows: download.rows, columnWidths: download.columnWidths },
    ]);
    return new Response(body, {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': disposition,
        'cache-control': 'no-store',
      },
    });
  }
  return new Response(csvStream(download.header, download.rows), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition, 'cache-control': 'no-store' },
  });
}

/** CSV with a UTF-8 byte-order mark (Excel in China reads it as UTF-8 only then), CRLF line ends, pulled as it is read. */
function csvStream(header: readonly string[], rows: Iterable<SheetRow> | AsyncIterable<SheetRow>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const line = (row: SheetRow) => `${row.map((cell) => (cell === null ? '' : csvField(typeof cell === 'object' ? cell.date : String(cell)))).join(',')}\r\n`;
  let iterator: Iterator<SheetRow> | AsyncIterator<SheetRow> | null = null;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (iterator === null) {
          iterator = Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
          controller.enqueue(encoder.encode(`\uFEFF${line(header)}`));
          return;
        }
        let chunk = '';
        while (chunk.length < CSV_CHUNK) {
          const next = await iterator.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += line(next.value);
        }
        controller.enqueue(encoder.encode(chunk));
      },
      async cancel() {
        await iterator?.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}
