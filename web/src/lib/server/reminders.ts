/** 催报 of a drive's deliverable, as the timeline and a unit's deliverables page send it (a form action). */
import { uuidFromName } from '../../../../events/ids.ts';
import { deliverableKinds, type DeliverableKind } from '../../../../events/catalog/campaign.ts';
import type { ApiClient } from './api.ts';
import { redirect } from '@sveltejs/kit';
import { failForm } from './forms.ts';

/**
 * Reminds `unitId` of the form's deliverable kind, or (`all` in the form) every unit of its area
 * that has not submitted it. Each kind and target is its own submission (derived from the page's id).
 * On success the browser goes `back` with what was reminded in the address.
 */
export async function remindOfDeliverable(api: ApiClient, campaignId: string, form: FormData, unitId: string, back: (said: URLSearchParams) => string) {
  const text = (name: string) => String(form.get(name) ?? '');
  const kind = (deliverableKinds as readonly string[]).includes(text('kind')) ? (text('kind') as DeliverableKind) : 'baseline';
  const all = text('all') === 'true';
  const response = await api.api.campaigns[':id'].reminders.$post({
    param: { id: campaignId },
    json: { submissionId: uuidFromName(`${text('submissionId')}:${unitId}:${kind}:${all}`), kind, unitId, all },
  });
  if (response.status !== 200 && response.status !== 201) return failForm(response, 'remind', { kind });
  const answer = await response.json();
  // Back to the page (a reload sends nothing again), saying how many were reminded; none means already today.
  redirect(303, back(new URLSearchParams({ reminded: String(answer.reminded), people: String(answer.recipients), remindedKind: kind })));
}

/** What the address says was just reminded (after `remindOfDeliverable`), or null. */
export function remindedOf(url: URL): { kind: DeliverableKind; units: number; people: number } | null {
  const kind = url.searchParams.get('remindedKind') ?? '';
  const units = Number(url.searchParams.get('reminded'));
  const people = Number(url.searchParams.get('people'));
  if (!(deliverableKinds as readonly string[]).includes(kind) || !Number.isInteger(units) || !Number.isInteger(people)) return null;
  return { kind: kind as DeliverableKind, units, people };
}
