import { error, redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../../../events/ids.ts';
import { serverToday } from '#lib/server/runtime.ts';
import { messages } from '#lib/i18n.ts';
import { failForm, failPage, valuesOf } from '#lib/server/forms.ts';
import { childKind, getUnit } from '#lib/server/units.ts';
import type { ApiClient } from '#lib/server/api.ts';
import { fields, openedPage, openUnitBody } from './body.ts';
import type { Actions, PageServerLoad } from './$types';

/** The parent, and the kind a unit under it is (implied: a city under a province, and so on). */
async function parentOf(api: ApiClient, id: string, locale: App.Locals['locale']) {
  const response = await getUnit(api, id);
  if (!response.ok) return failPage(response);
  const parent = await response.json();
  const kind = childKind[parent.unit.kind];
  if (!kind) error(400, messages(locale).newUnit.cannot);
  if (!parent.may.openChild || parent.unit.closedOn) error(403, messages(locale).forbidden);
  return { ...parent, kind };
}

export const load: PageServerLoad = async ({ locals, params }) => {
  const { unit, path, kind } = await parentOf(locals.api, params.id, locals.locale);
  return { parent: unit, path, kind, submissionId: uuidv7(), today: serverToday() };
};

/** Without JavaScript; with it, the page sends the same body through the outbox (lib/outbox). */
export const actions: Actions = {
  default: async ({ request, locals, params }) => {
    const form = await request.formData();
    const { kind } = await parentOf(locals.api, params.id, locals.locale);
    const response = await locals.api.api.units.$post({ json: openUnitBody(form, kind, params.id) });
    if (response.status === 201 || response.status === 200) redirect(303, openedPage(params.id, await response.json()));
    return failForm(response, 'open', valuesOf(form, fields));
  },
};
