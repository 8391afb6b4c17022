/**
 * The worker thread that reads an upload (see offThread.ts): one file per worker, its bytes
 * transferred in, a Table or a TableFormatError's code and message posted back. A file that blows
 * the worker's own heap limit ends the worker, never the server.
 */
import { parentPort } from 'node:worker_threads';
import { parseTable, TableFormatError, type TableLimits } from './index.ts';

export interface ParseRequest { fileName: string; bytes: Uint8Array; limits: TableLimits }
export type ParseAnswer =
  | { table: ReturnType<typeof parseTable> }
  | { error: { code: string; message: string; line: number | undefined } };

parentPort!.once('message', (request: ParseRequest) => {
  let answer: ParseAnswer;
  try {
    answer = { table: parseTable(request.fileName, request.bytes, request.limits) };
  } catch (error) {
    answer = error instanceof TableFormatError
      ? { error: { code: error.code, message: error.message, line: error.line } }
      : { error: { code: 'unreadable', message: `The file cannot be read (${(error as Error).message})`, line: undefined } };
  }
  parentPort!.postMessage(answer);
});
