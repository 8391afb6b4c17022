import { uuidv7 } from '../../../../../../../events/ids.ts';
import type { HealthClass } from '../../../../../../../events/catalog/report.ts';
import { healthDistributionChart } from '#lib/server/charts.ts';
import { decide, isKind, submitActions, unitPage } from '#lib/server/deliverables.ts';
import { failPage } from '#lib/server/forms.ts';
import { remindedOf, remindOfDeliverable } from '#lib/server/reminders.ts';
import { getUnit, treeQuery } from '#lib/server/units.ts';
import { askAsOf } from '#lib/server/asOf.ts';
import { serverToday } from '#lib/server/runtime.ts';
import type { Actions, PageServerLoad } from './$types';

/** What a unit owes in a drive, each deliverable with its state and history; its forms for those who submit, decisions for the level above. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const query = treeQuery(url);
  const [{ response, asOf, asOfError }, unitResponse] = await Promise.all([
    askAsOf(url, (day) =>
      locals.api.api.campaigns[':id'].deliverables[':unitId'].$get({ param: { id: params.id, unitId: params.unitId }, query: { ...query, ...day } }),
    ),
    getUnit(locals.api, params.unitId, query),
  ]);
  if (!response.ok) return failPage(response);
  const answer = await response.json();
  // The breadcrumbs are a convenience: a unit the tree will not show still has its deliverables.
  const path = unitResponse.ok ? (await unitResponse.json()).path : [];
  const baseline = answer.deliverables.find((d) => d.kind === 'baseline');
  const classes: Array<{ healthClass: HealthClass }> = baseline?.content?.kind === 'baseline' ? baseline.content.classes : answer.branches;
  const distribution = { consolidate: 0, improve: 0, rectify: 0, rebuild: 0 } as Record<HealthClass, number>;
  for (const item of classes) distribution[item.healthClass]++;
  const decided = url.searchParams.get('decided');
  return {
    ...answer,
    asOf,
    asOfError,
    realToday: serverToday(),
    path,
    distribution,
    distributionChart: baseline && classes.length > 0 ? healthDistributionChart(distribution, locals.locale) : null,
    sent: isKind(url.searchParams.get('sent') ?? '') ? url.searchParams.get('sent') : null,
    decided: decided === 'approved' || decided === 'returned' ? decided : null,
    decidedKind: isKind(url.searchParams.get('kind') ?? '') ? url.searchParams.get('kind') : null,
    // Every form on the page is its own command with its own submission id, so a double
    // click writes once and two different forms never share an id.
    submissionIds: Object.fromEntries(answer.deliverables.map((d) => [d.kind, uuidv7()])) as Record<string, string>,
    decisionIds: Object.fromEntries(answer.deliverables.map((d) => [d.kind, uuidv7()])) as Record<string, string>,
    remindId: uuidv7(),
    reminded: remindedOf(url),
  };
};

const decided = (decision: 'approved' | 'returned') => (position: string, values: Record<string, string>) =>
  unitPage(values.campaignId!, values.unitId!, position, { decided: decision, kind: values.kind! }, values.kind);

export const actions: Actions = {
  baseline: async ({ request, locals, params }) => submitActions.baseline(locals.api, params, await request.formData()),
  rectification: async ({ request, locals, params }) => submitActions.rectification(locals.api, params, await request.formData()),
  case: async ({ request, locals, params }) => submitActions.case(locals.api, params, await request.formData()),
  summary: async ({ request, locals, params }) => submitActions.summary(locals.api, params, await request.formData()),
  tables: async ({ request, locals, params }) => submitActions.tables(locals.api, params, await request.formData()),
  approve: async ({ request, locals }) => decide(locals.api, await request.formData(), 'approve', decided('approved')),
  return: async ({ request, locals }) => decide(locals.api, await request.formData(), 'return', decided('returned')),
  /** 催报: the level above reminds this unit of a deliverable it has not submitted. */
  remind: async ({ request, locals, params }) =>
    remindOfDeliverable(
      locals.api,
      params.id,
      await request.formData(),
      params.unitId,
      (said) => `/campaigns/${params.id}/units/${params.unitId}?${said}#${said.get('remindedKind')}`,
    ),
};
