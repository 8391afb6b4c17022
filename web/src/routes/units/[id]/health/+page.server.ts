import { redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../../../events/ids.ts';
import { serverToday } from '#lib/server/runtime.ts';
import type { HealthClass } from '../../../../../../events/catalog/report.ts';
import { healthDistributionChart, healthTrendChart } from '#lib/server/charts.ts';
import { failForm, failPage, valuesOf } from '#lib/server/forms.ts';
import { askForMonth } from '#lib/server/reporting.ts';
import { getUnit, treeQuery } from '#lib/server/units.ts';
import { listState } from '#lib/listState.ts';
import type { Actions, PageServerLoad } from './$types';

/** Branch health under a unit for a month: the distribution, the trend, each branch's class and why; overrides where allowed. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  // The table's filter, order and page, from the address (bookmarkable).
  const list = listState(url, ['class', 'q']);
  const [unitResponse, { response, monthError }] = await Promise.all([
    getUnit(locals.api, params.id, treeQuery(url)),
    askForMonth(url, (query) => locals.api.api.units[':id'].health.$get({ param: { id: params.id }, query: { ...query, ...list.query } })),
  ]);
  if (!unitResponse.ok) return failPage(unitResponse);
  if (!response.ok) return failPage(response);
  const { unit, path } = await unitResponse.json();
  const health = await response.json();
  return {
    unit,
    path,
    health,
    monthError,
    list,
    thisMonth: serverToday().slice(0, 7),
    distributionChart: Object.values(health.distribution).some((count) => count > 0) ? healthDistributionChart(health.distribution, locals.locale) : null,
    trendChart: healthTrendChart(health.trend, locals.locale),
    overridden: url.searchParams.get('overridden'),
    // One submission id for whichever override form is sent (a fresh one after each).
    submissionId: uuidv7(),
  };
};

export const actions: Actions = {
  override: async ({ request, locals, params }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'unitId', 'month', 'healthClass', 'reason']);
    const response = await locals.api.api.units[':id'].health.override.$post({
      param: { id: values.unitId },
      json: { submissionId: values.submissionId, month: values.month, healthClass: values.healthClass as HealthClass, reason: values.reason },
    });
    if (response.status === 201 || response.status === 200) {
      const { position } = await response.json();
      redirect(303, `/units/${params.id}/health?${new URLSearchParams({ month: values.month, after: position, overridden: values.unitId })}`);
    }
    return failForm(response, 'override', values);
  },
};
