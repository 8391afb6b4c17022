import { failPage, problemOf } from '#lib/server/forms.ts';
import type { PageServerLoad } from './$types';

/** Search by name or code within the user's scope (a GET form, so results can be linked to). */
export const load: PageServerLoad = async ({ locals, url }) => {
  const q = url.searchParams.get('q') ?? '';
  if (!q.trim()) return { q, units: null, error: null };
  const response = await locals.api.api.units.search.$get({ query: { q } });
  if (response.status === 400) return { q, units: null, error: (await problemOf(response)).errors?.[0]?.message ?? null };
  if (!response.ok) return failPage(response);
  return { q, units: (await response.json()).units, error: null };
};
