import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { buildProvince, inviteUser, openUnit, revisionOf, type Auth } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let countyManager: Auth;
beforeAll(async () => {
  api = await startTestApi({ READ_YOUR_WRITES_TIMEOUT_MS: '300' });
  tree = await buildProvince(api);
  countyManager = await inviteUser(api, tree.admin, 'county1', 'manager', [tree.county]);
});
afterAll(() => api.close());

const post = (path: string, body: Record<string, unknown>, auth: Auth) => send(api.app, path, json({ submissionId: uuidv7(), ...body }, auth));
const get = (path: string, auth: Auth) => send(api.app, path, { headers: auth });

describe('the organisation tree through the API', () => {
  it('a unit page shows the unit, its path, its children with organisation counts and what the actor may do', async () => {
    const { status, body } = await get(`/api/units/${tree.county}`, countyManager);
    expect(status).toBe(200);
    expect(body.unit).toMatchObject({ name: '示范县', kind: 'county', code: 'X01', organisations: 1 });
    expect(body.path.map((step: { name: string }) => step.name)).toEqual(['示范省', '示范市', '示范县']);
    expect(body.path.map((step: { visible: boolean }) => step.visible)).toEqual([false, false, true]);
    expect(body.children).toEqual([expect.objectContaining({ name: '城关镇团委', organisations: 1 })]);
    expect(body.may).toEqual({ change: false, openChild: true });
    expect(body.sixHas).toHaveLength(6);
  });

  it('opening a child answers with a receipt; ?after shows it at once', async () => {
    const { status, body } = await post(
      '/api/units',
      { kind: 'organisation', parentId: tree.township, name: '创业园团支部', organisation: { field: 'enterprise', buildingMode: 'joint' } },
      countyManager,
    );
    expect(status).toBe(201);
    const page = await get(`/api/units/${tree.township}?after=${body.position}`, countyManager);
    expect(page.body.children.map((child: { name: string }) => child.name)).toContain('创业园团支部');
  });

  it('a unit must go under a parent of the right level', async () => {
    const { status, body } = await post(
      '/api/units',
      { kind: 'organisation', parentId: tree.county, name: '错层团支部', organisation: { field: 'village', buildingMode: 'independent' } },
      countyManager,
    );
    expect(status).toBe(409);
    expect(body.code).toBe('wrongParent');
  });

  it('renames, moves, closes — and the tree answers "as of" a date before and after', async () => {
    const unit = await openUnit(api, tree.admin, 'organisation', tree.township, '老街团支部', {
      organisation: { field: 'community', buildingMode: 'regional' },
    });
    expect((await post(`/api/units/${unit}/rename`, { name: '新街团支部', on: '2026-03-01', revision: '0' }, countyManager)).status).toBe(201);
    const moved = await post(
      `/api/units/${unit}/move`,
      { parentId: tree.otherTownship, on: '2026-04-01', revision: await revisionOf(api, tree.admin, unit) },
      tree.admin,
    );
    expect(moved.status).toBe(201);
    const closed = await post(`/api/units/${unit}/close`, { on: '2026-06-30', reason: '企业搬迁' }, tree.admin);
    expect(closed.status).toBe(201);
    const asOf = async (township: string, date: string) =>
      (await get(`/api/units/${township}?after=${closed.body.position}&asOf=${date}`, tree.admin)).body.children.map((c: { name: string }) => c.name);
    expect(await asOf(tree.township, '2026-02-01')).toContain('老街团支部');
    expect(await asOf(tree.township, '2026-03-15')).toContain('新街团支部');
    expect(await asOf(tree.township, '2026-04-15')).not.toContain('新街团支部');
    expect(await asOf(tree.otherTownship, '2026-04-15')).toContain('新街团支部');
    expect(await asOf(tree.otherTownship, '2026-07-01')).not.toContain('新街团支部');
    const closedAgain = await post(`/api/units/${unit}/rename`, { name: '再改名', revision: await revisionOf(api, tree.admin, unit) }, tree.admin);
    expect(closedAgain.status).toBe(409);
    expect(closedAgain.body.code).toBe('closed');
  });

  it('records a township profile and an organisation standards checklist', async () => {
    const profile = await post(
      `/api/units/${tree.township}/profile`,
      { township: { population: 100_001, committeeMembers: 9, annualFunding: 30_000 } },
      countyManager,
    );
    expect(profile.status).toBe(201);
    const standards = {
      registration: { document: true, filing: true, plaque: false },
      fiveHas: { venue: true, supplies: true, rules: true, divisionOfWork: false, workPlan: true },
      fourHas: { organisation: true, venue: true, activities: true, results: false },
      sixHas: ['organisation', 'venue'],
    };
    const recorded = await post(`/api/units/${tree.branch}/standards`, { standards }, countyManager);
    expect(recorded.status).toBe(201);
    const page = await get(`/api/units/${tree.branch}?after=${recorded.body.position}`, countyManager);
    expect(page.body.unit.standards).toEqual(standards);
    const township = await get(`/api/units/${tree.township}`, countyManager);
    expect(township.body.unit.township).toEqual({ population: 100_001, committeeMembers: 9, annualFunding: 30_000 });
  });

  it('searches by any part of a Chinese name, within scope only', async () => {
    const mine = await get(`/api/units/search?q=${encodeURIComponent('村团')}`, countyManager);
    expect(mine.body.units.map((u: { name: string }) => u.name)).toEqual(['东风村团支部']);
    const all = await get(`/api/units/search?q=${encodeURIComponent('合作社')}`, tree.admin);
    expect(all.body.units).toEqual([
      expect.objectContaining({ name: '农村专业合作社团支部', path: ['示范省', '示范市', '邻县', '河口镇团委', '农村专业合作社团支部'] }),
    ]);
    expect((await get(`/api/units/search?q=${encodeURIComponent('合作社')}`, countyManager)).body.units).toEqual([]);
  });

  it('the audit page lists who did what in the subtree, without secrets', async () => {
    const { body } = await get(`/api/units/${tree.county}/audit`, countyManager);
    const types = body.entries.map((entry: { type: string }) => entry.type);
    expect(types).toEqual(expect.arrayContaining(['UnitOpened', 'UserInvited', 'InvitationAccepted']));
    expect(JSON.stringify(body)).not.toMatch(/scrypt|tokenHash|passwordHash/);
    expect(body.entries[body.entries.length - 1]).toMatchObject({ type: 'UnitOpened', details: expect.objectContaining({ name: '示范县' }) });
    expect(body).toMatchObject({ total: body.entries.length, nextCursor: null });
  });

  it("a unit's composition comes by default and is left out with composition=false (pages that only need the name and path)", async () => {
    const full = await get(`/api/units/${tree.county}`, countyManager);
    expect(full.body.composition).toMatchObject({ total: expect.any(Number), byField: expect.any(Array) });
    const brief = await get(`/api/units/${tree.county}?composition=false`, countyManager);
    expect(brief.body).toMatchObject({ composition: null, unit: full.body.unit, path: full.body.path, children: full.body.children });
    expect((await get(`/api/units/${tree.county}?composition=maybe`, countyManager)).status).toBe(400);
  });

  it('the audit trail pages by cursor (newest or oldest first) and filters by action, actor and day; bad parameters are refused beside the field', async () => {
    const all = (await get(`/api/units/${tree.county}/audit?limit=200`, countyManager)).body;
    expect(all.total).toBeGreaterThan(3);
    const positions = all.entries.map((entry: { position: string }) => BigInt(entry.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a > b ? -1 : 1)));
    // Two at a time, newest first: the same entries, each once.
    const walked: string[] = [];
    for (let cursor = '', pages = 0; pages < 50; pages++) {
      const { body } = await get(`/api/units/${tree.county}/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`, countyManager);
      expect(body.total).toBe(all.total);
      walked.push(...body.entries.map((entry: { position: string }) => entry.position));
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    expect(walked).toEqual(all.entries.map((entry: { position: string }) => entry.position));
    const oldest = (await get(`/api/units/${tree.county}/audit?limit=1&sort=time`, countyManager)).body;
    expect(oldest.entries[0].position).toBe(walked.at(-1));
    const invitations = (await get(`/api/units/${tree.county}/audit?type=UserInvited,InvitationAccepted`, countyManager)).body;
    expect(new Set(invitations.entries.map((entry: { type: string }) => entry.type))).toEqual(new Set(['UserInvited', 'InvitationAccepted']));
    const byActor = (await get(`/api/units/${tree.county}/audit?actor=${all.entries[0].actor}`, countyManager)).body;
    expect(byActor.entries.every((entry: { actor: string }) => entry.actor === all.entries[0].actor)).toBe(true);
    expect((await get(`/api/units/${tree.county}/audit?from=2099-01-01`, countyManager)).body).toMatchObject({ entries: [], total: 0, nextCursor: null });
    for (const bad of ['limit=0', 'limit=201', 'sort=name', 'cursor=%27%20OR%201', 'from=2026-07-02&to=2026-07-01', 'type=a;b']) {
      const refused = await get(`/api/units/${tree.county}/audit?${bad}`, countyManager);
      expect(refused.status, bad).toBe(400);
      expect(refused.body.errors.length, bad).toBeGreaterThan(0);
    }
  });

  it('the six items of 六有 are set per province by an administrator', async () => {
    const items = [
      { key: 'organisation', zh: '有组织', en: 'Organisation' },
      { key: 'venue', zh: '有阵地', en: 'Venue' },
    ];
    const set = await post(`/api/provinces/${tree.province}/six-has`, { items }, tree.admin);
    expect(set.status).toBe(201);
    const page = await get(`/api/units/${tree.branch}?after=${set.body.position}`, tree.admin);
    expect(page.body.sixHas).toEqual(items);
    expect((await post(`/api/provinces/${tree.province}/six-has`, { items }, countyManager)).status).toBe(403);
  });
});
