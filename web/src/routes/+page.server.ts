import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const response = await locals.api.api.townships.$get({ query: {} });
  if (response.status !== 200) error(response.status, (await response.json()).title);
  return await response.json();
};
