/**
 * Reading an upload off the event loop: files are parsed in a worker thread with a heap limit and
 * a deadline, one at a time, so health checks and every other user are served while a province's
 * spreadsheet (or a zip bomb) is read, and a bad file can end only the worker. The worker stays
 * warm for the next file (starting one costs tens of milliseconds); one that ran out of memory or
 * time is ended and the next file gets a new one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TableFormatError, type Table, type TableLimits } from './table.ts';
import type { ParseAnswer, ParseRequest } from './parseWorker.ts';

export interface OffThreadOptions {
  /** The worker's heap (old generation): a file that needs more is refused as too large. */
  heapMb?: number;
  /** A file not read by then is refused (its worker is ended). */
  timeoutMs?: number;
}

/** Parses one upload in a worker; resolves to its Table or rejects with a TableFormatError. */
export async function parseTableOffThread(fileName: string, bytes: Uint8Array, limits: TableLimits, options: OffThreadOptions = {}): Promise<Table> {
  const release = await oneAtATime();
  try {
    return await parseInWorker(fileName, bytes, limits, options);
  } finally {
    release();
  }
}

/** The warm worker, with the heap it was made with; null until the first file or after one was ended. */
let warm: { worker: Worker; heapMb: number } | null = null;
/** A worker idle this long is ended, giving its memory back (a province's file leaves a lot behind). */
const IDLE_MS = 30_000;
let idle: NodeJS.Timeout | null = null;

function workerWith(heapMb: number): Worker {
  if (idle) clearTimeout(idle);
  if (warm && warm.heapMb === heapMb) return warm.worker;
  if (warm) void warm.worker.terminate();
  const worker = new Worker(workerFile(), { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 } });
  // An idle reader never keeps the process alive.
  worker.unref();
  const mine = { worker, heapMb };
  worker.once('exit', () => {
    if (warm === mine) warm = null;
  });
  warm = mine;
  return worker;
}

function parseInWorker(fileName: string, bytes: Uint8Array, limits: TableLimits, options: OffThreadOptions): Promise<Table> {
  const { heapMb = 384, timeoutMs = 60_000 } = options;
  const worker = workerWith(heapMb);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void, end: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      // A worker that failed (out of memory, out of time, broken) is not used again.
      if (end) {
        if (warm?.worker === worker) warm = null;
        void worker.terminate();
      } else {
        idle = setTimeout(() => {
          if (warm?.worker === worker) {
            warm = null;
            void worker.terminate();
          }
        }, IDLE_MS);
        idle.unref();
      }
      finish();
    };
    const timer = setTimeout(
      () =>
        settle(
          () => reject(new TableFormatError('tooLarge', `The file took longer than ${Math.round(timeoutMs / 1000)} s to read; split it into smaller files`)),
          true,
        ),
      timeoutMs,
    );
    const onMessage = (answer: ParseAnswer) =>
      settle(() => {
        if ('table' in answer) resolve(answer.table);
        else reject(new TableFormatError(answer.error.code, answer.error.message, answer.error.line));
      }, false);
    const onError = (error: Error & { code?: string }) =>
      settle(
        () =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new TableFormatError('tooLarge', 'The file needs more memory to read than an import may use; split it into smaller files')
              : error,
          ),
        true,
      );
    const onExit = (code: number) => settle(() => reject(new Error(`the file reader stopped (exit code ${code})`)), true);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    // The bytes move to the worker (a copy first when they are a view on a larger buffer).
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    const request: ParseRequest = { fileName, bytes: own, limits };
    worker.postMessage(request, [own.buffer as ArrayBuffer]);
  });
}

/** One file read at a time across the server: a queue, so memory stays bounded whoever uploads. */
let turn: Promise<void> = Promise.resolve();
async function oneAtATime(): Promise<() => void> {
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const before = turn;
  turn = before.then(() => mine);
  await before;
  return release;
}

/**
 * The worker's file: beside this one when it runs from the source tree; from the project's root
 * (LEAGUE_PULSE_ROOT, set by web/server.ts) when this module is bundled into the web app's build.
 */
function workerFile(): string {
  const name = 'parseWorker.ts'; // a name, not a literal URL, so the web build does not try to bundle the worker
  const beside = fileURLToPath(new URL(name, import.meta.url));
  if (existsSync(beside)) return beside;
  const root = process.env.LEAGUE_PULSE_ROOT;
  const fromRoot = root ? join(root, 'api', 'tables', name) : '';
  if (fromRoot && existsSync(fromRoot)) return fromRoot;
  throw new Error(`the spreadsheet reader (${name}) was not found beside ${beside} nor under LEAGUE_PULSE_ROOT`);
}
