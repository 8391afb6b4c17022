/**
 * The Hono app: every route under /api, grouped by capability. Its type is exported so the
 * web app calls it through hono/client, never by hand-built URLs.
 */
import { Hono } from 'hono';
import { uuidv7 } from '../events/ids.ts';
import { branchRoutes } from './branches/routes.ts';
import type { ApiEnv } from './context.ts';
import { handleError } from './errors.ts';
import { healthRoutes } from './health.ts';
import type { Runtime } from './runtime.ts';

export function createApp(runtime: Runtime) {
  const app = new Hono<ApiEnv>().basePath('/api');
  app.use(async (c, next) => {
    c.set('correlationId', c.req.header('x-correlation-id') || uuidv7());
    await next();
  });
  app.onError(handleError);
  app.notFound((c) => c.json({ type: 'about:blank', title: 'Not found', status: 404 }, 404));
  return app.route('/', healthRoutes(runtime)).route('/', branchRoutes(runtime));
}

export type AppType = ReturnType<typeof createApp>;
