import { redirect } from '@sveltejs/kit';
import { failForm, safeNext, startSession, valuesOf } from '#lib/server/forms.ts';
import { setupNeeded } from '#lib/server/session.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
  if (await setupNeeded(locals.api)) redirect(303, '/setup');
  return {};
};

export const actions: Actions = {
  default: async ({ request, locals, cookies, url }) => {
    const values = valuesOf(await request.formData(), ['loginName', 'password']);
    const response = await locals.api.api.session.$post({ json: values });
    if (response.status === 200) {
      startSession(cookies, url, (await response.json()).session);
      redirect(303, safeNext(url.searchParams.get('next')));
    }
    // 401 (wrong name or password) and 429 (too many tries) come back with the API's title.
    return failForm(response, 'login', { ...values, password: '' });
  },
};
