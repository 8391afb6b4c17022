import { fail, redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../../../events/ids.ts';
import { serverToday } from '#lib/server/runtime.ts';
import { dueDate } from '../../../../../../projections/calendar.ts';
import { blankValues, formValues, reportBody, reportFailure, reportSentPage, reportValues } from '#lib/reportForm.ts';
import { failForm, failPage, problemOf, valuesOf } from '#lib/server/forms.ts';
import { askForMonth, userNames } from '#lib/server/reporting.ts';
import { getUnit, treeQuery } from '#lib/server/units.ts';
import type { Actions, PageServerLoad } from './$types';

/** An organisation's monthly report for `?month=` (the month being reported, by default), and its months so far. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const unitResponse = await getUnit(locals.api, params.id, treeQuery(url));
  if (!unitResponse.ok) return failPage(unitResponse);
  const { unit, path } = await unitResponse.json();
  // Only organisations report; any other unit's reporting is its month view.
  if (unit.kind !== 'organisation') redirect(307, `/units/${params.id}/month${url.search}`);
  const { response, monthError } = await askForMonth(url, (query) => locals.api.api.units[':id'].reports.$get({ param: { id: params.id }, query }));
  if (!response.ok) return failPage(response);
  const reports = await response.json();
  const month = (!monthError && url.searchParams.get('month')) || reports.reportingMonth;
  const current = reports.months.find((record) => record.month === month) ?? null;
  // Months come newest first: the latest report before this month, or else the nearest after it.
  const previous = reports.months.find((record) => record.month < month) ?? reports.months.at(-1) ?? null;
  return {
    unit, path, month, monthError,
    reportingMonth: reports.reportingMonth,
    thisMonth: serverToday().slice(0, 7),
    settings: reports.settings,
    due: dueDate(month, reports.settings.dueDay),
    mayDecide: reports.mayDecide,
    maySubmit: reports.maySubmit,
    months: reports.months,
    current,
    values: current ? reportValues(current.report) : blankValues(previous?.report),
    names: current ? await userNames(locals.api) : {},
    sent: url.searchParams.get('sent'),
    decided: url.searchParams.get('decided'),
    // Each form of the page is its own command, with its own submission id.
    submissionId: uuidv7(),
    decisionId: uuidv7(),
  };
};

const back = (id: string, month: string, position: string, notice: Record<string, string>) =>
  `/units/${id}/reports?${new URLSearchParams({ month, after: position, ...notice })}`;

export const actions: Actions = {
  /** The report, as the form holds it, to the API (which judges every field); a second one for a month is a correction. */
  submit: async ({ request, locals, params }) => {
    const form = await request.formData();
    const body = reportBody(form);
    const response = await locals.api.api.units[':id'].reports.$post({ param: { id: params.id }, json: body });
    if (response.status === 201 || response.status === 200) redirect(303, reportSentPage(params.id, await response.json()));
    return fail(response.status, reportFailure(await problemOf(response), response.status, formValues(form)));
  },
  approve: async ({ request, locals, params }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'month']);
    const response = await locals.api.api.units[':id'].reports[':month'].approve.$post({ param: { id: params.id, month: values.month }, json: { submissionId: values.submissionId } });
    if (response.status === 201 || response.status === 200) redirect(303, back(params.id, values.month, (await response.json()).position, { decided: 'approved' }));
    return failForm(response, 'approve', values);
  },
  return: async ({ request, locals, params }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'month', 'reason']);
    const response = await locals.api.api.units[':id'].reports[':month'].return.$post({
      param: { id: params.id, month: values.month }, json: { submissionId: values.submissionId, reason: values.reason },
    });
    if (response.status === 201 || response.status === 200) redirect(303, back(params.id, values.month, (await response.json()).position, { decided: 'returned' }));
    return failForm(response, 'return', values);
  },
};
