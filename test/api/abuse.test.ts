/**
 * An insider with too much curiosity, and a guesser: a burst of sign-ins, accounts known and
 * unknown, a co-manager deactivated, weak passwords, and probes for what lies outside one's scope
 * (import rows, unit codes, submission ids, team boards). Each answer must be what it would be if
 * the thing did not exist, and no limit may be passed by sending at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../api/tables/index.ts';
import { uuidv7 } from '../../events/ids.ts';
import { buildProvince, inviteUser, openUnit, type Auth } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';
import { visit } from './researchFixtures.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let township: Auth;

beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
  township = await inviteUser(api, tree.admin, 'town1', 'manager', [tree.township]);
});
afterAll(() => api.close());

const post = (path: string, body: unknown, auth?: Auth, headers: Record<string, string> = {}) =>
  send(api.app, path, json(body, { ...(auth ?? {}), ...headers }));
const get = (path: string, auth: Auth) => send(api.app, path, { headers: auth });
const userId = async (loginName: string) =>
  (await get('/api/users', tree.admin)).body.users.find((user: { loginName: string }) => user.loginName === loginName).userId as string;

describe('signing in', () => {
  it('a burst of 100 sign-ins at once is judged at most five times (the per-account limit); the rest wait', async () => {
    await inviteUser(api, tree.admin, 'burst1', 'secretary', [tree.branch]);
    const attempts = Array.from({ length: 100 }, (_, i) =>
      post('/api/session', { loginName: 'burst1', password: i === 50 ? 'burst1 long password' : `wrong password ${i}` }, undefined, {
        'x-league-pulse-client': `10.0.${i}.1`,
      }),
    );
    const statuses = (await Promise.all(attempts)).map((answer) => answer.status);
    const judged = statuses.filter((status) => status === 200 || status === 401);
    expect(judged.length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(100 - judged.length);
  });

  it('an unknown account takes as long to refuse as a wrong password (it is hashed too)', async () => {
    await inviteUser(api, tree.admin, 'timing1', 'secretary', [tree.branch]);
    const time = async (loginName: string, i: number) => {
      const started = performance.now();
      const answer = await post('/api/session', { loginName, password: `wrong password ${i}` }, undefined, {
        'x-league-pulse-client': `10.9.${i}.${loginName.length}`,
      });
      expect(answer.status).toBe(401);
      return performance.now() - started;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await time('timing1', i));
      unknown.push(await time(`nobody${i}`, i));
    }
    // Before, an unknown account answered in a few milliseconds against ~170 for a wrong password.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.4);
  });

  it('a new password may not be only spaces, one character repeated, or a common one', async () => {
    const { body } = await post(
      '/api/users',
      { submissionId: uuidv7(), loginName: 'weak1', displayName: '弱密码', role: 'secretary', unitIds: [tree.branch] },
      tree.admin,
    );
    const accept = (password: string) => post(`/api/invitations/${body.invitation.token}`, { submissionId: uuidv7(), password });
    expect((await accept(' '.repeat(10))).body.errors[0]).toMatchObject({ field: 'password', code: 'passwordBlank', message: '密码不能只有空格' });
    expect((await accept('aaaaaaaaaaaa')).body.errors[0]).toMatchObject({ code: 'passwordRepeated' });
    expect((await accept('Password123')).body.errors[0]).toMatchObject({ code: 'passwordCommon' });
    expect((await accept('woaini1314')).body.errors[0]).toMatchObject({ code: 'passwordCommon' });
    expect((await accept('梨花开在三月的田埂上')).status).toBe(201);
  });
});

describe('deactivating and reactivating', () => {
  it('a manager cannot deactivate a co-manager of the same unit; someone above can, and can let them in again', async () => {
    const coManager = await inviteUser(api, tree.admin, 'town2', 'manager', [tree.township]);
    const coId = await userId('town2');
    const refused = await post(`/api/users/${coId}/deactivate`, { submissionId: uuidv7() }, township);
    expect(refused.status).toBe(403);
    const listed = (await get('/api/users', township)).body.users.find((user: { loginName: string }) => user.loginName === 'town2');
    expect(listed).toMatchObject({ status: 'active', mayManage: false });

    const county = await inviteUser(api, tree.admin, 'county1', 'manager', [tree.county]);
    expect((await post(`/api/users/${coId}/deactivate`, { submissionId: uuidv7() }, county)).status).toBe(201);
    expect((await get('/api/session', coManager)).status).toBe(401); // its sessions ended
    expect((await post('/api/session', { loginName: 'town2', password: 'town2 long password' })).status).toBe(401);
    const back = await post(`/api/users/${coId}/reactivate`, { submissionId: uuidv7() }, county);
    expect(back.status).toBe(201);
    const user = (await get(`/api/users?after=${back.body.position}`, county)).body.users.find((u: { loginName: string }) => u.loginName === 'town2');
    expect(user.status).toBe('active');
    expect((await post('/api/session', { loginName: 'town2', password: 'town2 long password' })).status).toBe(200);
    // The township manager may still deactivate a secretary below them.
    await inviteUser(api, tree.admin, 'sec1', 'secretary', [tree.branch]);
    expect((await post(`/api/users/${await userId('sec1')}/deactivate`, { submissionId: uuidv7() }, township)).status).toBe(201);
  });
});

describe('scope before existence', () => {
  const header = ['编码', '名称', '层级', '上级编码', '领域', '建团模式'];
  const dryRun = async (rows: string[][], auth: Auth) => {
    const form = new FormData();
    form.set('file', new File([toCsv([header, ...rows])], 'probe.csv'));
    form.set('dryRun', 'true');
    return (await send(api.app, '/api/imports', { method: 'POST', body: form, headers: auth })).body;
  };

  it('an import row naming a parent outside one’s scope reads exactly as a parent that does not exist', async () => {
    const outside = await dryRun([['P1', '探测团支部', '团组织', 'T02', '村团支部', '独立建团']], township);
    const nowhere = await dryRun([['P1', '探测团支部', '团组织', 'NOSUCH', '村团支部', '独立建团']], township);
    expect(outside.errors.map((error: { problem: string }) => error.problem)).toEqual(['unknownParent']);
    expect(nowhere.errors.map((error: { problem: string }) => error.problem)).toEqual(['unknownParent']);
    // A guessed row from another township (its exact code, name, parent and class) is not confirmed as "unchanged".
    const guessed = await dryRun([['O02', '农村专业合作社团支部', '团组织', 'T02', '农村专业合作社', '依托建团']], township);
    expect(guessed.summary.unchanged).toBe(0);
    expect(guessed.errors.map((error: { problem: string }) => error.problem)).toEqual(['unknownParent']);
  });

  it('a code used outside one’s scope is free to use; inside it, it is taken', async () => {
    const outsideCode = await post(
      '/api/units',
      {
        submissionId: uuidv7(),
        kind: 'organisation',
        parentId: tree.township,
        name: '同码团支部',
        code: 'O02',
        organisation: { field: 'village', buildingMode: 'independent' },
      },
      township,
    );
    expect(outsideCode.status).toBe(201);
    const insideCode = await post(
      '/api/units',
      {
        submissionId: uuidv7(),
        kind: 'organisation',
        parentId: tree.township,
        name: '重码团支部',
        code: 'O01',
        organisation: { field: 'village', buildingMode: 'independent' },
      },
      township,
    );
    expect(insideCode.status).toBe(409);
    expect(insideCode.body.code).toBe('codeTaken');
    // The administrator, who sees both O02s, is told the code is ambiguous when importing it.
    const ambiguous = await dryRun([['O02', '农村专业合作社团支部', '团组织', 'T02', '农村专业合作社', '依托建团']], tree.admin);
    expect(ambiguous.errors.map((error: { problem: string }) => error.problem)).toEqual(['ambiguousCode']);
  });

  it('a submission id chosen to match a unit outside one’s scope creates a new unit instead of confirming it', async () => {
    const probe = await post(
      '/api/units',
      {
        submissionId: tree.otherBranch,
        kind: 'organisation',
        parentId: tree.township,
        name: '探测团支部',
        organisation: { field: 'village', buildingMode: 'independent' },
      },
      township,
    );
    expect(probe.status).toBe(201);
    expect(probe.body.duplicate).toBe(false);
    expect(probe.body.unitId).not.toBe(tree.otherBranch);
    // The same submission again by the same person is a resend: its original receipt.
    const again = await post(
      '/api/units',
      {
        submissionId: tree.otherBranch,
        kind: 'organisation',
        parentId: tree.township,
        name: '探测团支部',
        organisation: { field: 'village', buildingMode: 'independent' },
      },
      township,
    );
    expect(again.body).toMatchObject({ duplicate: true, unitId: probe.body.unitId });
  });

  it('a team’s board shows a region’s manager only their own regions', async () => {
    const researcherAuth = await inviteUser(api, tree.admin, 'researcher1', 'researcher', [tree.county, tree.otherCounty]);
    const round = await post(
      `/api/units/${tree.province}/research-rounds`,
      { submissionId: uuidv7(), name: '全省调研', startsOn: '2026-07-01', endsOn: '2026-07-31' },
      tree.admin,
    );
    const team = await post(
      `/api/research-rounds/${round.body.roundId}/teams`,
      { submissionId: uuidv7(), name: '一组', memberIds: [await userId('researcher1')], regionIds: [tree.county, tree.otherCounty] },
      tree.admin,
    );
    await post(`/api/research-teams/${team.body.teamId}/visits`, { submissionId: uuidv7(), ...visit(tree.otherCounty, 'leaderTalk') }, researcherAuth);
    const countyManager = await inviteUser(api, tree.admin, 'county9', 'manager', [tree.county]);
    const board = await get(`/api/research-teams/${team.body.teamId}`, countyManager);
    expect(board.status).toBe(200);
    expect(board.body.board.map((region: { regionId: string }) => region.regionId)).toEqual([tree.county]);
    expect(JSON.stringify(board.body)).not.toContain(tree.otherCounty);
    // The team's own members see every region.
    expect((await get(`/api/research-teams/${team.body.teamId}`, researcherAuth)).body.board).toHaveLength(2);
  });
});

describe('unit names', () => {
  it('are refused with control characters, bidi overrides or broken surrogates, with a clear error', async () => {
    for (const name of ['东风\u0000团支部', '东风\u202e团支部', '东风\ud800团支部', '东风\u0007团支部']) {
      const answer = await post(
        '/api/units',
        { submissionId: uuidv7(), kind: 'organisation', parentId: tree.township, name, organisation: { field: 'village', buildingMode: 'independent' } },
        tree.admin,
      );
      expect(answer.status, JSON.stringify(name)).toBe(400);
      expect(answer.body.errors[0]).toMatchObject({ field: 'name', code: 'invalidCharacters' });
    }
    expect(
      await openUnit(api, tree.admin, 'organisation', tree.township, '东风新村团支部', { organisation: { field: 'village', buildingMode: 'independent' } }),
    ).toBeTruthy();
  });
});
