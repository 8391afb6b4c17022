import { serverToday } from '#lib/server/runtime.ts';
import { rateChart } from '#lib/server/charts.ts';
import { failPage } from '#lib/server/forms.ts';
import { askForMonth } from '#lib/server/reporting.ts';
import { getUnit, treeQuery } from '#lib/server/units.ts';
import { listState } from '#lib/listState.ts';
import type { PageServerLoad } from './$types';

/** A unit's reporting for a month: its counts, the six months' rates, each child's counts, a township's organisations. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  // The organisations' filter, the order and the page, from the address (bookmarkable).
  const list = listState(url, ['status', 'q']);
  const [unitResponse, { response, monthError }] = await Promise.all([
    getUnit(locals.api, params.id, treeQuery(url)),
    askForMonth(url, (query) => locals.api.api.units[':id'].reporting.$get({ param: { id: params.id }, query: { ...query, ...list.query } })),
  ]);
  if (!unitResponse.ok) return failPage(unitResponse);
  if (!response.ok) return failPage(response);
  const { unit, path } = await unitResponse.json();
  const view = await response.json();
  return { unit, path, view, list, monthError, thisMonth: serverToday().slice(0, 7), chart: rateChart(view.series, locals.locale) };
};
