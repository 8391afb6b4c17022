import { error, fail } from '@sveltejs/kit';
import { uuidv7 } from '../../../../events/ids.ts';
import { messages } from '#lib/i18n.ts';
import { decide, isKind, type InboxEntry } from '#lib/server/deliverables.ts';
import { failForm, failPage } from '#lib/server/forms.ts';
import { mayManage } from '#lib/server/session.ts';
import { getUnit } from '#lib/server/units.ts';
import { askAsOf } from '#lib/server/asOf.ts';
import { serverToday } from '#lib/server/runtime.ts';
import { listState } from '#lib/listState.ts';
import type { Actions, PageServerLoad } from './$types';

/** A row of the inbox is one deliverable of one unit in one drive. */
const rowKey = (item: { campaignId: string; unitId: string; kind: string }) => `${item.campaignId}/${item.unitId}/${item.kind}`;

/** What awaits the signed-in manager's decision, grouped by drive (oldest first), and what they returned that awaits correction. */
export const load: PageServerLoad = async ({ locals, url }) => {
  if (!mayManage(locals.user)) error(403, messages(locals.locale).forbidden);
  // Each list pages on its own (the waiting one by `cursor`, the returned one by `returnedCursor`), as the address says.
  // (`kind` in this page's address names the deliverable just decided, for the notice: not a filter.)
  const waitingList = listState(url, ['sort']);
  const returnedList = listState(url, [], { prefix: 'returned' });
  const paging = { ...waitingList.query, ...(returnedList.query.cursor ? { returnedCursor: returnedList.query.cursor } : {}) };
  const { response, asOf, asOfError } = await askAsOf(url, (day) => locals.api.api.inbox.$get({ query: { ...day, ...paging } }));
  if (!response.ok) return failPage(response);
  const inbox = await response.json();
  // Drives in the order of their oldest waiting item; the API gives the items oldest first.
  const drives = new Map<string, { campaignId: string; campaignName: string; items: InboxEntry[] }>();
  for (const item of inbox.waiting) {
    const drive =
      drives.get(item.campaignId) ??
      drives.set(item.campaignId, { campaignId: item.campaignId, campaignName: item.campaignName, items: [] }).get(item.campaignId)!;
    drive.items.push(item);
  }
  const decided = url.searchParams.get('decided');
  const kind = url.searchParams.get('kind') ?? '';
  const unitId = url.searchParams.get('unit') ?? '';
  const campaignId = url.searchParams.get('campaign') ?? '';
  // The notice names the unit as the tree does (never a name taken from the address).
  const uuid = /^[0-9a-f-]{36}$/;
  const unitResponse =
    (decided === 'approved' || decided === 'returned') && isKind(kind) && uuid.test(unitId) && uuid.test(campaignId) ? await getUnit(locals.api, unitId) : null;
  const done = unitResponse?.ok
    ? {
        decided: decided as 'approved' | 'returned',
        kind,
        unitName: (await unitResponse.json()).unit.name,
        href: `/campaigns/${campaignId}/units/${unitId}#${kind}`,
      }
    : null;
  return {
    today: inbox.today,
    asOf,
    asOfError,
    realToday: serverToday(),
    waiting: inbox.waitingTotal,
    drives: [...drives.values()],
    returned: inbox.returned,
    returnedTotal: inbox.returnedTotal,
    waitingList,
    returnedList,
    shownWaiting: inbox.waiting.length,
    nextCursor: inbox.nextCursor,
    returnedNextCursor: inbox.returnedNextCursor,
    done,
    // One submission id per row: a decision sent twice is written once, and two rows never share one.
    decisionIds: Object.fromEntries(inbox.waiting.map((item) => [rowKey(item), uuidv7()])) as Record<string, string>,
    // 批量审核: one submission id per drive's bulk form; `tick=<drive>` ticks all of its boxes (select-all without JavaScript).
    bulkIds: Object.fromEntries([...drives.keys()].map((id) => [id, uuidv7()])) as Record<string, string>,
    tickAll: url.searchParams.get('tick') ?? '',
  };
};

const inboxPage = (decision: 'approved' | 'returned') => (_position: string, values: Record<string, string>) =>
  `/inbox?${new URLSearchParams({ decided: decision, kind: values.kind ?? '', unit: values.unitId ?? '', campaign: values.campaignId ?? '' })}`;

export const actions: Actions = {
  // The inbox reads the log caught up (the API waits for it), so no read-your-writes position is needed after a decision.
  approve: async ({ request, locals }) => decide(locals.api, await request.formData(), 'approve', inboxPage('approved')),
  return: async ({ request, locals }) => decide(locals.api, await request.formData(), 'return', inboxPage('returned')),
  /** 批量审核: the deliverables ticked in one drive's list, approved, or returned with one reason. */
  decideMany: async ({ request, locals }) => {
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? '');
    const decision = text('decision') === 'return' ? 'return' : 'approve';
    const values = { submissionId: text('submissionId'), campaignId: text('campaignId'), reason: text('reason'), decision };
    const items = form
      .getAll('item')
      .map(String)
      .flatMap((value) => {
        const [unitId = '', kind = '', version = ''] = value.split(':');
        return isKind(kind) ? [{ unitId, kind, version }] : [];
      });
    if (items.length === 0) return fail(400, { action: 'decideMany', values, nothingSelected: true });
    const response = await locals.api.api.campaigns[':id']['deliverable-decisions'].$post({
      param: { id: values.campaignId },
      json: { submissionId: values.submissionId, decision, reason: decision === 'return' ? values.reason : undefined, items },
    });
    if (response.status !== 200) return failForm(response, 'decideMany', values);
    const answer = await response.json();
    return {
      action: 'decideMany',
      campaignId: values.campaignId,
      decision,
      decided: answer.decided,
      refused: answer.results.flatMap((result) => (result.ok ? [] : [{ unitId: result.unitId, kind: result.kind, title: result.title }])),
    };
  },
};
