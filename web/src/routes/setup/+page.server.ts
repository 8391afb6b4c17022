import { redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../events/ids.ts';
import { failForm, startSession, valuesOf } from '#lib/server/forms.ts';
import { setupNeeded } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  if (!(await setupNeeded(locals.api))) redirect(303, '/login');
  return { submissionId: uuidv7() };
};

export const actions: Actions = {
  default: async ({ request, locals, cookies, url }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'loginName', 'displayName', 'password']);
    const response = await locals.api.api.setup.$post({ json: values });
    if (response.status === 201) {
      startSession(cookies, url, (await response.json()).session);
      redirect(303, '/');
    }
    // A password is never sent back into the page.
    return failForm(response, 'setup', { ...values, password: '' });
  },
};
