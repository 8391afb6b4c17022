/**
 * The app as a browser and a script meet it, through the one server `npm start` runs: pages carry
 * a Content-Security-Policy and are never framed; a form posted from another site is refused
 * (a page's forms act with the session cookie); the API behind the same server still takes a
 * script's bearer token with no Origin; "where to go next" never leaves the site, nor breaks the
 * answer, whatever is put in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from './harness.ts';
import { ADMIN, buildTree } from './helpers.ts';

let app: Awaited<ReturnType<typeof startApp>>;
let tree: Awaited<ReturnType<typeof buildTree>>;
beforeAll(async () => {
  app = await startApp();
  tree = await buildTree(app.url);
});
afterAll(async () => {
  await app?.stop();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const postForm = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
    body: form(fields),
  });
const signInCookie = async (next = '') => {
  const answer = await postForm(
    `/login${next ? `?next=${encodeURIComponent(next)}` : ''}`,
    { loginName: ADMIN.loginName, password: ADMIN.password },
    { origin: app.url },
  );
  return {
    answer,
    cookie: answer.headers
      .getSetCookie()
      .find((line) => line.startsWith('lp_session='))!
      .split(';')[0]!,
  };
};

describe('pages', () => {
  it('carry a policy that runs only this site’s scripts, and are never framed or sniffed', async () => {
    const page = await fetch(`${app.url}/login`);
    expect(page.status).toBe(200);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src 'self'( 'sha256-[\w+/=]+')*/);
    expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("form-action 'self'");
    expect({
      frame: page.headers.get('x-frame-options'),
      sniff: page.headers.get('x-content-type-options'),
      referrer: page.headers.get('referrer-policy'),
    }).toEqual({ frame: 'DENY', sniff: 'nosniff', referrer: 'same-origin' });
  });

  it('a signed-in page is never kept by a shared cache', async () => {
    const { cookie } = await signInCookie();
    const page = await fetch(`${app.url}/units/${tree.county}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
  });
});

describe('forms from another site', () => {
  it('signing in from another site’s form is refused, and sets no cookie', async () => {
    for (const origin of ['https://evil.example', undefined]) {
      const answer = await postForm('/login', { loginName: ADMIN.loginName, password: ADMIN.password }, origin ? { origin } : {});
      expect(answer.status, String(origin)).toBe(403);
      expect(await answer.text()).toBe('已拒绝来自其他网站提交的表单。');
      expect(answer.headers.getSetCookie()).toEqual([]);
    }
  });

  it('a form acting with the session cookie from another site changes nothing', async () => {
    const { cookie } = await signInCookie();
    const users = async () =>
      ((await (await fetch(`${app.url}/api/users`, { headers: { authorization: `Bearer ${tree.token}` } })).json()) as { users: unknown[] }).users;
    const before = await users();
    const answer = await postForm(
      '/users?/invite',
      { submissionId: crypto.randomUUID(), loginName: 'planted', displayName: '被植入', role: 'manager', unitIds: tree.province },
      { cookie, origin: 'https://evil.example' },
    );
    expect(answer.status).toBe(403);
    expect(await users()).toEqual(before);
  });

  it('the API behind the same server takes a script’s bearer token with no Origin, uploads included', async () => {
    const upload = new FormData();
    upload.append('file', new File(['层级,名称,编码,上级编码\n'], 'tree.csv', { type: 'text/csv' }));
    const imported = await fetch(`${app.url}/api/imports?dryRun=true`, { method: 'POST', headers: { authorization: `Bearer ${tree.token}` }, body: upload });
    expect(imported.status).toBeLessThan(500);
    expect(imported.status).not.toBe(403);
    const signedOut = await fetch(`${app.url}/api/session`, { method: 'DELETE', headers: { authorization: `Bearer ${await signInToken()}` } });
    expect(signedOut.status).toBe(200);
  });
});

describe('where to go next', () => {
  const hostile = [
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    'https://evil.example',
    '/%0d%0aSet-Cookie:%20x=1',
    '/\r\nSet-Cookie: x=1',
    'javascript:alert(1)',
    '/ok\u0000',
  ];

  it('switching the language goes back to a path on this site, or home — never elsewhere, never a broken answer', async () => {
    for (const back of hostile) {
      const answer = await fetch(`${app.url}/lang?to=en&back=${encodeURIComponent(back)}`, { redirect: 'manual' });
      expect({ status: answer.status, location: answer.headers.get('location') }, JSON.stringify(back)).toEqual({
        status: 303,
        location: back === '/%0d%0aSet-Cookie:%20x=1' ? back : '/',
      });
    }
    const kept = await fetch(`${app.url}/lang?to=en&back=${encodeURIComponent('/units?after=12')}`, { redirect: 'manual' });
    expect(kept.headers.get('location')).toBe('/units?after=12');
  });

  it('signing in goes on to a path on this site, or home', async () => {
    for (const next of hostile) {
      const { answer } = await signInCookie(next);
      expect({ status: answer.status, location: answer.headers.get('location') }, JSON.stringify(next)).toEqual({
        status: 303,
        location: next === '/%0d%0aSet-Cookie:%20x=1' ? next : '/',
      });
    }
  });
});

async function signInToken(): Promise<string> {
  const answer = await fetch(`${app.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginName: ADMIN.loginName, password: ADMIN.password }),
  });
  return ((await answer.json()) as { session: { token: string } }).session.token;
}
