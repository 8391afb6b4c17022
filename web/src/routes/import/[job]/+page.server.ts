import { failPage } from '#lib/server/forms.ts';
import type { PageServerLoad } from './$types';

/** An import under way: the page reloads itself each second while it runs (no JavaScript needed). */
export const load: PageServerLoad = async ({ locals, params }) => {
  const response = await locals.api.api.imports[':id'].$get({ param: { id: params.job } });
  if (!response.ok) return failPage(response);
  return await response.json();
};
