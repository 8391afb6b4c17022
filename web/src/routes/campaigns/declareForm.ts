/**
 * The declaring form and `POST /api/campaigns`, both ways. The form has one input per date —
 * `phase-<key>-start`, `phase-<key>-end`, `deadline-<kind>` — and the API names a date by its
 * place in the body's lists (`phases.1.start`, `deadlines.0.due`); `fieldOfPath` turns one into
 * the other, so each message lands beside its own date (the shared `fieldOf` would drop the
 * index and put all three phases' messages on one field).
 */
import type { DeliverableKind, PhaseKey } from '../../../../events/catalog/campaign.ts';
import type { Problem } from '../../../../api/problem.ts';
import { numberOrText, type Values } from '#lib/forms.ts';
import { deliverableOrder as deliverableKinds, phaseOrder as phaseKeys } from '#lib/i18n/campaigns.ts';

export const phaseField = (key: PhaseKey, end: 'start' | 'end') => `phase-${key}-${end}`;
export const deadlineField = (kind: DeliverableKind) => `deadline-${kind}`;

/** Every input of the form, in its order. */
export const declareFields = [
  'submissionId',
  'unitId',
  'name',
  'year',
  ...phaseKeys.flatMap((key) => [phaseField(key, 'start'), phaseField(key, 'end')]),
  ...deliverableKinds.map(deadlineField),
  'newSince',
];

interface Template {
  phases: Array<{ key: PhaseKey; start: string; end: string }>;
  deadlines: Array<{ kind: DeliverableKind; due: string }>;
}

/** The form as first shown: the template's dates. */
export function templateValues(template: Template): Values {
  const values: Values = {};
  for (const phase of template.phases) {
    values[phaseField(phase.key, 'start')] = phase.start;
    values[phaseField(phase.key, 'end')] = phase.end;
  }
  for (const deadline of template.deadlines) values[deadlineField(deadline.kind)] = deadline.due;
  return values;
}

/** The API's body from what was typed (unjudged: the API validates every date and their order). */
export function declareBody(values: Values) {
  return {
    submissionId: values.submissionId ?? '',
    unitId: values.unitId ?? '',
    name: values.name ?? '',
    year: numberOrText(values.year ?? '') as number,
    phases: phaseKeys.map((key) => ({ key, start: values[phaseField(key, 'start')] ?? '', end: values[phaseField(key, 'end')] ?? '' })),
    deadlines: deliverableKinds.map((kind) => ({ kind, due: values[deadlineField(kind)] ?? '' })),
    ...(values.newSince ? { newSince: values.newSince } : {}),
  };
}

/** `phases.1.start` → `phase-mobilise-start`, `deadlines.0.due` → `deadline-baseline`; other paths as they are. */
export function fieldOfPath(path: string): string {
  const [list, index, part] = path.split('.');
  const phase = phaseKeys[Number(index)];
  const kind = deliverableKinds[Number(index)];
  if (list === 'phases' && phase && (part === 'start' || part === 'end')) return phaseField(phase, part);
  if (list === 'deadlines' && kind && part === 'due') return deadlineField(kind);
  return path;
}

/** The API's problem with each error renamed to the form's field. */
export function onFormFields(problem: Problem): Problem {
  return { ...problem, errors: problem.errors?.map((error) => ({ ...error, field: fieldOfPath(error.field) })) };
}
