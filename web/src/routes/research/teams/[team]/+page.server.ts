import { failPage } from '#lib/server/forms.ts';
import { treeQuery } from '#lib/server/units.ts';
import type { PageServerLoad } from './$types';

/** A team's checklist: per region, the six items with who did each and when. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const response = await locals.api.api['research-teams'][':teamId'].$get({ param: { teamId: params.team }, query: treeQuery(url) });
  if (!response.ok) return failPage(response);
  return { ...(await response.json()), recorded: url.searchParams.get('recorded') };
};
