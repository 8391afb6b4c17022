/**
 * What every page does with the API's answers: a failed query becomes the error page, a
 * failed command goes back to its form with each field's message beside the field and
 * everything the user typed; a sign-in sets the session cookie.
 */
import { error, fail, type Cookies } from '@sveltejs/kit';
import type { Problem } from '../../../../api/problem.ts';
import { SESSION_COOKIE } from '../../../../api/auth/sessions.ts';

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

interface Answer { status: number; json(): Promise<unknown> }

export async function problemOf(response: Answer): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return { type: 'about:blank', title: `HTTP ${response.status}`, status: response.status };
  }
}

/** For loads: the API's refusal becomes the error page, with the API's (localised) title. */
export async function failPage(response: Answer): Promise<never> {
  const problem = await problemOf(response);
  error(response.status >= 400 && response.status <= 599 ? response.status : 500, problem.title);
}

export function valuesOf<const Name extends string>(form: FormData, names: readonly Name[]): Record<Name, string> {
  return Object.fromEntries(names.map((name) => [name, String(form.get(name) ?? '')])) as Record<Name, string>;
}

/** The form field a problem's path names: township.population → population, unitIds.0 → unitIds. */
export function fieldOf(path: string): string {
  const parts = path.split('.').filter((part) => !/^\d+$/.test(part));
  return parts[parts.length - 1] ?? path;
}

/** For actions: back to the form with the API's messages and what was typed (with the same submission id). */
export async function failForm(response: Answer, action: string, values: Values, extra: Record<string, unknown> = {}) {
  return failWith(await problemOf(response), response.status, action, values, extra);
}

export function failWith(problem: Problem, status: number, action: string, values: Values, extra: Record<string, unknown> = {}) {
  const errors: Record<string, string> = {};
  const others: string[] = [];
  for (const item of problem.errors ?? []) {
    const field = fieldOf(item.field);
    if (field in values && field !== 'submissionId' && !errors[field]) errors[field] = item.message;
    else others.push(item.message);
  }
  const failure: FormFailure = { action, values, errors, formError: status >= 500 ? null : problem.title, others, status };
  return fail(status, { ...extra, ...failure });
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

/** The web app keeps the session in its own cookie (the API's Set-Cookie stays inside the process). */
export function startSession(cookies: Cookies, url: URL, session: { token: string; expiresAt: string }) {
  cookies.set(SESSION_COOKIE, session.token, {
    path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', expires: new Date(session.expiresAt),
  });
}

export function endSession(cookies: Cookies) {
  cookies.delete(SESSION_COOKIE, { path: '/' });
}

/** Where to go after signing in: a path on this site only, never another origin. */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/';
}
