import { fail } from '@sveltejs/kit';
import { serverToday } from '#lib/server/runtime.ts';
import { rateChart } from '#lib/server/charts.ts';
import { failForm, failPage } from '#lib/server/forms.ts';
import { mayManage } from '#lib/server/session.ts';
import { askForMonth } from '#lib/server/reporting.ts';
import { getUnit, treeQuery } from '#lib/server/units.ts';
import { listState } from '#lib/listState.ts';
import { uuidFromName, uuidv7 } from '../../../../../../events/ids.ts';
import type { Actions, PageServerLoad } from './$types';

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
  // A fresh id for each showing of the page: the same form sent twice (a double click, a retry) decides nothing twice.
  const thisMonth = serverToday().slice(0, 7);
  // 催报: a manager reminds the missing organisations of a month that is over.
  const mayRemind = mayManage(locals.user) && view.month < thisMonth && view.missing > 0;
  return { unit, path, view, list, monthError, thisMonth, chart: rateChart(view.series, locals.locale), decisionId: uuidv7(), mayRemind, remindId: uuidv7() };
};

export const actions: Actions = {
  /** 批量审核: the reports ticked in the township's list, approved, or returned with one reason. */
  decide: async ({ request, locals, params }) => {
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? '');
    const month = text('month');
    const decision = text('decision') === 'return' ? 'return' : 'approve';
    const items = form
      .getAll('item')
      .map(String)
      .map((value) => {
        const [unitId = '', version = ''] = value.split(':');
        return { unitId, version };
      });
    const values = { submissionId: text('submissionId'), month, reason: text('reason'), decision };
    if (items.length === 0) return fail(400, { action: 'decide', values, nothingSelected: true });
    const response = await locals.api.api.units[':id']['report-decisions'].$post({
      param: { id: params.id },
      json: { submissionId: values.submissionId, month, decision, reason: decision === 'return' ? values.reason : undefined, items },
    });
    if (response.status !== 200) return failForm(response, 'decide', values);
    const answer = await response.json();
    // Read back once the list has the decisions (read-your-writes), so the page shown next has them.
    if (answer.position) await locals.api.api.units[':id'].reporting.$get({ param: { id: params.id }, query: { month, after: answer.position } });
    return {
      action: 'decide',
      decision,
      decided: answer.decided,
      refused: answer.results.flatMap((result) => (result.ok ? [] : [{ unitId: result.unitId, title: result.title }])),
    };
  } /** 催报: one organisation (its row's button) or all missing under the page's unit; each target its own submission, so two buttons never share one. */,
  remind: async ({ request, locals, params }) => {
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? '');
    const target = text('target') || params.id;
    const month = text('month');
    const response = await locals.api.api.units[':id'].reminders.$post({
      param: { id: target },
      json: { submissionId: uuidFromName(`${text('submissionId')}:${target}`), kind: 'monthlyReport', month },
    });
    if (response.status !== 200 && response.status !== 201) return failForm(response, 'remind', { month, target });
    const answer = await response.json();
    return { action: 'remind', target, reminded: answer.reminded, recipients: answer.recipients, alreadySent: answer.alreadySent };
  },
};
