/**
 * What every page does with the API's answers: a failed query becomes the error page, a
 * failed command goes back to its form with each field's message beside the field and
 * everything the user typed; a sign-in sets the session cookie.
 */
import { error, fail, type Cookies } from '@sveltejs/kit';
import type { Problem } from '../../../../api/problem.ts';
import { failureOf, type Values } from '../forms.ts';
import { SESSION_COOKIE } from '../../../../api/auth/sessions.ts';
import { serverNow } from './runtime.ts';

export { fieldOf, numberOrText, optional, valuesOf } from '../forms.ts';
export type { FormFailure, Values } from '../forms.ts';

interface Answer {
  status: number;
  json(): Promise<unknown>;
}

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

/** For actions: back to the form with the API's messages and what was typed (with the same submission id). */
export async function failForm(response: Answer, action: string, values: Values, extra: Record<string, unknown> = {}) {
  return failWith(await problemOf(response), response.status, action, values, extra);
}

export function failWith(problem: Problem, status: number, action: string, values: Values, extra: Record<string, unknown> = {}) {
  return fail(status, { ...extra, ...failureOf(problem, status, action, values) });
}

/** The web app keeps the session in its own cookie (the API's Set-Cookie stays inside the process). */
export function startSession(cookies: Cookies, url: URL, session: { token: string; expiresAt: string }) {
  cookies.set(SESSION_COOKIE, session.token, {
    // Max-Age, not Expires: the runtime's clock may stand at another day than the browser's (CLOCK_AT).
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: url.protocol === 'https:',
    maxAge: Math.max(0, Math.floor((Date.parse(session.expiresAt) - serverNow().getTime()) / 1000)),
  });
}

export function endSession(cookies: Cookies) {
  cookies.delete(SESSION_COOKIE, { path: '/' });
}

/**
 * Where to go next (after signing in, after switching the language): a path on this site only,
 * never another origin — and never anything a browser could read as one (`//x`, `/\\x`, a tab or
 * line break inside), which also keeps the Location header valid. Anything else goes home.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith('/') || /[\\\u0000-\u0020\u007f]/.test(next) || next.startsWith('//')) return '/';
  const base = 'http://league-pulse.invalid';
  try {
    const url = new URL(next, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}
