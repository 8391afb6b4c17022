/**
 * The web app's one path to the API: hono/client on the API's exported type, calling the
 * Hono app in-process (no network hop) with the user's language passed along.
 */
import { hc } from 'hono/client';
import type { AppType } from '../../../../api/app.ts';
import type { Locale } from '../../../../events/catalog/labels.ts';

export function apiClient(app: { fetch: (request: Request) => Response | Promise<Response> }, locale: Locale) {
  return hc<AppType>('http://league-pulse.internal/', {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      request.headers.set('accept-language', locale);
      return app.fetch(request);
    },
  });
}

export type ApiClient = ReturnType<typeof apiClient>;
