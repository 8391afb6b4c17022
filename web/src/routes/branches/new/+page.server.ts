import { fail, redirect } from '@sveltejs/kit';
import type { Problem } from '../../../../../api/problem.ts';
import { uuidv7 } from '../../../../../events/ids.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const response = await locals.api.api.townships.$get({ query: {} });
  const townships = response.ok ? (await response.json()).townships.map((summary) => summary.township) : [];
  // A new submission id each time the empty form is shown; a failed submission keeps its own.
  return { submissionId: uuidv7(), township: url.searchParams.get('township') ?? '', townships };
};

const fields = ['submissionId', 'name', 'township', 'field', 'buildingMode', 'clientTime'] as const;

export const actions: Actions = {
  default: async ({ request, locals }) => {
    const form = await request.formData();
    const values: Record<string, string> = Object.fromEntries(fields.map((field) => [field, String(form.get(field) ?? '')]));
    const { clientTime, ...rest } = values;
    const response = await locals.api.api.branches.$post({
      // The API validates; the form only passes on what was typed.
      json: { ...rest, ...(clientTime ? { clientTime } : {}) } as never,
    });
    if (response.status === 201 || response.status === 200) {
      const receipt = await response.json();
      const query = new URLSearchParams({ after: receipt.position, registered: receipt.branchId });
      redirect(303, `/townships/${encodeURIComponent(values.township!.trim())}?${query}`);
    }
    // Any other status is a problem (400 from validation, 409/503/500 from the error handler).
    const problem = (await response.json()) as Problem;
    const errors = Object.fromEntries((problem.errors ?? []).map((error) => [error.field, error.message]));
    // Everything the user typed goes back to the form, with the same submission id.
    return fail(response.status, { values, errors, formError: response.status === 400 ? null : problem.title, status: response.status as number });
  },
};
