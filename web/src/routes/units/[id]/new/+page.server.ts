import { error, redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../../../events/ids.ts';
import { today } from '../../../../../../api/units/schemas.ts';
import type { BranchField, BuildingMode } from '../../../../../../events/catalog/branch.ts';
import { messages } from '#lib/i18n.ts';
import { failForm, failPage, numberOrText, optional, valuesOf } from '#lib/server/forms.ts';
import { childKind, getUnit } from '#lib/server/units.ts';
import type { ApiClient } from '#lib/server/api.ts';
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
  return { parent: unit, path, kind, submissionId: uuidv7(), today: today() };
};

const fields = ['submissionId', 'name', 'code', 'on', 'population', 'committeeMembers', 'annualFunding', 'field', 'buildingMode'] as const;

export const actions: Actions = {
  default: async ({ request, locals, params }) => {
    const values = valuesOf(await request.formData(), fields);
    const { kind } = await parentOf(locals.api, params.id, locals.locale);
    // The API validates; the form passes on what was typed (a number field with letters goes on as text, to be refused).
    const response = await locals.api.api.units.$post({
      json: {
        submissionId: values.submissionId, kind, parentId: params.id, name: values.name, code: optional(values.code), on: optional(values.on),
        township: kind === 'township'
          ? { population: numberOrText(values.population), committeeMembers: numberOrText(values.committeeMembers), annualFunding: numberOrText(values.annualFunding) }
          : undefined,
        organisation: kind === 'organisation' ? { field: values.field as BranchField, buildingMode: values.buildingMode as BuildingMode } : undefined,
      },
    });
    if (response.status === 201 || response.status === 200) {
      const receipt = await response.json();
      redirect(303, `/units/${params.id}?${new URLSearchParams({ after: receipt.position, opened: receipt.unitId })}`);
    }
    return failForm(response, 'open', values);
  },
};
