/**
 * The Hono app: every route under /api, grouped by capability. Its type is exported so the
 * web app calls it through hono/client, never by hand-built URLs.
 */
import { Hono } from 'hono';
import { uuidv7 } from '../events/ids.ts';
import { accountRoutes } from './accounts/routes.ts';
import { deliverableRoutes } from './campaigns/deliverableRoutes.ts';
import { campaignRoutes } from './campaigns/routes.ts';
import { tableRoutes } from './campaigns/tableRoutes.ts';
import { identify } from './auth/middleware.ts';
import type { ApiEnv } from './context.ts';
import { requestLocale } from './locale.ts';
import { problem } from './problem.ts';
import { handleError } from './errors.ts';
import { healthRoutes } from './health.ts';
import type { Runtime } from './runtime.ts';
import { reportRoutes } from './reports/routes.ts';
import { researchRoutes } from './research/routes.ts';
import { importRoutes } from './units/importRoutes.ts';
import { unitRoutes } from './units/routes.ts';

export function createApp(runtime: Runtime) {
  const app = new Hono<ApiEnv>().basePath('/api');
  app.use(async (c, next) => {
    c.set('correlationId', c.req.header('x-correlation-id') || uuidv7());
    await next();
  });
  app.use(identify(runtime));
  app.onError(handleError);
  app.notFound((c) => problem(c, 404, { title: requestLocale(c) === 'en' ? 'No such API route' : '没有这个接口' }));
  return app.route('/', healthRoutes(runtime)).route('/', accountRoutes(runtime)).route('/', unitRoutes(runtime)).route('/', importRoutes(runtime)).route('/', reportRoutes(runtime)).route('/', researchRoutes(runtime))
    .route('/', campaignRoutes(runtime)).route('/', deliverableRoutes(runtime)).route('/', tableRoutes(runtime));
}

export type AppType = ReturnType<typeof createApp>;
