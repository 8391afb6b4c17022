/**
 * The worker thread that reads uploads (see offThread.ts): one file at a time, its bytes
 * transferred in, a Table or a TableFormatError's code and message posted back. It stays for the
 * next file; a file that blows the worker's own heap limit ends the worker, never the server.
 */
import { parentPort } from 'node:worker_threads';
import { parseTable, TableFormatError, type TableLimits } from './index.ts';
import type { TableCode } from './table.ts';

export interface ParseRequest {
  fileName: string;
  bytes: Uint8Array;
  limits: TableLimits;
}
export type ParseAnswer = { table: ReturnType<typeof parseTable> } | { error: { code: TableCode; message: string; line: number | undefined } };

parentPort!.on('message', (request: ParseRequest) => {
  let answer: ParseAnswer;
  try {
    answer = { table: parseTable(request.fileName, request.bytes, request.limits) };
  } catch (error) {
    answer =
      error instanceof TableFormatError
        ? { error: { code: error.code, message: error.message, line: error.line } }
        : { error: { code: 'unreadable', message: `The file cannot be read (${(error as Error).message})`, line: undefined } };
  }
  parentPort!.postMessage(answer);
});
