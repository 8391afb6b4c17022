import { error, redirect } from '@sveltejs/kit';
import { uuidv7 } from '../../../../events/ids.ts';
import { messages, unitKindLabels } from '#lib/i18n.ts';
import { failForm, failPage, valuesOf } from '#lib/server/forms.ts';
import { mayManage } from '#lib/server/session.ts';
import { getUnit } from '#lib/server/units.ts';
import { listState } from '#lib/listState.ts';
import type { Actions, PageServerLoad } from './$types';

/** Users the actor manages, and units to invite someone into: the actor's roots and the units just below them. */
export const load: PageServerLoad = async ({ locals, url }) => {
  if (!mayManage(locals.user)) error(403, messages(locals.locale).forbidden);
  const after = url.searchParams.get('after') ?? '';
  // The list's filter, order and page, from the address (bookmarkable).
  const list = listState(url, ['role', 'status', 'q']);
  const [usersResponse, rootsResponse] = await Promise.all([
    locals.api.api.users.$get({ query: { ...(/^\d{1,20}$/.test(after) ? { after } : {}), ...list.query } }),
    locals.api.api.units.$get({ query: {} }),
  ]);
  if (!usersResponse.ok) return failPage(usersResponse);
  if (!rootsResponse.ok) return failPage(rootsResponse);
  const kind = (k: keyof typeof unitKindLabels) => unitKindLabels[k][locals.locale];
  const units: { value: string; label: string }[] = [];
  for (const root of (await rootsResponse.json()).units) {
    units.push({ value: root.id, label: `${root.name} · ${kind(root.kind)}` });
    const response = await getUnit(locals.api, root.id);
    if (response.ok) for (const child of (await response.json()).children) units.push({ value: child.id, label: `└ ${child.name} · ${kind(child.kind)}` });
  }
  // "Invite a user" on a unit's page names that unit, which may lie deeper.
  const wanted = url.searchParams.get('unit') ?? '';
  if (wanted && !units.some((unit) => unit.value === wanted)) {
    const response = await getUnit(locals.api, wanted);
    if (response.ok) {
      const { unit } = await response.json();
      units.unshift({ value: unit.id, label: `${unit.name} · ${kind(unit.kind)}` });
    }
  }
  const { users, total, nextCursor } = await usersResponse.json();
  const changed = url.searchParams.get('changed');
  const who = users.find((user) => user.userId === url.searchParams.get('user'));
  return {
    users,
    total,
    nextCursor,
    list,
    units,
    unit: wanted,
    submissionId: uuidv7(),
    // One submission id per row's button: a double click writes once.
    rowIds: Object.fromEntries(users.map((user) => [user.userId, uuidv7()])) as Record<string, string>,
    renewIds: Object.fromEntries(users.map((user) => [user.userId, uuidv7()])) as Record<string, string>,
    changed: who && (changed === 'deactivated' || changed === 'reactivated') ? { change: changed, name: who.displayName } : null,
  };
};

/** Deactivating or reactivating one account (the row's id in the form); back to the list, which reads its own write. */
async function setActive(locals: App.Locals, form: FormData, active: boolean) {
  const values = valuesOf(form, ['submissionId', 'userId']);
  const route = locals.api.api.users[':id'][active ? 'reactivate' : 'deactivate'];
  const response = await route.$post({ param: { id: values.userId }, json: { submissionId: values.submissionId } });
  if (response.status === 201 || response.status === 200) {
    const { position } = await response.json();
    redirect(303, `/users?${new URLSearchParams({ after: position, changed: active ? 'reactivated' : 'deactivated', user: values.userId })}`);
  }
  return failForm(response, active ? 'reactivate' : 'deactivate', values);
}

export const actions: Actions = {
  deactivate: async ({ request, locals }) => setActive(locals, await request.formData(), false),
  reactivate: async ({ request, locals }) => setActive(locals, await request.formData(), true),
  /** A fresh invitation link for an account not yet accepted: shown once, at the top of the list. */
  renew: async ({ request, locals, url }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'userId', 'displayName']);
    const response = await locals.api.api.users[':id']['renew-invitation'].$post({ param: { id: values.userId }, json: { submissionId: values.submissionId } });
    if (response.status === 201 || response.status === 200) {
      const { invitation } = await response.json();
      return { renewed: { name: values.displayName, link: invitation ? `${url.origin}/invite/${invitation.token}` : null } };
    }
    return failForm(response, 'renew', values);
  },
  invite: async ({ request, locals, url }) => {
    const values = valuesOf(await request.formData(), ['submissionId', 'loginName', 'displayName', 'role', 'unitIds', 'email', 'phone']);
    const response = await locals.api.api.users.$post({
      json: { ...values, role: values.role as 'manager', unitIds: values.unitIds ? [values.unitIds] : [] },
    });
    if (response.status === 201 || response.status === 200) {
      const { invitation } = await response.json();
      // The token is in this one answer only: the link is shown once.
      return { invited: { name: values.displayName, link: invitation ? `${url.origin}/invite/${invitation.token}` : null } };
    }
    return failForm(response, 'invite', values);
  },
};
