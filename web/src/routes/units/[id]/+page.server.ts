import { redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../../events/ids.ts';
import { serverToday } from '#lib/server/runtime.ts';
import { failForm, failPage, problemOf, valuesOf } from '#lib/server/forms.ts';
import { getUnit, treeQuery } from '#lib/server/units.ts';
import type { Actions, PageServerLoad } from './$types';

/** How many of a unit's latest ranks its page shows. */
const LATEST_RANKS = 3;

/** One unit, its children (the drill-down), as of a date, and its latest ranks; 403 for a unit outside the user's scope. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  let response = await getUnit(locals.api, params.id, treeQuery(url, { asOf: true }), { composition: true });
  let asOfError: string | null = null;
  if (response.status === 400) {
    // A bad "as of" date: say so beside the field and show today's tree.
    asOfError = (await problemOf(response)).errors?.[0]?.message ?? null;
    response = await getUnit(locals.api, params.id, treeQuery(url), { composition: true });
  }
  if (!response.ok) return failPage(response);
  const found = await response.json();
  // Its latest places in the published bulletins (managers only: others are answered 403 and see none).
  const ranked =
    found.unit.kind !== 'organisation' && found.unit.kind !== 'province'
      ? await locals.api.api.units[':id'].ranks.$get({ param: { id: params.id }, query: { limit: String(LATEST_RANKS) } })
      : null;
  return {
    ...found,
    ranks: ranked?.ok ? (await ranked.json()).ranks : [],
    asOf: url.searchParams.get('asOf') ?? '',
    asOfError,
    opened: url.searchParams.get('opened'),
    changed: url.searchParams.get('changed'),
    // Each form of the page is its own command, with its own submission id.
    renameId: uuidv7(),
    closeId: uuidv7(),
    today: serverToday(),
  };
};

const done = (id: string, position: string, changed: string) => `/units/${id}?${new URLSearchParams({ after: position, changed })}`;

export const actions: Actions = {
  // Both send the unit's revision the page was shown at: a change made meanwhile is refused, not overwritten.
  rename: async ({ request, locals, params }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'name', 'revision']);
    const response = await locals.api.api.units[':id'].rename.$post({ param: { id: params.id }, json: values });
    if (response.status === 201 || response.status === 200) redirect(303, done(params.id, (await response.json()).position, 'renamed'));
    return failForm(response, 'rename', values);
  },
  close: async ({ request, locals, params }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'on', 'reason', 'revision']);
    const response = await locals.api.api.units[':id'].close.$post({
      param: { id: params.id },
      json: { submissionId: values.submissionId, reason: values.reason, revision: values.revision, ...(values.on ? { on: values.on } : {}) },
    });
    if (response.status === 201 || response.status === 200) redirect(303, done(params.id, (await response.json()).position, 'closed'));
    return failForm(response, 'close', values);
  },
};
