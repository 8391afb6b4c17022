import { redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../../events/ids.ts';
import type { DeliverableKind, PhaseKey } from '../../../../../events/catalog/campaign.ts';
import { failForm, failPage, valuesOf } from '#lib/server/forms.ts';
import { askAsOf } from '#lib/server/asOf.ts';
import { serverToday } from '#lib/server/runtime.ts';
import { treeQuery } from '#lib/server/units.ts';
import { listState } from '#lib/listState.ts';
import { mayManage } from '#lib/server/session.ts';
import { remindedOf, remindOfDeliverable } from '#lib/server/reminders.ts';
import { statusChart } from '../charts.server.ts';
import type { Actions, PageServerLoad } from './$types';

/** `?unit=` (the unit looked from; the API's default otherwise) with `after` for read-your-writes. */
const timelineQuery = (url: URL) => {
  const unit = url.searchParams.get('unit');
  return { ...treeQuery(url), ...(unit ? { unit } : {}) };
};

/** A drive's timeline from one unit: phases, deadlines, today, each unit below with what it delivered; rescheduling for its managers. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  // The Gantt's rows (the units below) page like a table; the page is in the address.
  const list = listState(url, []);
  const { response, asOf, asOfError } = await askAsOf(url, (day) =>
    locals.api.api.campaigns[':id'].timeline.$get({ param: { id: params.id }, query: { ...timelineQuery(url), ...list.query, ...day } }),
  );
  if (!response.ok) return failPage(response);
  const timeline = await response.json();
  return {
    timeline,
    list,
    asOf,
    asOfError,
    realToday: serverToday(),
    chart: statusChart(timeline.totals, locals.locale),
    declared: url.searchParams.has('declared'),
    rescheduled: url.searchParams.get('rescheduled'),
    // One id for whichever reschedule form is sent; a fresh one after each.
    submissionId: uuidv7(),
    // 催报 of those who have not submitted a kind, under the unit looked from (not on a past day).
    mayRemind: mayManage(locals.user) && !asOf,
    remindId: uuidv7(),
    reminded: remindedOf(url),
  };
};

/** Back to the same view, reading at least as far as the change just written, at its history. */
const back = (id: string, url: URL, position: string, what: string) => {
  const unit = url.searchParams.get('unit');
  return `/campaigns/${id}?${new URLSearchParams({ ...(unit ? { unit } : {}), after: position, rescheduled: what })}#history`;
};

export const actions: Actions = {
  phase: async ({ request, locals, params, url }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'phase', 'start', 'end', 'reason']);
    const response = await locals.api.api.campaigns[':id'].phases[':phase'].$post({
      param: { id: params.id, phase: values.phase as PhaseKey },
      json: { submissionId: values.submissionId, start: values.start, end: values.end, reason: values.reason },
    });
    if (response.status === 201 || response.status === 200) redirect(303, back(params.id, url, (await response.json()).position, 'phase'));
    return failForm(response, 'phase', values);
  },
  deadline: async ({ request, locals, params, url }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'kind', 'due', 'reason']);
    const response = await locals.api.api.campaigns[':id'].deadlines[':kind'].$post({
      param: { id: params.id, kind: values.kind as DeliverableKind },
      json: { submissionId: values.submissionId, due: values.due, reason: values.reason },
    });
    if (response.status === 201 || response.status === 200) redirect(303, back(params.id, url, (await response.json()).position, 'deadline'));
    return failForm(response, 'deadline', values);
  },
  remind: async ({ request, locals, params }) => {
    const form = await request.formData();
    const unitId = String(form.get('unitId') ?? '');
    return remindOfDeliverable(
      locals.api,
      params.id,
      form,
      unitId,
      (said) => `/campaigns/${params.id}?unit=${encodeURIComponent(unitId)}&${said}#totals-title`,
    );
  },
};
