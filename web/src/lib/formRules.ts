/**
 * A form checking itself with the API's own rules before anything is stored or sent: the
 * shared schema's refusal worded exactly as the API's `validate` words it (api/problem.ts), so
 * the page shows it through the same mapping (reportFailure, visitFailure) as a server refusal.
 */
import type { z } from 'zod';
import { fieldErrors, titles, type FieldError, type Problem } from '../../../api/problem.ts';
import { visitDateRule, visitRuleMessages, type VisitDates } from '../../../api/research/rules.ts';
import type { Locale } from '../../../events/catalog/labels.ts';

/** A refusal as the API's problem carries it: its title and each field's error. */
export type Refusal = Pick<Problem, 'title'> & { errors: FieldError[] };

/** The schema's refusal of a body as the API answers it (400, each field named), or null when it passes. */
export function schemaRefusal(schema: z.ZodType, body: unknown, locale: Locale): Refusal | null {
  const result = schema.safeParse(body);
  return result.success ? null : { title: titles.invalid[locale], errors: fieldErrors(result.error.issues, locale, body) };
}

/**
 * A visit record's refusal: its format and, when its day is a day, the day's place in the round —
 * all at once (the API says the day's rule only once the format passes).
 */
export function visitRefusal(schema: z.ZodType, body: unknown, dates: VisitDates, locale: Locale): Refusal | null {
  const refusal = schemaRefusal(schema, body, locale);
  const errors = refusal?.errors ?? [];
  const date = body !== null && typeof body === 'object' ? (body as { date?: unknown }).date : undefined;
  const rule = typeof date === 'string' && !errors.some((error) => error.field === 'date') ? visitDateRule(date, dates) : null;
  if (rule) {
    const message = visitRuleMessages[rule][locale].replace(/\{(\w+)\}/g, (whole, name: string) => (dates as unknown as Record<string, string>)[name] ?? whole);
    errors.push({ field: 'date', code: rule, message });
  }
  return errors.length > 0 ? { title: refusal?.title ?? titles.invalid[locale], errors } : null;
}
