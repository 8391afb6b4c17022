import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ApiEnv } from './context.ts';
import { requestLocale } from './locale.ts';
import { readPositions } from './observability/positions.ts';
import { problem } from './problem.ts';
import type { Runtime } from './runtime.ts';

/**
 * GET /health: "ok" or "degraded" for anyone (a load balancer, a monitor); for an administrator
 * also which store, whether it can be reached, where the log ends, how far behind each
 * projection is, and the state of each external channel of reminders. Degraded (503) while the
 * store cannot be reached, before the projections have first caught up, or when one has stopped.
 */
export function healthRoutes(runtime: Runtime) {
  return new Hono<ApiEnv>().get('/health', async (c) => {
    const { last, storeError, projections: positions } = await readPositions(runtime.store, runtime.runner);
    const projections = positions.map((projection) => ({
      ...projection,
      position: projection.position?.toString() ?? null,
      lag: projection.lag.toString(),
    }));
    const healthy = storeError === null && runtime.runner.ready && projections.every((projection) => projection.error === null);
    const status = healthy ? 'ok' : 'degraded';
    if (c.get('actor')?.role !== 'administrator') return c.json({ status }, healthy ? 200 : 503);
    return c.json(
      {
        status,
        store: runtime.store.kind,
        storeAvailable: storeError === null,
        ...(storeError === null ? {} : { storeError }),
        lastPosition: last?.toString() ?? null,
        projections,
        // A broken SMTP setting or robot shows here (on, last error, pending) without taking the replica out of service.
        reminderChannels: runtime.reminderDelivery.status(),
      },
      healthy ? 200 : 503,
    );
  });
}

/**
 * Until the projections have caught up with the log once (the store may not be reachable yet),
 * every route but health answers 503 with Retry-After: the views would be empty, not true.
 */
export function untilReady(runtime: Runtime) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    if (runtime.runner.ready || c.req.path === '/api/health') return next();
    const en = requestLocale(c) === 'en';
    c.header('retry-after', '5');
    return problem(c, 503, {
      title: en ? 'The event store cannot be reached yet; trying again' : '暂时无法连接事件存储,正在重试,请稍后再试',
      code: 'storeUnavailable',
    });
  });
}
