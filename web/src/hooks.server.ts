import type { Handle, ServerInit } from '@sveltejs/kit/hooks';
import { building } from '$app/env';
import { apiClient, CLIENT_ADDRESS_HEADER } from '#lib/server/api.ts';
import { server, startServer } from '#lib/server/runtime.ts';
import { localeFrom } from '#lib/i18n.ts';
import { SESSION_COOKIE } from '../../api/auth/sessions.ts';

export const init: ServerInit = async () => {
  if (!building) await startServer();
};

/** One port: /api/* goes to the Hono app as it is; everything else is a page. */
export const handle: Handle = async ({ event, resolve }) => {
  const { app } = server();
  const address = event.getClientAddress();
  if (event.url.pathname === '/api' || event.url.pathname.startsWith('/api/')) {
    const request = new Request(event.request);
    request.headers.set(CLIENT_ADDRESS_HEADER, address);
    return app.fetch(request);
  }
  const locale = localeFrom(event.cookies.get('lang'));
  event.locals.locale = locale;
  event.locals.api = apiClient(app, { locale, sessionToken: event.cookies.get(SESSION_COOKIE), address });
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
};
