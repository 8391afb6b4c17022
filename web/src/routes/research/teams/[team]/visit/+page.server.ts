import { fail, redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../../../../events/ids.ts';
import { researchItems } from '../../../../../../../events/catalog/research.ts';
import { serverToday } from '#lib/server/runtime.ts';
import { blankVisit, defaultVisitDate, visitBody, visitFailure, visitSentPage, visitValues } from '#lib/researchForm.ts';
import { failPage, problemOf } from '#lib/server/forms.ts';
import { uploadPosted } from '#lib/server/attachments.ts';
import { withFiles } from '#lib/attachments/pending.ts';
import type { Actions, PageServerLoad } from './$types';

/** The visit record form for one of the team's regions and one of the six items (`?region=&item=`). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const response = await locals.api.api['research-teams'][':teamId'].$get({ param: { teamId: params.team }, query: {} });
  if (!response.ok) return failPage(response);
  const { team, mayRecord, round } = await response.json();
  const region = url.searchParams.get('region') ?? '';
  const item = url.searchParams.get('item') ?? '';
  const regionId = team.regions.some((r) => r.unitId === region) ? region : team.regions.length === 1 ? team.regions[0]!.unitId : '';
  return {
    team,
    mayRecord,
    round,
    today: serverToday(),
    values: blankVisit({ regionId, item: (researchItems as readonly string[]).includes(item) ? item : '', date: defaultVisitDate(round, serverToday()) }),
    submissionId: uuidv7(),
  };
};

export const actions: Actions = {
  /** The record as the form holds it, to the API (which judges every field). */
  default: async ({ request, locals, params }) => {
    const form = await request.formData();
    // Its photos first (posted with the form, multipart), as the outbox sends them before the record.
    const uploaded = await uploadPosted(locals.api, form);
    if ('refused' in uploaded)
      return fail(uploaded.refused.status, visitFailure(await problemOf(uploaded.refused), uploaded.refused.status, visitValues(form)));
    const response = await locals.api.api['research-teams'][':teamId'].visits.$post({
      param: { teamId: params.team },
      json: withFiles(visitBody(form), uploaded.files),
    });
    if (response.status === 201 || response.status === 200) redirect(303, visitSentPage(params.team, await response.json()));
    return fail(response.status, visitFailure(await problemOf(response), response.status, visitValues(form)));
  },
};
