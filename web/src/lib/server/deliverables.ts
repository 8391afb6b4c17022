/**
 * What the drive's delivery pages do with the API on the server: submit a deliverable of
 * each kind as its form holds it, upload a case's files first, approve or return one (from
 * the unit's page and from the inbox alike), and where each lands afterwards.
 */
import { redirect } from '@sveltejs/kit';
import { attachmentSchema, deliverableKinds, type Attachment, type DeliverableKind } from '../../../../events/catalog/campaign.ts';
import type { ApiClient } from './api.ts';
import { failForm, valuesOf, type Values } from './forms.ts';

type SubmitBody = Parameters<ApiClient['api']['campaigns'][':id']['deliverables'][':unitId']['$post']>[0]['json'];

export type { InboxEntry } from '../../../../api/campaigns/deliverableRoutes.ts';

export const isKind = (kind: string): kind is DeliverableKind => (deliverableKinds as readonly string[]).includes(kind);

/** A unit's deliverables page after a command: read-your-writes from `position`, a notice, scrolled to the deliverable. */
export function unitPage(campaignId: string, unitId: string, position: string, notice: Record<string, string>, kind?: string): string {
  return `/campaigns/${campaignId}/units/${unitId}?${new URLSearchParams({ after: position, ...notice })}${kind ? `#${kind}` : ''}`;
}

/** The attachments a case form keeps: each ticked `keep` box holds one as JSON; anything malformed is dropped (the API checks the rest). */
export function keptAttachments(form: FormData): Attachment[] {
  const kept: Attachment[] = [];
  for (const value of form.getAll('keep')) {
    try {
      const parsed = attachmentSchema.safeParse(JSON.parse(String(value)));
      if (parsed.success) kept.push(parsed.data);
    } catch {
      /* not JSON: not one of ours */
    }
  }
  return unique(kept);
}

/** The same file uploaded twice is the same content (named by its hash): kept once. */
const unique = (list: Attachment[]) => [...new Map(list.map((item) => [item.sha256, item])).values()];

/** Files actually chosen (a file input left empty still sends one nameless, empty part). */
const chosenFiles = (form: FormData) => form.getAll('file').filter((value): value is File => value instanceof File && (value.size > 0 || value.name !== ''));

/**
 * Submits one deliverable; on success goes back to the unit's page, otherwise returns to the
 * form (`action` = the kind) with the API's messages beside the fields and what was typed.
 */
async function submit(api: ApiClient, params: { id: string; unitId: string }, body: SubmitBody, values: Values) {
  const response = await api.api.campaigns[':id'].deliverables[':unitId'].$post({ param: { id: params.id, unitId: params.unitId }, json: body });
  if (response.status === 201 || response.status === 200) {
    redirect(303, unitPage(params.id, params.unitId, (await response.json()).position, { sent: body.kind }, body.kind));
  }
  return failForm(response, body.kind, values);
}

/** The submit action of each kind, reading its form. */
export const submitActions = {
  baseline: async (api: ApiClient, params: { id: string; unitId: string }, form: FormData) => {
    const values = valuesOf(form, ['submissionId', 'month']);
    return submit(api, params, { kind: 'baseline', submissionId: values.submissionId, ...(values.month ? { month: values.month } : {}) }, values);
  },
  rectification: async (api: ApiClient, params: { id: string; unitId: string }, form: FormData) => {
    const values = valuesOf(form, ['submissionId', 'plan']);
    const branches = form.getAll('branches').map(String);
    // The ticked boxes travel back as one comma-separated value, so a refused form keeps them ticked.
    return submit(
      api,
      params,
      { kind: 'rectification', submissionId: values.submissionId, branches, plan: values.plan },
      { ...values, branches: branches.join(',') },
    );
  },
  summary: async (api: ApiClient, params: { id: string; unitId: string }, form: FormData) => {
    const values = valuesOf(form, ['submissionId', 'text']);
    return submit(api, params, { kind: 'summary', submissionId: values.submissionId, text: values.text }, values);
  },
  tables: async (api: ApiClient, params: { id: string; unitId: string }, form: FormData) => {
    const values = valuesOf(form, ['submissionId']);
    return submit(api, params, { kind: 'tables', submissionId: values.submissionId }, values);
  },
  /**
   * The case: the chosen files go to /api/attachments first, then the case with them and the
   * attachments kept from before. Files uploaded for a case the API then refuses stay listed
   * (as kept), so the writer never chooses them again.
   */
  case: async (api: ApiClient, params: { id: string; unitId: string }, form: FormData) => {
    const values = valuesOf(form, ['submissionId', 'title', 'text']);
    let attachments = keptAttachments(form);
    const files = chosenFiles(form);
    const refused = (kept: Attachment[]) => ({ ...values, file: '', attachments: JSON.stringify(kept) });
    if (files.length > 0) {
      const uploaded = await api.api.attachments.$post({ form: { file: files } });
      if (uploaded.status !== 201) return failForm(uploaded, 'case', refused(attachments));
      attachments = unique([...attachments, ...((await uploaded.json()) as { attachments: Attachment[] }).attachments]);
    }
    const body = { kind: 'case' as const, submissionId: values.submissionId, title: values.title, text: values.text, attachments };
    return submit(api, params, body, refused(attachments));
  },
};

/**
 * Approves or returns one deliverable (its campaign, unit and kind in the form, so the inbox
 * can decide any of its rows); success goes to `done`, a refusal back to the form named `action`.
 */
export async function decide(api: ApiClient, form: FormData, decision: 'approve' | 'return', done: (position: string, values: Values) => string) {
  const values = valuesOf(form, ['submissionId', 'campaignId', 'unitId', 'kind', 'reason', 'version']);
  const param = { id: values.campaignId, unitId: values.unitId, kind: values.kind };
  const route = api.api.campaigns[':id'].deliverables[':unitId'][':kind'];
  const response =
    decision === 'approve'
      ? await route.approve.$post({ param, json: { submissionId: values.submissionId, version: values.version } })
      : await route.return.$post({ param, json: { submissionId: values.submissionId, reason: values.reason, version: values.version } });
  if (response.status === 201 || response.status === 200) redirect(303, done((await response.json()).position, values));
  return failForm(response, decision, values);
}
