import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { parseTable } from '../../api/tables/index.ts';
import { buildProvince, inviteUser } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
});
afterAll(() => api.close());

const signIn = (loginName: string, password: string, address = '10.0.0.1') =>
  send(api.app, '/api/session', json({ loginName, password }, { 'x-league-pulse-client': address }));

describe('accounts, sign-in and sessions', () => {
  it('first-run set-up happens once', async () => {
    expect((await send(api.app, '/api/setup')).body).toEqual({ needed: false });
    const again = await send(api.app, '/api/setup', json({ submissionId: uuidv7(), loginName: 'admin2', displayName: 'x', password: 'another long password' }));
    expect(again.status).toBe(409);
  });

  it('signs in with a session cookie (HttpOnly, SameSite) and signs out', async () => {
    const response = await api.app.request('/api/session', json({ loginName: 'ADMIN', password: 'correct horse battery' }));
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^lp_session=[\w-]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const token = cookie.split(';')[0]!;
    const me = await send(api.app, '/api/session', { headers: { cookie: token } });
    expect(me.body.user).toMatchObject({ loginName: 'admin', role: 'administrator' });
    // A browser sends its Origin with every request that changes something; a cookie without one is refused.
    expect((await api.app.request('/api/session', { method: 'DELETE', headers: { cookie: token } })).status).toBe(403);
    expect((await api.app.request('/api/session', { method: 'DELETE', headers: { cookie: token, origin: 'http://localhost' } })).status).toBe(200);
    expect((await send(api.app, '/api/session', { headers: { cookie: token } })).status).toBe(401);
  });

  it('a wrong password is a 401 that does not say whether the account exists', async () => {
    const wrong = await signIn('admin', 'not the password', '10.0.0.2');
    const nobody = await signIn('nobody', 'not the password', '10.0.0.2');
    expect(wrong.status).toBe(401);
    expect(nobody.body.title).toBe(wrong.body.title);
  });

  it('limits failed sign-ins per account (429 with Retry-After), whatever the address', async () => {
    await inviteUser(api, tree.admin, 'target', 'secretary', [tree.branch]);
    for (let i = 0; i < 5; i++) expect((await signIn('target', 'guess', `10.1.0.${i}`)).status).toBe(401);
    const limited = await signIn('target', 'target long password', '10.1.0.99');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits failed sign-ins per address across accounts', async () => {
    for (let i = 0; i < 20; i++) await signIn(`someone${i}`, 'guess', '10.2.0.1');
    expect((await signIn('admin', 'correct horse battery', '10.2.0.1')).status).toBe(429);
    expect((await signIn('admin', 'correct horse battery', '10.2.0.2')).status).toBe(200);
  });

  it('stores passwords only as scrypt hashes', async () => {
    const events = await api.runtime.store.readAll({ maxCount: 1000 });
    const text = JSON.stringify(events.map((event) => event.data));
    expect(text).toContain('scrypt$32768$8$1$');
    expect(text).not.toContain('correct horse battery');
  });

  it('an invitation works once, and a login name is taken once', async () => {
    const invited = await send(
      api.app,
      '/api/users',
      json({ submissionId: uuidv7(), loginName: 'once', displayName: '一次', role: 'manager', unitIds: [tree.township] }, tree.admin),
    );
    const token = invited.body.invitation.token;
    const accept = () => send(api.app, `/api/invitations/${token}`, json({ submissionId: uuidv7(), password: 'a long enough password' }));
    expect((await accept()).status).toBe(201);
    expect((await accept()).status).toBe(404);
    const clash = await send(
      api.app,
      '/api/users',
      json({ submissionId: uuidv7(), loginName: 'once', displayName: '重名', role: 'manager', unitIds: [tree.township] }, tree.admin),
    );
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('loginTaken');
  });

  it('an invitation keeps an email and a phone when given; a malformed one is refused beside its field', async () => {
    const invited = await send(
      api.app,
      '/api/users',
      json(
        {
          submissionId: uuidv7(),
          loginName: 'reachable',
          displayName: '可联系',
          role: 'secretary',
          unitIds: [tree.branch],
          email: ' Li@Example.CN ',
          phone: '138 0013 8000',
        },
        tree.admin,
      ),
    );
    expect(invited.status).toBe(201);
    const blank = await send(
      api.app,
      '/api/users',
      json(
        { submissionId: uuidv7(), loginName: 'unreachable', displayName: '未留', role: 'secretary', unitIds: [tree.branch], email: '', phone: ' ' },
        tree.admin,
      ),
    );
    expect(blank.status).toBe(201);
    const users = (await send(api.app, '/api/users?q=reachable&limit=10', { headers: tree.admin })).body.users;
    expect(users.map((user: { loginName: string; email: string | null; phone: string | null }) => [user.loginName, user.email, user.phone]).sort()).toEqual([
      ['reachable', 'li@example.cn', '138 0013 8000'],
      ['unreachable', null, null],
    ]);
    const bad = await send(
      api.app,
      '/api/users',
      json(
        {
          submissionId: uuidv7(),
          loginName: 'badmail',
          displayName: '错',
          role: 'secretary',
          unitIds: [tree.branch],
          email: 'not-an-address',
          phone: 'call me',
        },
        tree.admin,
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string; code: string }) => [error.field, error.code])).toEqual([
      ['email', 'invalidEmail'],
      ['phone', 'invalidPhone'],
    ]);
  });

  it('an invitation still waiting gets a fresh link: the old one stops working, the new one works once; an accepted account gets none', async () => {
    const invited = await send(
      api.app,
      '/api/users',
      json({ submissionId: uuidv7(), loginName: 'lostlink', displayName: '丢链接', role: 'secretary', unitIds: [tree.branch] }, tree.admin),
    );
    const old = invited.body.invitation.token as string;
    const renewId = uuidv7();
    const renewed = await send(api.app, `/api/users/${invited.body.userId}/renew-invitation`, json({ submissionId: renewId }, tree.admin));
    expect(renewed.status).toBe(201);
    const fresh = renewed.body.invitation.token as string;
    expect(fresh).not.toBe(old);
    // A retry of the same renewal shows no token again, and writes nothing.
    const retry = await send(api.app, `/api/users/${invited.body.userId}/renew-invitation`, json({ submissionId: renewId }, tree.admin));
    expect(retry.status).toBe(200);
    expect(retry.body.invitation).toBeNull();
    expect((await send(api.app, `/api/invitations/${old}`)).status).toBe(404);
    expect((await send(api.app, `/api/invitations/${fresh}`)).status).toBe(200);
    expect((await send(api.app, `/api/invitations/${fresh}`, json({ submissionId: uuidv7(), password: 'a long enough password' }))).status).toBe(201);
    const again = await send(api.app, `/api/users/${invited.body.userId}/renew-invitation`, json({ submissionId: uuidv7() }, tree.admin));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('notInvited');
    // Someone who may not manage the account is answered as for an account that does not exist.
    const secretary = await inviteUser(api, tree.admin, 'renewer', 'secretary', [tree.branch]);
    const ghost = await send(api.app, `/api/users/${uuidv7()}/renew-invitation`, json({ submissionId: uuidv7() }, secretary));
    const refused = await send(api.app, `/api/users/${invited.body.userId}/renew-invitation`, json({ submissionId: uuidv7() }, secretary));
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual(ghost.body);
  });

  it('a short password is refused beside its field', async () => {
    const invited = await send(
      api.app,
      '/api/users',
      json({ submissionId: uuidv7(), loginName: 'shorty', displayName: '短', role: 'manager', unitIds: [tree.township] }, tree.admin),
    );
    const { status, body } = await send(api.app, `/api/invitations/${invited.body.invitation.token}`, json({ submissionId: uuidv7(), password: 'short' }));
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ field: 'password', code: 'passwordTooShort', message: '密码至少 10 位' }]);
  });

  it('a deactivated user is signed out everywhere and cannot sign in', async () => {
    const auth = await inviteUser(api, tree.admin, 'leaver', 'secretary', [tree.branch]);
    const users = await send(api.app, '/api/users', { headers: tree.admin });
    const leaver = users.body.users.find((user: { loginName: string }) => user.loginName === 'leaver');
    expect((await send(api.app, `/api/users/${leaver.userId}/deactivate`, json({ submissionId: uuidv7() }, tree.admin))).status).toBe(201);
    expect((await send(api.app, '/api/session', { headers: auth })).status).toBe(401);
    expect((await signIn('leaver', 'leaver long password', '10.3.0.1')).status).toBe(401);
  });

  it('a manager lists only the users of their subtree', async () => {
    const manager = await inviteUser(api, tree.admin, 'citymgr', 'manager', [tree.city]);
    await inviteUser(api, tree.admin, 'othersec', 'secretary', [tree.otherBranch]);
    const countyManager = await inviteUser(api, manager, 'countymgr', 'manager', [tree.county]);
    const seen = (await send(api.app, '/api/users', { headers: countyManager })).body.users.map((user: { loginName: string }) => user.loginName);
    expect(seen).toContain('countymgr');
    expect(seen).not.toContain('othersec');
    expect(seen).not.toContain('citymgr');
    expect(seen).not.toContain('admin');
  });

  it('the users list pages by cursor, filters by role, status and name, and sorts; bad parameters are refused', async () => {
    const list = async (query: string) => (await send(api.app, `/api/users?${query}`, { headers: tree.admin })).body;
    const all = await list('limit=200');
    expect(all.total).toBe(all.users.length);
    expect(all.total).toBeGreaterThan(3);
    const logins = all.users.map((user: { loginName: string }) => user.loginName);
    expect(logins).toEqual([...logins].sort(new Intl.Collator('zh-CN').compare));
    const walked: string[] = [];
    for (let cursor = '', n = 0; n < 100; n++) {
      const page = await list(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(all.total);
      walked.push(...page.users.map((user: { loginName: string }) => user.loginName));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(walked).toEqual(logins);
    const reversed = (await list('limit=200&sort=-loginName')).users.map((user: { loginName: string }) => user.loginName);
    expect(reversed).toEqual([...logins].reverse());
    const secretaries = await list('role=secretary');
    expect(secretaries.users.length).toBeGreaterThan(0);
    expect(secretaries.users.every((user: { role: string }) => user.role === 'secretary')).toBe(true);
    expect(secretaries.total).toBe(all.users.filter((user: { role: string }) => user.role === 'secretary').length);
    const one = all.users[1];
    expect((await list(`q=${encodeURIComponent(one.displayName)}`)).users.map((user: { userId: string }) => user.userId)).toContain(one.userId);
    expect((await list('status=deactivated&q=nobody-like-this')).users).toEqual([]);
    for (const bad of ['sort=password', 'role=king', 'limit=0'])
      expect((await send(api.app, `/api/users?${bad}`, { headers: tree.admin })).status, bad).toBe(400);
  });

  it('the users list downloads whole with its filter and order, only the users the reader may see', async () => {
    const download = async (query: string, auth = tree.admin) => {
      const response = await api.app.request(`/api/users/export?${query}`, { headers: auth });
      expect(response.status).toBe(200);
      return parseTable('users.csv', new Uint8Array(await response.arrayBuffer()));
    };
    const listed = (await send(api.app, '/api/users?limit=200&role=secretary&sort=-loginName', { headers: tree.admin })).body.users;
    const table = await download('format=csv&role=secretary&sort=-loginName');
    expect(table.headers).toEqual(['用户名', '姓名', '角色', '负责的组织', '状态', '起始时间']);
    expect(table.rows.map((row) => row.cells['用户名'])).toEqual(listed.map((user: { loginName: string }) => user.loginName));
    expect(new Set(table.rows.map((row) => row.cells['角色']))).toEqual(new Set(['团支部书记']));
    // A county manager's download holds their subtree's users only, as their list does.
    const countyManager = await inviteUser(api, tree.admin, 'countyexport', 'manager', [tree.county]);
    const theirs = (await download('format=csv', countyManager)).rows.map((row) => row.cells['用户名']);
    expect(theirs).toContain('countyexport');
    expect(theirs).not.toContain('admin');
    expect(theirs).not.toContain('othersec');
    expect((await api.app.request('/api/users/export?format=pdf', { headers: tree.admin })).status).toBe(400);
  });
});
