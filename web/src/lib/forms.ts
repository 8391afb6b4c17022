/**
 * What a form does with the API's words, in code that runs on both sides: the server action
 * (lib/server/forms.ts re-exports these) and the offline outbox in the browser (lib/outbox),
 * so a form refused by the API shows the very same messages beside the very same fields
 * whichever way it was sent.
 */
import type { Problem } from '../../../api/problem.ts';

export type Values = Record<string, string>;

/** What a failed form action gives back to its page. */
export interface FormFailure {
  /** Which of a page's forms failed, when it has several. */
  action: string;
  values: Values;
  /** Messages by form field name. */
  errors: Record<string, string>;
  /** The API's title (null for 5xx: the page says "unavailable" in its own words). */
  formError: string | null;
  /** Messages about fields the form does not show. */
  others: string[];
  status: number;
}

export function valuesOf<const Name extends string>(form: FormData, names: readonly Name[]): Record<Name, string> {
  return Object.fromEntries(names.map((name) => [name, String(form.get(name) ?? '')])) as Record<Name, string>;
}

/** The form field a problem's path names: township.population → population, unitIds.0 → unitIds. */
export function fieldOf(path: string): string {
  const parts = path.split('.').filter((part) => !/^\d+$/.test(part));
  return parts[parts.length - 1] ?? path;
}

/** A problem as its form shows it: each message beside its field, the rest above the form. */
export function failureOf(problem: Pick<Problem, 'title' | 'errors'>, status: number, action: string, values: Values): FormFailure {
  const errors: Record<string, string> = {};
  const others: string[] = [];
  for (const item of problem.errors ?? []) {
    const field = fieldOf(item.field);
    if (field in values && field !== 'submissionId' && !errors[field]) errors[field] = item.message;
    else others.push(item.message);
  }
  return { action, values, errors, formError: status >= 500 ? null : problem.title, others, status };
}

/** Optional text: an empty field is left out, so the API applies its default. */
export const optional = (text: string | undefined) => (text ? text : undefined);

/** A number typed into a form: empty is null; anything else not a number goes on as typed, for the API to reject. */
export function numberOrText(text: string): number | null {
  const trimmed = text.replace(/[,,\s]/g, '');
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return (Number.isFinite(value) ? value : text) as number;
}
