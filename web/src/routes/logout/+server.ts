import { redirect } from '@sveltejs/kit';
import { endSession } from '#lib/server/forms.ts';
import type { RequestHandler } from './$types';

/** Sign-out is a POST (a button in the header), so a link or a prefetch never signs anyone out. */
export const POST: RequestHandler = async ({ locals, cookies }) => {
  await locals.api.api.session.$delete();
  endSession(cookies);
  redirect(303, '/login');
};
