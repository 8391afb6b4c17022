/**
 * Identifies the actor of every request (session cookie, or `Authorization: Bearer` for
 * scripts) and refuses what needs sign-in without one.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import * as readModels from '../../projections/index.ts';
import type { ApiEnv, SignedInEnv } from '../context.ts';
import { requestLocale } from '../locale.ts';
import { problem } from '../problem.ts';
import type { Runtime } from '../runtime.ts';
import { SESSION_COOKIE } from './sessions.ts';

export function sessionToken(c: Context): string | null {
  const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ?? getCookie(c, SESSION_COOKIE) ?? null;
}

export function identify(runtime: Runtime): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const token = sessionToken(c);
    const session = token ? runtime.sessions.find(token) : null;
    let account = session ? runtime.runner.state(readModels.accounts).byId.get(session.userId) : undefined;
    if (session && !account) {
      // A session made on another replica, for an account whose events this one has not folded
      // yet: the account is in the log, so wait for the accounts to catch up (bounded) rather than refuse it.
      const last = await runtime.store.lastPosition();
      if (last !== null) await runtime.runner.waitFor(last, runtime.config.READ_YOUR_WRITES_TIMEOUT_MS, [readModels.accounts.name]).catch(() => {});
      account = runtime.runner.state(readModels.accounts).byId.get(session.userId);
    }
    c.set(
      'actor',
      account && account.status === 'active'
        ? { userId: account.userId, loginName: account.loginName, displayName: account.displayName, role: account.role, unitIds: account.unitIds }
        : null,
    );
    await next();
  };
}

const messages = {
  signIn: { 'zh-CN': '请先登录', en: 'Sign in first' },
  forbidden: { 'zh-CN': '无权访问或对象不存在', en: 'Not permitted, or no such object' },
} as const;

/**
 * 401 for a request that needs a signed-in actor and has none. The routes after it (on its path,
 * or on the route it guards) see `c.var.actor` as an Actor: the check here is what makes it one.
 */
export const requireActor = createMiddleware<SignedInEnv>(async (c, next) => {
  // `identify` set null for an anonymous request: the type says what this check makes true.
  if (!c.var.actor) return problem(c, 401, { title: messages.signIn[requestLocale(c)] });
  await next();
});

/** The one answer for "outside your scope" and "does not exist": they must look the same. */
/** The words of a 403, for one refusal among several answered together. */
export const forbiddenTitle = (c: Context) => messages.forbidden[requestLocale(c)];

export function forbidden(c: Context) {
  return problem(c, 403, { title: messages.forbidden[requestLocale(c)] });
}
