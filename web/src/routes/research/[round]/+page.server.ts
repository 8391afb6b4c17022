import { redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../../events/ids.ts';
import { serverToday } from '#lib/server/runtime.ts';
import { failForm, failPage } from '#lib/server/forms.ts';
import { regionOptions, researcherOptions } from '#lib/server/research.ts';
import { treeQuery } from '#lib/server/units.ts';
import type { Actions, PageServerLoad } from './$types';

/** A round's coverage: its teams and their regions; for whoever manages it, the form to form a team. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const asked = url.searchParams.get('today') ?? '';
  const query = { ...treeQuery(url), ...(/^\d{4}-\d{2}-\d{2}$/.test(asked) ? { today: asked } : {}) };
  const response = await locals.api.api['research-rounds'][':roundId'].$get({ param: { roundId: params.round }, query });
  if (!response.ok) return failPage(response);
  const detail = await response.json();
  const [researchers, regions] = detail.mayManage
    ? await Promise.all([researcherOptions(locals.api), regionOptions(locals.api, detail.round.unitId, locals.locale)])
    : [[], []];
  return {
    ...detail,
    today: query.today ?? serverToday(),
    researchers,
    regions,
    declared: url.searchParams.has('declared'),
    formed: url.searchParams.get('formed'),
    submissionId: uuidv7(),
  };
};

export const actions: Actions = {
  /** A team: its name, researchers and regions (the API judges them all). */
  team: async ({ request, locals, params }) => {
    const form = await request.formData();
    const memberIds = form.getAll('memberIds').map(String);
    const regionIds = form.getAll('regionIds').map(String);
    const values = {
      submissionId: String(form.get('submissionId') ?? ''),
      name: String(form.get('name') ?? ''),
      memberIds: memberIds.join(','),
      regionIds: regionIds.join(','),
    };
    const response = await locals.api.api['research-rounds'][':roundId'].teams.$post({
      param: { roundId: params.round },
      json: { submissionId: values.submissionId, name: values.name, memberIds, regionIds },
    });
    if (response.status === 201 || response.status === 200) {
      const receipt = await response.json();
      redirect(303, `/research/${params.round}?${new URLSearchParams({ after: receipt.position, formed: receipt.teamId })}#team-${receipt.teamId}`);
    }
    return failForm(response, 'team', values);
  },
};
