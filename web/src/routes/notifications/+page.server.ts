import { redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../events/ids.ts';
import { failPage } from '#lib/server/forms.ts';
import { listState } from '#lib/listState.ts';
import type { PageServerLoad } from './$types';

/**
 * The signed-in person's notifications (the bell), newest first, a page at a time. Opening the
 * page reads them: the bell's count falls to zero, while the page still marks those that were new.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
  if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  const list = listState(url, [], { limit: 20 });
  const response = await locals.api.api.notifications.$get({
    query: { limit: String(list.limit), ...(list.query.cursor ? { cursor: list.query.cursor } : {}) },
  });
  if (!response.ok) return failPage(response);
  const page = await response.json();
  if (page.unread > 0 && page.latest) {
    await locals.api.api.notifications.read.$post({ json: { submissionId: uuidv7(), upTo: page.latest } });
  }
  return { page, list, role: locals.user.role, unread: 0 };
};
