import type { LayoutServerLoad } from './$types';

/** The user was looked up once for this request by the server hook (GET /api/session). */
export const load: LayoutServerLoad = ({ locals }) => ({ locale: locals.locale, user: locals.user });
