import { redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../events/ids.ts';
import { failForm, failPage, valuesOf } from '#lib/server/forms.ts';
import { treeQuery } from '#lib/server/units.ts';
import { researchTodos } from '#lib/researchTodo.ts';
import type { Actions, PageServerLoad } from './$types';

/**
 * The workbench (工作台): what waits for the user today — a secretary's report, a manager's
 * missing reports, approvals and drive deadlines, deliverables to review, a researcher's teams —
 * above the units they are responsible for (all provinces for an administrator).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
  const role = locals.user?.role;
  const manages = role === 'manager' || role === 'administrator';
  const [response, workbenchResponse, inboxResponse, roundsResponse] = await Promise.all([
    locals.api.api.units.$get({ query: treeQuery(url) }),
    locals.api.api.workbench.$get({ query: {} }),
    manages ? locals.api.api.inbox.$get({ query: { limit: '5' } }) : null,
    role === 'researcher' ? locals.api.api['research-rounds'].$get({ query: {} }) : null,
  ]);
  if (!response.ok) return failPage(response);
  if (!workbenchResponse.ok) return failPage(workbenchResponse);
  const { units } = await response.json();
  const workbench = await workbenchResponse.json();
  const inbox = inboxResponse?.ok ? await inboxResponse.json() : null;
  const rounds = roundsResponse?.ok ? (await roundsResponse.json()).rounds : [];
  // A researcher's teams in rounds not yet ended, with where each stands and, while the round
  // runs, the items still to do on the team's board (each a tap from its visit form).
  const teams = rounds
    .filter((round) => round.endsOn >= workbench.today)
    .flatMap((round) =>
      round.teamList
        .filter((team) => team.member)
        .map((team) => ({ teamId: team.teamId, name: team.name, round: round.name, endsOn: round.endsOn, running: round.startsOn <= workbench.today })),
    );
  const research = await Promise.all(
    teams.map(async (team) => {
      if (!team.running) return { ...team, todos: null };
      const board = await locals.api.api['research-teams'][':teamId'].$get({ param: { teamId: team.teamId }, query: {} });
      return { ...team, todos: board.ok ? researchTodos(team.teamId, (await board.json()).board) : null };
    }),
  );
  return {
    units,
    workbench,
    research,
    inbox: inbox ? { waitingTotal: inbox.waitingTotal, waiting: inbox.waiting } : null,
    opened: url.searchParams.get('opened'),
    submissionId: uuidv7(),
  };
};

export const actions: Actions = {
  default: async ({ request, locals }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'name']);
    const response = await locals.api.api.units.$post({ json: { ...values, kind: 'province', parentId: null } });
    if (response.status === 201 || response.status === 200) {
      const receipt = await response.json();
      redirect(303, `/?${new URLSearchParams({ after: receipt.position, opened: receipt.unitId })}`);
    }
    return failForm(response, 'openProvince', values);
  },
};
