/**
 * What every answer of the API carries and every request must pass, before the routes:
 * - cross-site requests refused for cookies only. A session cookie is ambient authority, so a
 *   request that changes something and relies on it must come from this site (its Origin's host is
 *   this host). A bearer token is not ambient — a script that holds one may call from anywhere, with
 *   no Origin at all — so such requests pass;
 * - security headers: no sniffing, no framing, no referrer to other sites, nothing cached unless
 *   a route says so; a policy that runs nothing, but for the API reference's page (/api/docs).
 */
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import { SESSION_COOKIE } from './auth/sessions.ts';
import type { ApiEnv } from './context.ts';
import { requestLocale } from './locale.ts';
import { REFERENCE_PAGE, referencePagePolicy } from './openapi/reference.ts';
import { problem } from './problem.ts';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const refuseCrossSiteCookies = createMiddleware<ApiEnv>(async (c, next) => {
  if (!CHANGES.has(c.req.method) || /^Bearer\s/i.test(c.req.header('authorization') ?? '')) return next();
  const origin = c.req.header('origin');
  const sameSite = origin !== undefined && thisSite(c.req.url).has(hostOf(origin) ?? '');
  // A stranger's Origin is refused whatever it carries; no Origin at all only when a session cookie would act.
  if ((origin !== undefined && !sameSite) || (origin === undefined && getCookie(c, SESSION_COOKIE) !== undefined)) {
    const en = requestLocale(c) === 'en';
    return problem(c, 403, { title: en ? 'A request from another site was refused' : '已拒绝来自其他网站的请求', code: 'crossSite' });
  }
  return next();
});

/**
 * This site's hosts: the one the request was addressed to, and — behind a proxy that rewrites the
 * Host header — the public one in ORIGIN (the variable the SvelteKit node server reads too).
 */
function thisSite(url: string): Set<string> {
  const hosts = new Set([new URL(url).host]);
  const configured = process.env.ORIGIN ? hostOf(process.env.ORIGIN) : null;
  if (configured) hosts.add(configured);
  return hosts;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

const headersWith = (contentSecurityPolicy: NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy']) =>
  secureHeaders({
    contentSecurityPolicy,
    referrerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
    crossOriginResourcePolicy: 'same-origin',
  });
const jsonHeaders = headersWith({ defaultSrc: ["'none'"], frameAncestors: ["'none'"] });
/** The one page the API serves (its reference) runs this site's scripts, and only those it names. */
const referencePageHeaders = headersWith(referencePagePolicy);

/** Headers on every answer: JSON that is never run, framed, sniffed or kept by a shared cache. */
export const apiHeaders = [
  createMiddleware<ApiEnv>((c, next) => (c.req.path === REFERENCE_PAGE ? referencePageHeaders : jsonHeaders)(c, next)),
  createMiddleware<ApiEnv>(async (c, next) => {
    await next();
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'private, no-store');
  }),
] as const;
