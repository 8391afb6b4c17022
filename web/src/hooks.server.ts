import type { Handle, ServerInit } from '@sveltejs/kit/hooks';
import { building } from '$app/env';
import { apiClient } from '#lib/server/api.ts';
import { server, startServer } from '#lib/server/runtime.ts';
import { localeFrom } from '#lib/i18n.ts';

export const init: ServerInit = async () => {
  if (!building) await startServer();
};

/** One port: /api/* goes to the Hono app as it is; everything else is a page. */
export const handle: Handle = async ({ event, resolve }) => {
  const { app } = server();
  if (event.url.pathname === '/api' || event.url.pathname.startsWith('/api/')) return app.fetch(event.request);
  const locale = localeFrom(event.cookies.get('lang'));
  event.locals.locale = locale;
  event.locals.api = apiClient(app, locale);
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
};
