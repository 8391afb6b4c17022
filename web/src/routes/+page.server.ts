import { redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../events/ids.ts';
import { failForm, failPage, valuesOf } from '#lib/server/forms.ts';
import { treeQuery } from '#lib/server/units.ts';
import type { Actions, PageServerLoad } from './$types';

/** The top of the tree: the units the user is responsible for (all provinces for an administrator). */
export const load: PageServerLoad = async ({ locals, url }) => {
  const response = await locals.api.api.units.$get({ query: treeQuery(url) });
  if (!response.ok) return failPage(response);
  const { units } = await response.json();
  return { units, opened: url.searchParams.get('opened'), submissionId: uuidv7() };
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
