import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const response = await locals.api.api.townships.$get({ query: {} });
  if (!response.ok) error(response.status, (await response.json() as unknown as { title: string }).title);
  return await response.json();
};
