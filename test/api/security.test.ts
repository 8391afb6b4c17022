/**
 * What every request must pass and every answer carries: a session cookie acts only for this site
 * (a bearer token from anywhere), answers are never framed, sniffed or cached by others, and a
 * caller's correlation id is kept only when it is one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { buildProvince } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let cookie: { cookie: string };

beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
  const signIn = await api.app.request('/api/session', json({ loginName: 'admin', password: 'correct horse battery' }));
  cookie = { cookie: signIn.headers.get('set-cookie')!.split(';')[0]! };
});
afterAll(() => api.close());

const SITE = 'http://localhost';
const events = async () => (await api.runtime.store.readAll({ maxCount: 100_000 })).length;
let invited = 0;
/** A change: inviting a secretary to the branch (each a new account). */
const invite = (name: string, headers: Record<string, string>) =>
  send(
    api.app,
    '/api/users',
    json({ submissionId: uuidv7(), loginName: `guest${++invited}`, displayName: name, role: 'secretary', unitIds: [tree.branch] }, headers),
  );

describe('requests from another site', () => {
  it('a change that relies on the session cookie is refused from another site, or with no Origin at all, and nothing is written', async () => {
    const before = await events();
    for (const origin of [undefined, 'https://evil.example', 'http://localhost.evil.example', 'null']) {
      const answer = await invite('被冒用的名字', { ...cookie, ...(origin ? { origin } : {}) });
      expect({ status: answer.status, code: answer.body.code }, String(origin)).toEqual({ status: 403, code: 'crossSite' });
    }
    expect(await events()).toBe(before);
    expect((await invite('本站改的名字', { ...cookie, origin: SITE })).status).toBe(201);
  });

  it('a bearer token is no ambient authority: a script may call from anywhere, with or without an Origin', async () => {
    expect((await invite('脚本改的名字', tree.admin)).status).toBe(201);
    expect((await invite('别处脚本改的名字', { ...tree.admin, origin: 'https://tools.example' })).status).toBe(201);
  });

  it('signing in from another site is refused (no one is signed in to an account of another’s choosing)', async () => {
    const answer = await send(api.app, '/api/session', json({ loginName: 'admin', password: 'correct horse battery' }, { origin: 'https://evil.example' }));
    expect(answer.status).toBe(403);
    expect(answer.headers.get('set-cookie')).toBeNull();
  });

  it('reading with the cookie needs no Origin (a link, a page load)', async () => {
    expect((await send(api.app, `/api/units/${tree.branch}`, { headers: cookie })).status).toBe(200);
  });

  it('behind a proxy that rewrites the Host, the public ORIGIN counts as this site', async () => {
    const saved = process.env.ORIGIN;
    process.env.ORIGIN = 'https://tuan.example.gov.cn';
    try {
      expect((await invite('经代理改的名字', { ...cookie, origin: 'https://tuan.example.gov.cn' })).status).toBe(201);
      expect((await invite('冒名代理', { ...cookie, origin: 'https://tuan.example.gov.cn.evil.example' })).status).toBe(403);
    } finally {
      if (saved === undefined) delete process.env.ORIGIN;
      else process.env.ORIGIN = saved;
    }
  });
});

describe('what every answer carries', () => {
  it('JSON that is never framed, sniffed, run or kept by a shared cache — errors and refusals too', async () => {
    const answers = [
      await api.app.request(`/api/units/${tree.branch}`, { headers: tree.admin }),
      await api.app.request('/api/units/not-a-unit', { headers: tree.admin }),
      await api.app.request('/api/units'),
      await api.app.request('/api/units', json('x'.repeat(2 * 1024 * 1024), tree.admin)),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 403, 401, 413]);
    for (const answer of answers) {
      expect(
        {
          nosniff: answer.headers.get('x-content-type-options'),
          frame: answer.headers.get('x-frame-options'),
          policy: answer.headers.get('content-security-policy'),
          cache: answer.headers.get('cache-control'),
        },
        String(answer.status),
      ).toEqual({ nosniff: 'nosniff', frame: 'DENY', policy: "default-src 'none'; frame-ancestors 'none'", cache: 'private, no-store' });
    }
  });
});

describe('correlation ids', () => {
  const correlationOf = async (given: string) => {
    const answer = await invite(`关联${given.length}`, { ...tree.admin, 'x-correlation-id': given });
    expect(answer.status).toBe(201);
    const [event] = await api.runtime.store.readAll({ fromPosition: BigInt(answer.body.position), maxCount: 1 });
    return (event!.metadata as { correlationId: string }).correlationId;
  };

  it('keeps a caller’s id that looks like one, in the events it causes', async () => {
    expect(await correlationOf('import-2026-07:batch.3')).toBe('import-2026-07:batch.3');
  });

  it('replaces one that is too long or carries anything else (it is kept in every event)', async () => {
    for (const given of ['x'.repeat(65), '<script>', 'a b', 'ä%0d%0a']) {
      const kept = await correlationOf(given);
      expect(kept, given).not.toBe(given);
      expect(kept).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
