/**
 * The Hono app: every route under /api, grouped by capability. Its type is exported so the
 * web app calls it through hono/client, never by hand-built URLs.
 */
import { Hono, type MiddlewareHandler } from 'hono';
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
    c.set('now', runtime.clock.now());
    c.set('correlationId', c.req.header('x-correlation-id') || uuidv7());
    await next();
  });
  app.use(strictJsonText);
  app.use(identify(runtime));
  app.onError(handleError);
  app.notFound((c) => problem(c, 404, { title: requestLocale(c) === 'en' ? 'No such API route' : '没有这个接口' }));
  return app.route('/', healthRoutes(runtime)).route('/', accountRoutes(runtime)).route('/', unitRoutes(runtime)).route('/', importRoutes(runtime)).route('/', reportRoutes(runtime)).route('/', researchRoutes(runtime))
    .route('/', campaignRoutes(runtime)).route('/', deliverableRoutes(runtime)).route('/', tableRoutes(runtime));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A JSON body must be valid UTF-8: decoded leniently, a broken byte sequence would become
 * U+FFFD and be stored altered, so it is refused before any handler sees it.
 */
const strictJsonText: MiddlewareHandler = async (c, next) => {
  if (/json/i.test(c.req.header('content-type') ?? '')) {
    try {
      utf8.decode(await c.req.arrayBuffer()); // Hono keeps the body, so the validator reads it again
    } catch {
      const en = requestLocale(c) === 'en';
      return problem(c, 400, { title: en ? 'The request body is not valid UTF-8 text' : '请求内容不是有效的 UTF-8 文本' });
    }
  }
  await next();
};

export type AppType = ReturnType<typeof createApp>;
