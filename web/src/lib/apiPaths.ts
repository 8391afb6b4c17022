/**
 * The API's addresses as the browser uses them — download links, attachment images and links,
 * the outbox's sends — built by hono/client's `$path()` on the API's exported type, as the server
 * side calls it (src/lib/server/api.ts): a route, its params and its query are checked by the
 * compiler, and no page writes an /api address by hand (test: src/lib/apiPaths.test.ts).
 * Only the app's type is imported (`import type`): no server code reaches the browser's bundle.
 */
import { hc } from 'hono/client';
import type { AppType } from '../../../api/app.ts';

/** Same origin, so paths only: `api.units[':id'].reports.$path({ param: { id } })` gives /api/units/<id>/reports. */
export const api = hc<AppType>('/').api;

/**
 * A list's filter and order as a link carries them: a value not chosen (null, undefined, '') is
 * left out of the query, as the address leaves it out. The values are the address's text, passed
 * on as the server's loads pass them (`...list.query`): the API checks them and answers 400.
 */
export function chosen(query: Record<string, string | null | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
}
