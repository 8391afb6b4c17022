/**
 * GET /api/metrics (and /metrics on the web server): the runtime's metrics in Prometheus's text
 * format. Protected like the health details: an administrator (session or bearer token), or
 * Prometheus with the scrape token (`Authorization: Bearer <METRICS_TOKEN>`), which needs no
 * account. Anyone else: 401 without sign-in, 403 signed in — the answers of every other route.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { forbidden, requireActor } from '../auth/middleware.ts';
import type { ApiEnv } from '../context.ts';
import type { Runtime } from '../runtime.ts';

export function metricsRoutes(runtime: Runtime) {
  const scrapeToken = runtime.config.METRICS_TOKEN;
  return new Hono<ApiEnv>().get(
    '/metrics',
    async (c, next) => {
      if (scrapeToken !== undefined && sameSecret(bearerOf(c), scrapeToken)) return next();
      // Signed in or refused, exactly as every other route (requireActor's Env narrows the actor: this route's may be the token).
      return requireActor(c as unknown as Parameters<typeof requireActor>[0], next);
    },
    async (c) => {
      const actor = c.get('actor');
      if (actor && actor.role !== 'administrator') return forbidden(c);
      return c.body(await runtime.metrics.scrape(), 200, { 'content-type': runtime.metrics.contentType, 'cache-control': 'no-store' });
    },
  );
}

function bearerOf(c: Context): string {
  return c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? '';
}

/** Compared by their digests, in constant time: the answer's timing says nothing of the token. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
