import { randomBytes } from 'node:crypto';
import { downloadResponse } from '../tables/download.ts';
import { dateCell } from '../tables/xlsxWrite.ts';
import { roleLabels } from '../../events/catalog/labels.ts';
import { chinaMinute } from '../../projections/calendar.ts';
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { accountsPage, hasAdministrator, type Account } from '../../projections/accounts.ts';
import { isWithin, view } from '../../projections/organisationTreeQueries.ts';
import * as readModels from '../../projections/index.ts';
import { forbidden, requireActor, sessionToken } from '../auth/middleware.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { canChange, canInvite, type Actor } from '../auth/scope.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { handleCommand } from '../commands.ts';
import { caughtUpWithLog, commandContext, nowOf, readModel, type ApiEnv } from '../context.ts';
import { requestLocale } from '../locale.ts';
import { problem } from '../problem.ts';
import type { Runtime } from '../runtime.ts';
import { validate } from '../validate.ts';
import { accountDecider, accountId, accountStream, setupDecider, setupStream } from './decider.ts';
import { newInvitation, sha256 } from './invitationToken.ts';
import { acceptSchema, deactivateSchema, inviteSchema, setupSchema, signInSchema, usersExportQuery, usersQuery } from './schemas.ts';

/** What this file's commands check against: they wait for these projections only, not for every read model. */
const COMMANDS_READ = ['organisationTree', 'accounts'] as const;

/** A hash no password matches (of random bytes), made once: what an unknown account's password is checked against. */
let standIn: Promise<string> | null = null;
const standInHash = () => (standIn ??= hashPassword(randomBytes(32).toString('base64url')));
const words = {
  badLogin: { 'zh-CN': '用户名或密码不正确', en: 'Wrong login name or password' },
  tooMany: { 'zh-CN': '登录失败次数过多,请稍后再试', en: 'Too many failed sign-ins; try again later' },
  invitation: { 'zh-CN': '邀请链接无效或已过期', en: 'This invitation link is not valid or has expired' },
} as const;

/** Sign-in, first-run set-up, invitations and the users a manager may see. */
export function accountRoutes(runtime: Runtime) {
  const accounts = () => runtime.runner.state(readModels.accounts);
  const tree = () => runtime.runner.state(readModels.organisationTree);
  const startSession = (c: Context<ApiEnv>, account: Pick<Account, 'userId'>) => {
    const { token, expiresAt } = runtime.sessions.create(account.userId);
    // Max-Age, not Expires: the runtime's clock may be set to another day than the browser's.
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      maxAge: Math.max(0, Math.floor((expiresAt - runtime.clock.now().getTime()) / 1000)),
      secure: new URL(c.req.url).protocol === 'https:',
    });
    return { token, expiresAt: new Date(expiresAt).toISOString() };
  };
  const publicAccount = (account: Account) => {
    const state = tree();
    return {
      userId: account.userId,
      loginName: account.loginName,
      displayName: account.displayName,
      role: account.role,
      status: account.status,
      since: account.since,
      email: account.email ?? null,
      phone: account.phone ?? null,
      units: account.unitIds.filter((id) => state.units.has(id)).map((id) => ({ id, name: view(state.units.get(id)!).name })),
    };
  };
  /**
   * May deactivate or reactivate an account: an administrator any but an administrator's; a
   * manager one whose every unit lies strictly below one of theirs — never a co-manager of the same
   * unit, nor themselves. Anyone else's answer is "no such user".
   */
  const mayManage = (actor: Actor, id: string) => {
    const account = accounts().byId.get(id);
    if (!account || account.role === 'administrator' || actor.userId === id) return false;
    if (actor.role === 'administrator') return true;
    return actor.role === 'manager' && account.unitIds.length > 0 && account.unitIds.every((unitId) => canChange(tree(), actor, unitId));
  };
  const visibleTo = (actor: Actor, account: Account) =>
    actor.role === 'administrator' ||
    actor.userId === account.userId ||
    (actor.role === 'manager' &&
      account.role !== 'administrator' &&
      account.unitIds.length > 0 &&
      account.unitIds.every((id) => actor.unitIds.some((root) => isWithin(tree(), id, root))));

  return (
    new Hono<ApiEnv>()
      .get('/setup', async (c) => c.json({ needed: !hasAdministrator(accounts()) }, 200))
      .post('/setup', validate('json', setupSchema), async (c) => {
        const body = c.req.valid('json');
        await caughtUpWithLog(runtime, COMMANDS_READ);
        const userId = accountId(body.loginName);
        const administratorExists = hasAdministrator(accounts());
        // The decider refuses a set-up once there is an administrator: such a request (anyone may send it) costs no hash (32 MiB of scrypt).
        const passwordHash = administratorExists ? '' : await hashPassword(body.password);
        const command = { userId, loginName: body.loginName, displayName: body.displayName, passwordHash, administratorExists };
        // One stream for the set-up: of two racing set-ups, the second fails on no_stream or finds the first.
        const receipt = await handleCommand(runtime.store, setupDecider, {
          streamName: setupStream,
          submissionId: body.submissionId,
          command,
          context: { ...commandContext(c), actor: userId },
        });
        await runtime.runner.waitFor(BigInt(receipt.position), runtime.config.READ_YOUR_WRITES_TIMEOUT_MS);
        const session = startSession(c, { userId });
        return c.json({ ...receipt, userId, session }, 201);
      })
      .post('/session', validate('json', signInSchema), async (c) => {
        const { loginName, password } = c.req.valid('json');
        const address = c.req.header('x-league-pulse-client') ?? 'unknown';
        // The attempt is counted before the password is hashed, so attempts sent at once all count.
        const wait = runtime.loginLimiter.reserve(loginName, address);
        if (wait > 0) {
          c.header('retry-after', String(wait));
          return problem(c, 429, { title: words.tooMany[requestLocale(c)], retryAfter: wait });
        }
        const account = accounts().byId.get(accounts().byLogin.get(loginName) ?? '');
        const usable = account?.status === 'active' && account.passwordHash !== null ? account : undefined;
        // An unknown (or inactive) account is hashed too, against a stand-in: its answer takes as long as a wrong password's.
        const matches = await verifyPassword(password, usable?.passwordHash ?? (await standInHash()));
        if (!matches || !usable) return problem(c, 401, { title: words.badLogin[requestLocale(c)] });
        runtime.loginLimiter.succeeded(loginName);
        return c.json({ user: publicAccount(usable), session: startSession(c, usable) }, 200);
      })
      .get('/session', requireActor, async (c) => {
        const account = accounts().byId.get(c.var.actor.userId)!;
        return c.json({ user: publicAccount(account) }, 200);
      })
      .delete('/session', async (c) => {
        const token = sessionToken(c);
        if (token) runtime.sessions.end(token);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.json({ signedOut: true }, 200);
      })
      .get('/users', requireActor, validate('query', usersQuery), async (c) => {
        const { after, limit, cursor, sort, role, status, q } = c.req.valid('query');
        await readModel(c, runtime, readModels.accounts, after);
        const actor = c.var.actor;
        const page = accountsPage(accounts(), (account) => visibleTo(actor, account), { role, status, q, sort }, { limit, cursor });
        return c.json(
          {
            users: page.rows.map((account) => ({ ...publicAccount(account), mayManage: mayManage(actor, account.userId) })),
            total: page.total,
            nextCursor: page.nextCursor,
          },
          200,
        );
      })
      // The users list downloaded whole, with its filter and order (the accounts the reader may see).
      .get('/users/export', requireActor, validate('query', usersExportQuery), async (c) => {
        const { after, sort, role, status, q, format } = c.req.valid('query');
        await readModel(c, runtime, readModels.accounts, after);
        const actor = c.var.actor;
        const locale = requestLocale(c);
        const en = locale === 'en';
        const all = accountsPage(accounts(), (account) => visibleTo(actor, account), { role, status, q, sort }, { limit: 1_000_000 });
        const statusWords = {
          invited: { 'zh-CN': '已邀请', en: 'Invited' },
          active: { 'zh-CN': '在用', en: 'Active' },
          deactivated: { 'zh-CN': '已停用', en: 'Deactivated' },
        } as const;
        return downloadResponse(format, {
          name: en ? 'Users' : '用户',
          title: [en ? `Users (${all.total})` : `用户(共 ${all.total} 人)`],
          header: en ? ['Login name', 'Name', 'Role', 'Units', 'Status', 'Since'] : ['用户名', '姓名', '角色', '负责的组织', '状态', '起始时间'],
          columnWidths: [16, 12, 14, 40, 8, 18],
          rows: all.rows.map((account) => {
            const shown = publicAccount(account);
            return [
              shown.loginName,
              shown.displayName,
              roleLabels[shown.role][locale],
              shown.units.map((unit) => unit.name).join(en ? '; ' : '、'),
              statusWords[shown.status][locale],
              dateCell(chinaMinute(shown.since)),
            ];
          }),
        });
      })
      .post('/users', requireActor, validate('json', inviteSchema), async (c) => {
        const body = c.req.valid('json');
        await caughtUpWithLog(runtime, COMMANDS_READ);
        if (!canInvite(tree(), c.var.actor, body.role, body.unitIds)) return forbidden(c);
        const { token, tokenHash, expiresAt } = newInvitation(nowOf(c));
        const userId = accountId(body.loginName);
        const receipt = await handleCommand(runtime.store, accountDecider, {
          streamName: accountStream(userId),
          submissionId: body.submissionId,
          command: {
            type: 'invite',
            loginName: body.loginName,
            displayName: body.displayName,
            role: body.role,
            unitIds: body.unitIds,
            tokenHash,
            expiresAt,
            email: body.email,
            phone: body.phone,
          },
          context: commandContext(c),
        });
        // The token exists only in this answer; a repeated submission cannot show it again.
        return c.json({ ...receipt, userId, invitation: receipt.duplicate ? null : { token, expiresAt } }, receipt.duplicate ? 200 : 201);
      })
      .post('/users/:id/deactivate', requireActor, validate('json', deactivateSchema), async (c) => {
        const id = c.req.param('id');
        await caughtUpWithLog(runtime, COMMANDS_READ);
        if (!mayManage(c.var.actor, id)) return forbidden(c);
        const receipt = await handleCommand(runtime.store, accountDecider, {
          streamName: accountStream(id),
          submissionId: c.req.valid('json').submissionId,
          command: { type: 'deactivate' },
          context: commandContext(c),
        });
        runtime.sessions.endAllFor(id);
        return c.json(receipt, receipt.duplicate || receipt.unchanged ? 200 : 201);
      })
      // A fresh invitation link for an account not yet accepted, by someone who may manage it: the old link stops working.
      .post('/users/:id/renew-invitation', requireActor, validate('json', deactivateSchema), async (c) => {
        const id = c.req.param('id');
        await caughtUpWithLog(runtime, COMMANDS_READ);
        if (!mayManage(c.var.actor, id)) return forbidden(c);
        const { token, tokenHash, expiresAt } = newInvitation(nowOf(c));
        const receipt = await handleCommand(runtime.store, accountDecider, {
          streamName: accountStream(id),
          submissionId: c.req.valid('json').submissionId,
          command: { type: 'renew', tokenHash, expiresAt },
          context: commandContext(c),
        });
        // As with an invitation, the token is in this one answer only.
        return c.json({ ...receipt, userId: id, invitation: receipt.duplicate ? null : { token, expiresAt } }, receipt.duplicate ? 200 : 201);
      })
      .post('/users/:id/reactivate', requireActor, validate('json', deactivateSchema), async (c) => {
        const id = c.req.param('id');
        await caughtUpWithLog(runtime, COMMANDS_READ);
        if (!mayManage(c.var.actor, id)) return forbidden(c);
        const receipt = await handleCommand(runtime.store, accountDecider, {
          streamName: accountStream(id),
          submissionId: c.req.valid('json').submissionId,
          command: { type: 'reactivate' },
          context: commandContext(c),
        });
        return c.json(receipt, receipt.duplicate || receipt.unchanged ? 200 : 201);
      })
      .get('/invitations/:token', async (c) => {
        await caughtUpWithLog(runtime, COMMANDS_READ);
        const account = accounts().byId.get(accounts().byToken.get(sha256(c.req.param('token'))) ?? '');
        if (account?.status !== 'invited' || (account.expiresAt ?? '') < nowOf(c).toISOString()) {
          return problem(c, 404, { title: words.invitation[requestLocale(c)] });
        }
        return c.json({ invitation: publicAccount(account), expiresAt: account.expiresAt }, 200);
      })
      .post('/invitations/:token', validate('json', acceptSchema), async (c) => {
        const tokenHash = sha256(c.req.param('token'));
        await caughtUpWithLog(runtime, COMMANDS_READ);
        const userId = accounts().byToken.get(tokenHash);
        if (!userId) return problem(c, 404, { title: words.invitation[requestLocale(c)] });
        const body = c.req.valid('json');
        const receipt = await handleCommand(runtime.store, accountDecider, {
          streamName: accountStream(userId),
          submissionId: body.submissionId,
          command: { type: 'accept', tokenHash, passwordHash: await hashPassword(body.password), now: nowOf(c).toISOString() },
          context: { ...commandContext(c), actor: userId },
        });
        await runtime.runner.waitFor(BigInt(receipt.position), runtime.config.READ_YOUR_WRITES_TIMEOUT_MS);
        // A repeat of the same acceptance (same password, same submission) signs in again, as a repeat.
        return c.json({ ...receipt, userId, session: startSession(c, { userId }) }, receipt.duplicate ? 200 : 201);
      })
  );
}
