import { serverToday } from '#lib/server/runtime.ts';
import { needsChart, needsTrendChart } from '#lib/server/charts.ts';
import { failPage } from '#lib/server/forms.ts';
import { askForMonth } from '#lib/server/reporting.ts';
import { getUnit, treeQuery } from '#lib/server/units.ts';
import type { PageServerLoad } from './$types';

/** What youth under a unit asked for in a month: by category, the top needs and the trend over six months, their own words. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const [unitResponse, { response, monthError }] = await Promise.all([
    getUnit(locals.api, params.id, treeQuery(url)),
    askForMonth(url, (query) => locals.api.api.units[':id'].needs.$get({ param: { id: params.id }, query })),
  ]);
  if (!unitResponse.ok) return failPage(unitResponse);
  if (!response.ok) return failPage(response);
  const { unit, path } = await unitResponse.json();
  const needs = await response.json();
  // The answers name their organisation by id only: look up the names (at most 50, in-process).
  const ids = [...new Set(needs.freeText.map((answer) => answer.unitId))];
  const names = Object.fromEntries(
    await Promise.all(
      ids.map(async (id) => {
        const answer = await getUnit(locals.api, id);
        return [id, answer.ok ? (await answer.json()).unit.name : ''] as const;
      }),
    ),
  );
  return {
    unit,
    path,
    needs,
    names,
    monthError,
    thisMonth: serverToday().slice(0, 7),
    chart: needsChart(needs.categories, locals.locale),
    trendChart: needsTrendChart(needs.series, locals.locale),
  };
};
