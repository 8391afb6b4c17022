import { failPage } from '#lib/server/forms.ts';
import { askAsOf } from '#lib/server/asOf.ts';
import { serverToday } from '#lib/server/runtime.ts';
import { treeQuery } from '#lib/server/units.ts';
import { listState } from '#lib/listState.ts';
import { targetsChart } from './chart.ts';
import type { PageServerLoad } from './$types';

/**
 * Progress against the drive's targets from a unit (`?unit=`, by default the user's view of the
 * drive): the summary, the units or townships below, a chart; `up` and `owes` come with the
 * answer, for drill-back and the link to the unit's deliverables.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const unit = url.searchParams.get('unit') ?? '';
  // The townships' order, filter (those missing a target) and page, from the address.
  const list = listState(url, ['unmet']);
  const query = { ...treeQuery(url), ...(unit ? { unit } : {}), ...list.query };
  const { response, asOf, asOfError } = await askAsOf(url, (day) =>
    locals.api.api.campaigns[':id'].targets.$get({ param: { id: params.id }, query: { ...query, ...day } }),
  );
  if (!response.ok) return failPage(response);
  const targets = await response.json();
  return {
    ...targets,
    list,
    asOf,
    asOfError,
    realToday: serverToday(),
    chart: targets.summary.townships > 0 ? targetsChart(targets.summary, locals.locale) : null,
  };
};
