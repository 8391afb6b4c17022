import { redirect } from '@sveltejs/kit';
import type { Handle, ServerInit } from '@sveltejs/kit/hooks';
import { building } from '$app/env';
import { apiClient, CLIENT_ADDRESS_HEADER } from '#lib/server/api.ts';
import { endSession } from '#lib/server/forms.ts';
import { server, startServer } from '#lib/server/runtime.ts';
import { currentUser, isPublic, setupNeeded } from '#lib/server/session.ts';
import { localeFrom } from '#lib/i18n.ts';
import { SESSION_COOKIE } from '../../api/auth/sessions.ts';

export const init: ServerInit = async () => {
  if (!building) await startServer();
};

/**
 * One port: /api/* goes to the Hono app as it is; everything else is a page, for a signed-in
 * user (the one place that sends everyone else to sign in, or to first-run set-up).
 */
export const handle: Handle = async ({ event, resolve }) => {
  const { app } = server();
  const address = event.getClientAddress();
  if (event.url.pathname === '/api' || event.url.pathname.startsWith('/api/')) {
    const request = new Request(event.request);
    request.headers.set(CLIENT_ADDRESS_HEADER, address);
    return app.fetch(request);
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
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
};
