import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** `?after=<position>` (set by the form's redirect) makes the list include the user's own registration. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const after = url.searchParams.get('after') ?? undefined;
  const response = await locals.api.api.townships[':township'].branches.$get({
    param: { township: params.township },
    query: after && /^\d+$/.test(after) ? { after } : {},
  });
  if (response.status !== 200) error(response.status, (await response.json()).title);
  const body = await response.json();
  return { ...body, registered: url.searchParams.get('registered') };
};
