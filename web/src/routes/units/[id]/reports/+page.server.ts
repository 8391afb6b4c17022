import { fail, redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../../../events/ids.ts';
import { serverToday } from '#lib/server/runtime.ts';
import { dueDate, monthEnd } from '../../../../../../projections/calendar.ts';
import { blankValues, formValues, reportBody, reportFailure, reportSentPage, reportValues } from '#lib/reportForm.ts';
import { failForm, failPage, problemOf, valuesOf } from '#lib/server/forms.ts';
import { uploadPosted } from '#lib/server/attachments.ts';
import { withFiles } from '#lib/attachments/pending.ts';
import { askForMonth } from '#lib/server/reporting.ts';
import { getUnit, treeQuery } from '#lib/server/units.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * An organisation's monthly report for `?month=` (the month being reported, by default), and its
 * months so far. A township the branch has since left still opens the months that were its own:
 * the unit is then read as it stood at that month's end (breadcrumbs and all).
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  let unitResponse = await getUnit(locals.api, params.id, treeQuery(url));
  const asked = url.searchParams.get('month') ?? '';
  const pastMonth = unitResponse.status === 403 && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked);
  if (pastMonth) unitResponse = await getUnit(locals.api, params.id, { ...treeQuery(url), asOf: monthEnd(asked) });
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
    unit,
    path,
    month,
    monthError,
    reportingMonth: reports.reportingMonth,
    thisMonth: serverToday().slice(0, 7),
    settings: reports.settings,
    due: dueDate(month, reports.settings.dueDay),
    mayDecide: reports.months.some((record) => record.mayDecide),
    maySubmit: reports.maySubmit,
    /** The township the branch belonged to in this month, when it has moved away since. */
    pastTownship: pastMonth ? (path.at(-2)?.name ?? '') : null,
    today: serverToday(),
    paperId: uuidv7(),
    recordedPaper: url.searchParams.get('decided') === 'paper',
    months: reports.months,
    current,
    values: current ? reportValues(current.report) : blankValues(previous?.report),
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
    // Its photos first (posted with the form, multipart), as the outbox sends them before the report.
    const uploaded = await uploadPosted(locals.api, form);
    if ('refused' in uploaded)
      return fail(uploaded.refused.status, reportFailure(await problemOf(uploaded.refused), uploaded.refused.status, formValues(form)));
    const body = withFiles(reportBody(form), uploaded.files);
    const response = await locals.api.api.units[':id'].reports.$post({ param: { id: params.id }, json: body });
    if (response.status === 201 || response.status === 200) redirect(303, reportSentPage(params.id, await response.json()));
    return fail(response.status, reportFailure(await problemOf(response), response.status, formValues(form)));
  },
  // Approving and returning send the version the manager read: a correction arriving meanwhile is not decided unseen.
  approve: async ({ request, locals, params }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'month', 'version']);
    const response = await locals.api.api.units[':id'].reports[':month'].approve.$post({
      param: { id: params.id, month: values.month },
      json: { submissionId: values.submissionId, version: values.version },
    });
    if (response.status === 201 || response.status === 200)
      redirect(303, back(params.id, values.month, (await response.json()).position, { decided: 'approved' }));
    return failForm(response, 'approve', values);
  },
  return: async ({ request, locals, params }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'month', 'reason', 'version']);
    const response = await locals.api.api.units[':id'].reports[':month'].return.$post({
      param: { id: params.id, month: values.month },
      json: { submissionId: values.submissionId, reason: values.reason, version: values.version },
    });
    if (response.status === 201 || response.status === 200)
      redirect(303, back(params.id, values.month, (await response.json()).position, { decided: 'returned' }));
    return failForm(response, 'return', values);
  },
  paper: async ({ request, locals, params }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'month', 'receivedOn', 'reason']);
    const response = await locals.api.api.units[':id'].reports[':month']['paper-receipt'].$post({
      param: { id: params.id, month: values.month },
      json: { submissionId: values.submissionId, receivedOn: values.receivedOn, reason: values.reason },
    });
    if (response.status === 201 || response.status === 200)
      redirect(303, back(params.id, values.month, (await response.json()).position, { decided: 'paper' }));
    return failForm(response, 'paper', values);
  },
};
