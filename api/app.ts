/**
 * The Hono app: every route under /api, grouped by capability. Its type is exported so the
 * web app calls it through hono/client, never by hand-built URLs; its OpenAPI document
 * (/api/openapi.json, /api/docs) is generated from the routes themselves (api/openapi/).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { accountRoutes } from './accounts/routes.ts';
import { bulkInvitationRoutes } from './accounts/bulkRoutes.ts';
import { deliverableRoutes } from './campaigns/deliverableRoutes.ts';
import { attachmentRoutes } from './attachments/routes.ts';
import { MAX_ATTACHMENT_BYTES } from './attachments/store.ts';
import { campaignRoutes } from './campaigns/routes.ts';
import { rankRoutes } from './campaigns/rankRoutes.ts';
import { deliverableDecisionRoutes } from './campaigns/decisionRoutes.ts';
import { tableRoutes } from './campaigns/tableRoutes.ts';
import { identify } from './auth/middleware.ts';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ApiEnv } from './context.ts';
import { requestLocale } from './locale.ts';
import { problem } from './problem.ts';
import { handleError } from './errors.ts';
import { healthRoutes, untilReady } from './health.ts';
import { metricsRoutes } from './observability/routes.ts';
import { observeRequests } from './observability/requests.ts';
import { apiHeaders, refuseCrossSiteCookies } from './security.ts';
import type { Runtime } from './runtime.ts';
import { referenceRoutes } from './openapi/reference.ts';
import { reminderRoutes } from './reminders/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { researchRoutes } from './research/routes.ts';
import { importRoutes } from './units/importRoutes.ts';
import { unitRoutes } from './units/routes.ts';
import { workbenchRoutes } from './workbench/routes.ts';

export function createApp(runtime: Runtime) {
  const app = new Hono<ApiEnv>().basePath('/api');
  // First in, last out: the correlation id, the request's log line and its metrics (every answer, refusals included).
  app.use(observeRequests(runtime.logger, runtime.metrics));
  app.use(...apiHeaders);
  app.use(limitBodies(runtime));
  app.use(refuseCrossSiteCookies);
  app.use(untilReady(runtime));
  app.use(async (c, next) => {
    c.set('now', runtime.clock.now());
    await next();
  });
  app.use(identify(runtime));
  app.onError(handleError);
  app.notFound((c) => problem(c, 404, { title: requestLocale(c) === 'en' ? 'No such API route' : '没有这个接口' }));
  return app
    .route('/', healthRoutes(runtime))
    .route('/', metricsRoutes(runtime))
    .route('/', accountRoutes(runtime))
    .route('/', unitRoutes(runtime))
    .route('/', importRoutes(runtime))
    .route('/', reportRoutes(runtime))
    .route('/', researchRoutes(runtime))
    .route('/', campaignRoutes(runtime))
    .route('/', deliverableRoutes(runtime))
    .route('/', tableRoutes(runtime))
    .route('/', workbenchRoutes(runtime))
    .route('/', reminderRoutes(runtime))
    .route('/', rankRoutes(runtime))
    .route('/', bulkInvitationRoutes(runtime))
    .route('/', deliverableDecisionRoutes(runtime))
    .route('/', attachmentRoutes(runtime))
    .route(
      '/',
      referenceRoutes(() => app.routes),
    );
}

/**
 * Every body is limited before anything reads it, and before sign-in is checked: from its
 * Content-Length, or while it streams. Uploads (an import's spreadsheet, a case's files) may be
 * larger than a JSON command. Beyond the limit the answer is 413, as a problem; a compressed body 415.
 */
function limitBodies(runtime: Runtime) {
  const tooLarge = (limit: number) => (c: Context) => {
    const en = requestLocale(c) === 'en';
    const size = limit >= 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MB` : `${Math.round(limit / 1024)} KB`;
    return problem(c, 413, { title: en ? `The request is too large (at most ${size})` : `请求内容过大(最多 ${size})`, code: 'tooLarge', limit });
  };
  const jsonLimit = runtime.config.JSON_BODY_LIMIT_KB * 1024;
  const uploadLimit = runtime.config.UPLOAD_LIMIT_MB * 1024 * 1024;
  const json = bodyLimit({ maxSize: jsonLimit, onError: tooLarge(jsonLimit) });
  const upload = bodyLimit({ maxSize: uploadLimit, onError: tooLarge(uploadLimit) });
  // One attachment (PUT /api/attachments/:sha256) is one file: its own, smaller limit, counted as it arrives.
  const attachmentLimit = Math.min(uploadLimit, MAX_ATTACHMENT_BYTES);
  const attachment = bodyLimit({ maxSize: attachmentLimit, onError: tooLarge(attachmentLimit) });
  return createMiddleware<ApiEnv>((c, next) => {
    // A compressed body would be a bomb the limit above cannot see (it counts the bytes sent, not
    // what they inflate to): none is accepted. Clients send JSON and files as they are.
    const encoding = c.req.header('content-encoding')?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') {
      const en = requestLocale(c) === 'en';
      return Promise.resolve(
        problem(c, 415, { title: en ? 'Compressed request bodies are not accepted' : '不接受压缩的请求内容', code: 'encodingUnsupported' }),
      );
    }
    if (c.req.path.startsWith('/api/attachments/')) return attachment(c, next);
    return UPLOADS.has(c.req.path) ? upload(c, next) : json(c, next);
  });
}

/** The routes that take files (and `/api/attachments/:sha256`, one file as the body). */
const UPLOADS = new Set(['/api/imports', '/api/attachments', '/api/bulk-invitations']);

export type AppType = ReturnType<typeof createApp>;
