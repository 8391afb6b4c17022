/**
 * The web app's one path to the API: hono/client on the API's exported type, calling the
 * Hono app in-process (no network hop), on behalf of the signed-in user, in their language.
 */
import { hc } from 'hono/client';
import type { AppType } from '../../../../api/app.ts';
import type { Locale } from '../../../../events/catalog/labels.ts';

/** The header the API trusts for the client's address (set here, never taken from the browser). */
export const CLIENT_ADDRESS_HEADER = 'x-league-pulse-client';

export function apiClient(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  caller: { locale: Locale; sessionToken: string | undefined; address: string },
) {
  return hc<AppType>('http://league-pulse.internal/', {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      request.headers.set('accept-language', caller.locale);
      request.headers.set(CLIENT_ADDRESS_HEADER, caller.address);
      if (caller.sessionToken) request.headers.set('authorization', `Bearer ${caller.sessionToken}`);
      return app.fetch(request);
    },
  });
}

export type ApiClient = ReturnType<typeof apiClient>;
