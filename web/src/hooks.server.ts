import { redirect } from '@sveltejs/kit';
import type { Handle, ServerInit } from '@sveltejs/kit/hooks';
import { building } from '$app/env';
import { api } from '#lib/apiPaths.ts';
import { apiClient, CLIENT_ADDRESS_HEADER } from '#lib/server/api.ts';
import { endSession } from '#lib/server/forms.ts';
import { server, startServer } from '#lib/server/runtime.ts';
import { currentUser, isPublic, setupNeeded } from '#lib/server/session.ts';
import { localeFrom, messages } from '#lib/i18n.ts';
import { SESSION_COOKIE } from '../../api/auth/sessions.ts';

export const init: ServerInit = async () => {
  if (!building) await startServer();
};

/**
 * One port: /api/* (and /metrics) goes to the Hono app as it is; everything else is a page, for a signed-in
 * user (the one place that sends everyone else to sign in, or to first-run set-up).
 */
export const handle: Handle = async ({ event, resolve }) => {
  const { app } = server();
  const address = event.getClientAddress();
  // Routing by the prefix every API route shares (the app's basePath), not an address built.
  // /metrics, where Prometheus looks by default, is the API's /api/metrics (api/observability/routes.ts).
  const metrics = event.url.pathname === '/metrics';
  if (metrics || event.url.pathname === '/api' || event.url.pathname.startsWith('/api/')) {
    // The API checks cross-site requests itself, for cookies only (api/security.ts).
    const request = metrics ? new Request(new URL(api.metrics.$path(), event.url), event.request) : new Request(event.request);
    request.headers.set(CLIENT_ADDRESS_HEADER, address);
    return app.fetch(request);
  }
  if (crossSiteForm(event.request, event.url)) {
    return new Response(messages(localeFrom(event.cookies.get('lang'))).crossSite, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const locale = localeFrom(event.cookies.get('lang'));
  const sessionToken = event.cookies.get(SESSION_COOKIE);
  event.locals.locale = locale;
  event.locals.api = apiClient(app, { locale, sessionToken, address });
  event.locals.user = sessionToken ? await currentUser(event.locals.api) : null;
  if (sessionToken && !event.locals.user) endSession(event.cookies); // expired or signed out elsewhere
  if (!event.locals.user && !isPublic(event.url.pathname)) {
    const next = event.url.pathname + event.url.search;
    redirect(303, (await setupNeeded(event.locals.api)) ? '/setup' : `/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`);
  }
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
  return withPageHeaders(response, event.locals.user !== null);
};

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** A form posted to a page from another site (what SvelteKit's own check refused: a page's forms rely on the session cookie). */
function crossSiteForm(request: Request, url: URL): boolean {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  return CHANGES.has(request.method) && (type === '' || FORM_TYPES.includes(type)) && request.headers.get('origin') !== url.origin;
}

/** Security headers on every page; a signed-in page is never kept by a shared cache. */
function withPageHeaders(response: Response, signedIn: boolean): Response {
  const headers = response.headers;
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'same-origin');
  headers.set('x-frame-options', 'DENY');
  headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=(self)');
  if (signedIn && !headers.has('cache-control')) headers.set('cache-control', 'private, no-store');
  return response;
}
