import type { Context } from 'hono';
import type { DatabaseSync } from 'node:sqlite';
import { uuidv7 } from '../events/ids.ts';
import { chinaDate } from '../projections/calendar.ts';
import type { ProjectionName } from '../projections/index.ts';
import type { ReadableProjection } from '../projections/projection.ts';
import type { Actor } from './auth/scope.ts';
import type { Logger } from './observability/logger.ts';
import type { CommandContext } from './commands.ts';
import { InvalidInputError } from './errors.ts';
import type { Runtime } from './runtime.ts';

export type ApiEnv = {
  Variables: {
    correlationId: string;
    actor: Actor | null;
    /** The instant the request arrived, read once from the runtime's clock: one request, one "now". */
    now: Date;
    /** The fingerprint of a validated JSON body (api/validate.ts). */
    requestHash?: string;
    /** The process's logger, each line carrying this request's correlation id (api/observability/requests.ts). */
    log: Logger;
    /** The code of the problem this request was answered with, if any (api/problem.ts): its log line and the refusal metrics. */
    problemCode?: string;
  };
};

/**
 * What a route behind `requireActor` (api/auth/middleware.ts) sees: ApiEnv with an actor, never
 * null. Routes read it as `c.var.actor`, typed by the middleware instead of cast. The helpers
 * below take either (`E extends ApiEnv`): a narrower `actor` makes a Context no longer a Context<ApiEnv>.
 */
export type SignedInEnv = ApiEnv & { Variables: { actor: Actor } };

/** The instant the request arrived, by the runtime's clock. */
export function nowOf<E extends ApiEnv>(c: Context<E>): Date {
  return c.get('now');
}

/** Today in China when the request arrived. */
export function todayOf<E extends ApiEnv>(c: Context<E>): string {
  return chinaDate(c.get('now'));
}

/**
 * The day a view is asked "as of": the `asOf` given (not after today), or today. A view as of a
 * day shows what the server knew by the end of that day in China.
 */
export function asOfDay<E extends ApiEnv>(c: Context<E>, asOf: string | undefined): string {
  const today = todayOf(c);
  if (asOf === undefined) return today;
  if (asOf > today) {
    throw new InvalidInputError('asOf', 'futureDate', { 'zh-CN': `截至日期不能晚于今天(${today})`, en: `The as-of date cannot be after today (${today})` });
  }
  return asOf;
}

/** Who is acting (the signed-in user's id, or 'anonymous' for first-run set-up), in which request, and when. */
export function commandContext<E extends ApiEnv>(c: Context<E>, clientTime?: string): CommandContext {
  return {
    actor: c.get('actor')?.userId ?? 'anonymous',
    correlationId: c.get('correlationId') ?? uuidv7(),
    clientTime: clientTime ?? null,
    serverTime: c.get('now').toISOString(),
    requestHash: c.get('requestHash') ?? null,
  };
}

/** A projection's state, after waiting for `after` when the caller asked to read its own write. */
export async function readModel<Reader, E extends ApiEnv>(
  _c: Context<E>,
  runtime: Runtime,
  projection: ReadableProjection<Reader, ProjectionName>,
  after: string | undefined,
): Promise<Reader> {
  if (after !== undefined) await runtime.runner.waitFor(BigInt(after), runtime.config.READ_YOUR_WRITES_TIMEOUT_MS, [projection.name]);
  return runtime.runner.state(projection);
}

/** The read database holding a SQL projection's tables, after waiting for `after` like `readModel`. */
export async function readTables(runtime: Runtime, projection: { readonly name: ProjectionName }, after: string | undefined): Promise<DatabaseSync> {
  if (after !== undefined) await runtime.runner.waitFor(BigInt(after), runtime.config.READ_YOUR_WRITES_TIMEOUT_MS, [projection.name]);
  return runtime.runner.tables(projection);
}

/**
 * Waits until the projections a command reads (`reads`: the tree for scope, and whatever its
 * rules check) have folded everything already in the log, so they include every earlier write.
 * The others (the audit, the research index …) may still be folding: a command does not wait for them.
 */
export async function caughtUpWithLog(runtime: Runtime, reads: readonly ProjectionName[]): Promise<void> {
  const last = await runtime.store.lastPosition();
  if (last !== null) await runtime.runner.waitFor(last, runtime.config.READ_YOUR_WRITES_TIMEOUT_MS, reads);
}
