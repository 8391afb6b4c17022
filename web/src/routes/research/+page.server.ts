import { redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../events/ids.ts';
import { unitKindLabels } from '#lib/i18n.ts';
import { researchMessages } from '#lib/i18n/research.ts';
import { failForm, failPage, failWith, valuesOf } from '#lib/server/forms.ts';
import { mayManage } from '#lib/server/session.ts';
import { treeQuery } from '#lib/server/units.ts';
import type { Actions, PageServerLoad } from './$types';

/** The research rounds the user may see; for a manager, the units they may declare a round for. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const manages = mayManage(locals.user);
  const [roundsResponse, unitsResponse] = await Promise.all([
    locals.api.api['research-rounds'].$get({ query: treeQuery(url) }),
    manages ? locals.api.api.units.$get({ query: {} }) : null,
  ]);
  if (!roundsResponse.ok) return failPage(roundsResponse);
  const units = unitsResponse?.ok
    ? (await unitsResponse.json()).units.map((unit) => ({ value: unit.id, label: `${unit.name} · ${unitKindLabels[unit.kind][locals.locale]}` }))
    : [];
  const { rounds } = await roundsResponse.json();
  // A researcher goes straight to their team's board: the teams of each round they may see.
  const teams: Record<string, { teamId: string; name: string }[]> = {};
  if (locals.user?.role === 'researcher') {
    await Promise.all(
      rounds.map(async (round) => {
        const response = await locals.api.api['research-rounds'][':roundId'].$get({ param: { roundId: round.roundId }, query: {} });
        if (response.ok) teams[round.roundId] = (await response.json()).teams.map(({ teamId, name }) => ({ teamId, name }));
      }),
    );
  }
  return { rounds, teams, units, submissionId: uuidv7() };
};

export const actions: Actions = {
  /** A round declared for one of the manager's units (the API judges the rest). */
  declare: async ({ request, locals }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'unitId', 'name', 'startsOn', 'endsOn']);
    if (!values.unitId) {
      const t = researchMessages(locals.locale);
      return failWith(
        { type: 'about:blank', status: 400, title: t.fixFields, errors: [{ field: 'unitId', code: 'required', message: t.rounds.chooseUnit }] },
        400,
        'declare',
        values,
      );
    }
    const { unitId, ...round } = values;
    const response = await locals.api.api.units[':id']['research-rounds'].$post({ param: { id: unitId }, json: round });
    if (response.status === 201 || response.status === 200) {
      const receipt = await response.json();
      redirect(303, `/research/${receipt.roundId}?${new URLSearchParams({ after: receipt.position, declared: '1' })}`);
    }
    return failForm(response, 'declare', values);
  },
};
