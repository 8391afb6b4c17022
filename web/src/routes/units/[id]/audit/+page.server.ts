import { failPage } from '#lib/server/forms.ts';
import { getUnit, treeQuery } from '#lib/server/units.ts';
import { listState } from '#lib/listState.ts';
import type { PageServerLoad } from './$types';

/** The filters of the audit trail, as named in the address and the API. */
const FILTERS = ['type', 'actor', 'from', 'to'] as const;

/** A page of the unit's audit trail (filter, order and page from the address), and the people it may be filtered by. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const list = listState(url, FILTERS);
  const [unitResponse, auditResponse, usersResponse] = await Promise.all([
    getUnit(locals.api, params.id, treeQuery(url)),
    locals.api.api.units[':id'].audit.$get({ param: { id: params.id }, query: { ...treeQuery(url), ...list.query } }),
    // The people to filter by: those the user may see, by name (the first 200).
    locals.api.api.users.$get({ query: { sort: 'displayName', limit: '200' } }),
  ]);
  if (!unitResponse.ok) return failPage(unitResponse);
  if (!auditResponse.ok) return failPage(auditResponse);
  const { unit, path } = await unitResponse.json();
  const names: Record<string, string> = {};
  if (usersResponse.ok) for (const user of (await usersResponse.json()).users) names[user.userId] = user.displayName;
  const page = await auditResponse.json();
  return { unit, path, entries: page.entries, total: page.total, nextCursor: page.nextCursor, list, names };
};
