import type { LayoutServerLoad } from './$types';

/**
 * The user was looked up once for this request by the server hook (GET /api/session). The bell's
 * unread count is read again on each page (the path is read so that every navigation asks).
 */
export const load: LayoutServerLoad = async ({ locals, url }) => {
  let unread = 0;
  if (locals.user && url.pathname) {
    const response = await locals.api.api.notifications.unread.$get();
    if (response.ok) unread = (await response.json()).unread;
  }
  return { locale: locals.locale, user: locals.user, unread };
};
