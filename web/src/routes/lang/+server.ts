import { redirect } from '@sveltejs/kit';
import { safeNext } from '#lib/server/forms.ts';
import type { RequestHandler } from './$types';

/** Switches the language (a link, so it works without JavaScript) and goes back where the user was. */
export const GET: RequestHandler = ({ url, cookies }) => {
  const to = url.searchParams.get('to') === 'en' ? 'en' : 'zh-CN';
  cookies.set('lang', to, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365, secure: url.protocol === 'https:' });
  // Only paths on this site, never another origin.
  redirect(303, safeNext(url.searchParams.get('back')));
};
