/**
 * Every API request, first in and last out: it gets its correlation id (the caller's, when it
 * looks like one, else a new UUIDv7 — kept in every event the request writes, so bounded) and a
 * logger that carries it; its answer echoes the id in `x-correlation-id`. When it is answered,
 * one log line (method, route pattern, status, duration, actor, correlation id), and the request
 * and refusal metrics.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { uuidv7 } from '../../events/ids.ts';
import type { ApiEnv } from '../context.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

export const CORRELATION_HEADER = 'x-correlation-id';

export function observeRequests(logger: Logger, metrics: Pick<Metrics, 'httpRequests' | 'httpDuration' | 'refusals'>) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    const started = performance.now();
    const given = c.req.header(CORRELATION_HEADER) ?? '';
    const correlationId = /^[\w.:-]{1,64}$/.test(given) ? given : uuidv7();
    c.set('correlationId', correlationId);
    c.set('log', logger.child({ correlationId }));
    // Before the answer is made, so it is made with the header (set on a finished answer, it would be copied whole).
    c.header(CORRELATION_HEADER, correlationId);
    await next();
    // An answer a route made itself (new Response) did not take it: set now, at the cost of a copy.
    if (!c.res.headers.has(CORRELATION_HEADER)) c.header(CORRELATION_HEADER, correlationId);
    const seconds = (performance.now() - started) / 1000;
    const labels = { method: c.req.method, route: routeOf(c), status: String(c.res.status) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, seconds);
    const problemCode = c.get('problemCode');
    if (problemCode !== undefined && c.res.status >= 400 && c.res.status < 500) metrics.refusals.inc({ status: labels.status, code: problemCode });
    logger.info(
      {
        method: labels.method,
        route: labels.route,
        status: c.res.status,
        durationMs: Math.round(seconds * 10_000) / 10,
        actor: c.get('actor')?.userId ?? 'anonymous',
        correlationId,
        ...(problemCode === undefined ? {} : { problem: problemCode }),
      },
      'request',
    );
  });
}

/**
 * The route pattern that answers (`/api/units/:id`), never the path itself: ids in a label
 * would make a metric per unit. The handler that answered; or, when a middleware answered first
 * (401 before the handler ran), the handler it stood before; none matched: `unmatched`.
 */
function routeOf(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = c.req.routeIndex; i < routes.length; i++) {
    if (routes[i]!.method !== 'ALL') return routes[i]!.path;
  }
  return 'unmatched';
}
