import { failPage } from '#lib/server/forms.ts';
import { getUnit, treeQuery } from '#lib/server/units.ts';
import type { PageServerLoad } from './$types';

/** The unit's audit trail, with each actor's name where the user may see that account. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const query = treeQuery(url);
  const [unitResponse, auditResponse, usersResponse] = await Promise.all([
    getUnit(locals.api, params.id, query),
    locals.api.api.units[':id'].audit.$get({ param: { id: params.id }, query }),
    locals.api.api.users.$get({ query: {} }),
  ]);
  if (!unitResponse.ok) return failPage(unitResponse);
  if (!auditResponse.ok) return failPage(auditResponse);
  const { unit, path } = await unitResponse.json();
  const names: Record<string, string> = {};
  if (usersResponse.ok) for (const user of (await usersResponse.json()).users) names[user.userId] = user.displayName;
  return { unit, path, entries: (await auditResponse.json()).entries, names };
};
