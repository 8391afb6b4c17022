import { redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../../events/ids.ts';
import { failForm, failPage, startSession, valuesOf } from '#lib/server/forms.ts';
import type { Actions, PageServerLoad } from './$types';

/** Who is invited for what; an unknown or expired link is a 404 with the API's words. */
export const load: PageServerLoad = async ({ locals, params }) => {
  const response = await locals.api.api.invitations[':token'].$get({ param: { token: params.token } });
  if (!response.ok) return failPage(response);
  return { ...(await response.json()), submissionId: uuidv7() };
};

export const actions: Actions = {
  default: async ({ request, locals, params, cookies, url }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'password']);
    const response = await locals.api.api.invitations[':token'].$post({ param: { token: params.token }, json: values });
    if (response.status === 201) {
      startSession(cookies, url, (await response.json()).session);
      redirect(303, '/');
    }
    return failForm(response, 'accept', { ...values, password: '' });
  },
};
