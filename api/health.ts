import { Hono } from 'hono';
import type { ApiEnv } from './context.ts';
import type { Runtime } from './runtime.ts';

/**
 * GET /health: "ok" or "degraded" for anyone (a load balancer, a monitor); for an administrator
 * also which store, where the log ends, and how far behind each projection is.
 */
export function healthRoutes(runtime: Runtime) {
  return new Hono<ApiEnv>().get('/health', async (c) => {
    const last = await runtime.store.lastPosition();
    const projections = runtime.runner.status().map((status) => ({
      name: status.name,
      version: status.version,
      position: status.position?.toString() ?? null,
      // On the embedded store positions count events, so this is the number of events still to fold.
      lag: last === null ? '0' : (last - (status.position ?? 0n)).toString(),
      caughtUp: status.caughtUp,
      error: status.error,
    }));
    const healthy = projections.every((projection) => projection.error === null);
    if (c.get('actor')?.role !== 'administrator') return c.json({ status: healthy ? 'ok' : 'degraded' }, healthy ? 200 : 503);
    return c.json({
      status: healthy ? 'ok' : 'degraded',
      store: runtime.store.kind,
      lastPosition: last?.toString() ?? null,
      projections,
    }, healthy ? 200 : 503);
  });
}
