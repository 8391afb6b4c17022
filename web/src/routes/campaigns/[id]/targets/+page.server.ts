import { failPage } from '#lib/server/forms.ts';
import { treeQuery } from '#lib/server/units.ts';
import { targetsChart } from './chart.ts';
import type { PageServerLoad } from './$types';

/**
 * Progress against the drive's targets from a unit (`?unit=`, by default the user's view of the
 * drive): the summary, the units or townships below, a chart; `up` and `owes` come with the
 * answer, for drill-back and the link to the unit's deliverables.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const unit = url.searchParams.get('unit') ?? '';
  const query = { ...treeQuery(url), ...(unit ? { unit } : {}) };
  const response = await locals.api.api.campaigns[':id'].targets.$get({ param: { id: params.id }, query });
  if (!response.ok) return failPage(response);
  const targets = await response.json();
  return { ...targets, chart: targets.summary.townships > 0 ? targetsChart(targets.summary, locals.locale) : null };
};
