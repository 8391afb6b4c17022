/**
 * Admission of an upload, before its file is read: who may upload, and a place in the queue (an
 * account with two uploads waiting, or a server with eight, answers 429 / 503 without reading
 * this one). Used by the tree import and the bulk invitation alike.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { forbidden } from '../../auth/middleware.ts';
import type { Actor } from '../../auth/scope.ts';
import type { ApiEnv, SignedInEnv } from '../../context.ts';
import { requestLocale } from '../../locale.ts';
import { problem } from '../../problem.ts';
import { TableFormatError, type Table, type TableLimits } from '../../tables/index.ts';
import { parseTableOffThread } from '../../tables/offThread.ts';
import { describeTableError } from './messages.ts';
import { ImportQueue, type ImportTicket } from './queue.ts';

/** Problems over a file's size or shape limits answer 413; other unreadable files 400. */
export const TOO_LARGE = new Set(['tooLarge', 'tooManyRows', 'tooManyCells', 'cellTooLong']);

export function uploadAdmission(mayUpload: (actor: Actor) => boolean, queue = new ImportQueue()) {
  const tickets = new WeakMap<Context, ImportTicket>();
  const admit = createMiddleware<SignedInEnv>(async (c, next) => {
    const actor = c.var.actor;
    if (!mayUpload(actor)) return forbidden(c);
    const ticket = queue.admit(actor.userId);
    const en = requestLocale(c) === 'en';
    if (ticket === 'account') {
      c.header('retry-after', '10');
      return problem(c, 429, {
        title: en ? 'Two of your imports are already waiting; wait for them to finish' : '您已有两个导入在排队,请等它们完成后再上传',
        code: 'importsWaiting',
      });
    }
    if (ticket === 'server') {
      c.header('retry-after', '30');
      return problem(c, 503, { title: en ? 'The server is reading other imports; try again shortly' : '服务器正在处理其他导入,请稍后再试', code: 'busy' });
    }
    tickets.set(c, ticket);
    try {
      await next();
    } finally {
      ticket.cancel(); // frees the place if the request ended before its turn (a bad form); a no-op after `run`
    }
  });
  /** The admitted request's place: its work runs when the account's earlier uploads are done. */
  const ticketOf = (c: Context) => tickets.get(c)!;
  return { admit, ticketOf };
}

const unreadable = { 'zh-CN': '无法读取文件', en: 'The file cannot be read' } as const;

/**
 * An admitted upload's file read as a table, in a worker under `limits` and a time budget; or, for
 * a file that cannot be read, the problem to answer (413 over a limit, else 400) saying why, typed
 * for the API's client as the routes' other answers are.
 */
export async function readUpload<E extends ApiEnv>(
  c: Context<E>,
  file: File,
  limits: TableLimits,
): Promise<{ table: Table } | { refused: ReturnType<typeof problem<400 | 413>> }> {
  try {
    return { table: await parseTableOffThread(file.name, new Uint8Array(await file.arrayBuffer()), limits, { timeoutMs: 60_000 }) };
  } catch (error) {
    if (!(error instanceof TableFormatError)) throw error;
    // Over a budget, out of time or memory in the reader's worker, or simply not a table: said, with the file's name and size.
    c.get('log').info({ fileName: file.name, bytes: file.size, code: error.code, reason: error.message }, `upload not read: ${error.message}`);
    const locale = requestLocale(c);
    return {
      refused: problem(c, TOO_LARGE.has(error.code) ? 413 : 400, { title: unreadable[locale], detail: describeTableError(error, locale), code: error.code }),
    };
  }
}
