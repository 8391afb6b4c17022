/**
 * Rules outside testing found wrong, through the API: a submission id reused for other content
 * or by another account, decisions on a version the manager never saw, renames and moves over
 * someone else's change, a moved branch's past, and device times that cannot be believed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { buildProvince, inviteUser, openUnit, revisionOf, type Auth } from './fixtures.ts';
import { at, json, send, startTestApi } from './harness.ts';
import { fullReport } from './reportFixtures.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let secretary: Auth;
let township: Auth;

beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
  secretary = await inviteUser(api, tree.admin, 'sec1', 'secretary', [tree.branch]);
  township = await inviteUser(api, tree.admin, 'town1', 'manager', [tree.township]);
});
afterAll(() => api.close());

const post = (path: string, body: unknown, auth: Auth) => send(api.app, path, json(body, auth));
const get = (path: string, auth: Auth) => send(api.app, path, { headers: auth });
const events = async () => (await api.runtime.store.lastPosition()) ?? 0n;

describe('a submission id is one submission', () => {
  it('an identical resend returns the original receipt; other content under the same id is refused with 409, and nothing changes', async () => {
    const body = { submissionId: uuidv7(), month: '2026-05', report: fullReport('2026-05'), clientTime: '2026-07-03T08:00:00+08:00' };
    const first = await post(`/api/units/${tree.branch}/reports`, body, secretary);
    expect(first.status).toBe(201);
    expect(await post(`/api/units/${tree.branch}/reports`, body, secretary)).toMatchObject({ status: 200, body: { ...first.body, duplicate: true } });
    const written = await events();
    const changed = await post(`/api/units/${tree.branch}/reports`, { ...body, report: fullReport('2026-05', { volunteers: 99 }) }, secretary);
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ code: 'submissionReused', reason: 'otherContent', title: expect.stringContaining('该提交编号已用于其他内容') });
    expect(await events()).toBe(written);
    const months = (await get(`/api/units/${tree.branch}/reports`, secretary)).body.months;
    expect(months.find((m: { month: string }) => m.month === '2026-05').report.volunteers).toBe(8);
  });

  it('the same id sent by another account is refused too, even with the same content', async () => {
    const body = { submissionId: uuidv7(), month: '2026-04', report: fullReport('2026-04') };
    expect((await post(`/api/units/${tree.branch}/reports`, body, secretary)).status).toBe(201);
    const other = await post(`/api/units/${tree.branch}/reports`, body, township);
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'submissionReused', reason: 'otherAccount' });
  });
});

describe('renames and moves name the revision the editor saw', () => {
  it('a rename over someone else’s rename is refused, and the first one stands', async () => {
    const unit = await openUnit(api, tree.admin, 'organisation', tree.township, '老街团支部', {
      organisation: { field: 'community', buildingMode: 'regional' },
    });
    const seen = await revisionOf(api, township, unit);
    expect((await post(`/api/units/${unit}/rename`, { submissionId: uuidv7(), name: '新街团支部', revision: seen }, tree.admin)).status).toBe(201);
    const late = await post(`/api/units/${unit}/rename`, { submissionId: uuidv7(), name: '老街社区团支部', revision: seen }, township);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'changedMeanwhile', errors: [expect.objectContaining({ field: 'revision' })] });
    expect((await get(`/api/units/${unit}`, township)).body.unit.name).toBe('新街团支部');
    const moveBlind = await post(`/api/units/${unit}/move`, { submissionId: uuidv7(), parentId: tree.township, revision: seen }, township);
    expect(moveBlind.status).toBe(409);
    const missing = await post(`/api/units/${unit}/rename`, { submissionId: uuidv7(), name: '无版本' }, township);
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toMatchObject({ field: 'revision', code: 'required' });
  });
});

describe('approving names the version read', () => {
  it('a correction that arrived after the township opened the report is not approved unseen', async () => {
    const first = uuidv7();
    await post(`/api/units/${tree.branch}/reports`, { submissionId: first, month: '2026-03', report: fullReport('2026-03') }, secretary);
    const listed = (await get(`/api/units/${tree.branch}/reports`, township)).body.months.find((m: { month: string }) => m.month === '2026-03');
    const read = listed.history.at(-1).reportId;
    expect(read).toBe(first);
    await post(`/api/units/${tree.branch}/reports`, { submissionId: uuidv7(), month: '2026-03', report: fullReport('2026-03', { volunteers: 12 }) }, secretary);
    const stale = await post(`/api/units/${tree.branch}/reports/2026-03/approve`, { submissionId: uuidv7(), version: read }, township);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('newerVersion');
    const fresh = (await get(`/api/units/${tree.branch}/reports`, township)).body.months.find((m: { month: string }) => m.month === '2026-03');
    expect(fresh.status).toBe('submitted');
    expect(
      (await post(`/api/units/${tree.branch}/reports/2026-03/approve`, { submissionId: uuidv7(), version: fresh.history.at(-1).reportId }, township)).status,
    ).toBe(201);
  });
});

describe('a moved branch keeps its past with its old township', () => {
  it('the old township still sees, opens and decides the months it had the branch; breadcrumbs as of then name it', async () => {
    const old = await openUnit(api, tree.admin, 'township', tree.county, '甲镇团委');
    const next = await openUnit(api, tree.admin, 'township', tree.county, '乙镇团委');
    const oldManager = await inviteUser(api, tree.admin, 'jia1', 'manager', [old]);
    const nextManager = await inviteUser(api, tree.admin, 'yi1', 'manager', [next]);
    const branch = await openUnit(api, tree.admin, 'organisation', old, '搬迁村团支部', { organisation: { field: 'village', buildingMode: 'independent' } });
    for (const month of ['2026-02', '2026-03', '2026-04']) {
      await at(api, `${month}-27T10:00:00+08:00`, () =>
        post(`/api/units/${branch}/reports`, { submissionId: uuidv7(), month, report: fullReport(month) }, tree.admin),
      );
    }
    const moved = await post(
      `/api/units/${branch}/move`,
      { submissionId: uuidv7(), parentId: next, on: '2026-04-01', revision: await revisionOf(api, tree.admin, branch) },
      tree.admin,
    );
    expect(moved.status).toBe(201);

    // The old township: February and March were theirs, April is not.
    const theirs = await get(`/api/units/${branch}/reports?after=${moved.body.position}`, oldManager);
    expect(theirs.status).toBe(200);
    expect(theirs.body.months.map((m: { month: string }) => m.month)).toEqual(['2026-03', '2026-02']);
    expect((await get(`/api/units/${branch}/reports/2026-03/versions`, oldManager)).status).toBe(200);
    expect((await get(`/api/units/${branch}/reports/2026-04/versions`, oldManager)).status).toBe(403);
    const march = theirs.body.months[0];
    expect(
      (await post(`/api/units/${branch}/reports/2026-03/approve`, { submissionId: uuidv7(), version: march.history.at(-1).reportId }, oldManager)).status,
    ).toBe(201);
    // Its rates count them, and not April.
    const rate = async (month: string) => (await get(`/api/units/${old}/reporting?month=${month}`, oldManager)).body;
    expect(await rate('2026-03')).toMatchObject({ expected: 1, received: 1 });
    expect(await rate('2026-04')).toMatchObject({ expected: 0, received: 0 });
    // The unit today is outside its scope (as if it did not exist); as of March it is theirs, with March's breadcrumbs.
    expect((await get(`/api/units/${branch}`, oldManager)).status).toBe(403);
    const inMarch = await get(`/api/units/${branch}?asOf=2026-03-15`, oldManager);
    expect(inMarch.status).toBe(200);
    expect(inMarch.body.unit.parentId).toBe(old);
    expect(inMarch.body.path.map((step: { name: string }) => step.name)).toEqual(['示范省', '示范市', '示范县', '甲镇团委', '搬迁村团支部']);
    expect((await get(`/api/units/${branch}?asOf=2026-04-15`, oldManager)).status).toBe(403);
    // The new township sees every month, with today's path.
    const now = await get(`/api/units/${branch}`, nextManager);
    expect(now.body.path.map((step: { name: string }) => step.name)).toContain('乙镇团委');
    expect((await get(`/api/units/${branch}/reports`, nextManager)).body.months).toHaveLength(3);
  });
});

describe('device time that cannot be believed', () => {
  it('a report pressed more than a month before it arrived is refused, naming both days; nothing is written', async () => {
    const before = await events();
    const answer = await post(
      `/api/units/${tree.branch}/reports`,
      { submissionId: uuidv7(), month: '2026-01', report: fullReport('2026-01'), clientTime: '2026-02-03T08:00:00+08:00' },
      secretary,
    );
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('deviceTimeTooOld');
    expect(answer.body.title).toContain('2026-02-03');
    expect(answer.body.title).toContain('2026-07-20');
    expect(await events()).toBe(before);
  });

  it('a manager records the day a paper report was handed in: it counts from then, and the reason is in the audit', async () => {
    const branch = await openUnit(api, tree.admin, 'organisation', tree.township, '纸质报表团支部', {
      organisation: { field: 'village', buildingMode: 'independent' },
    });
    // Typed in by the township on 7/10, from a paper report handed in on 7/4.
    await at(api, '2026-07-10T15:00:00+08:00', () =>
      post(`/api/units/${branch}/reports`, { submissionId: uuidv7(), month: '2026-06', report: fullReport('2026-06') }, township),
    );
    const lateFirst = (await get(`/api/units/${branch}/reports`, township)).body.months[0];
    expect(lateFirst).toMatchObject({ onTime: false, submittedOn: '2026-07-10', due: '2026-07-05' });
    const after = await post(
      `/api/units/${branch}/reports/2026-06/paper-receipt`,
      { submissionId: uuidv7(), receivedOn: '2026-07-11', reason: '纸质报表' },
      township,
    );
    expect(after.status).toBe(409);
    expect(after.body.errors[0]).toMatchObject({ field: 'receivedOn', code: 'paperReceiptAfterArrival' });
    const recorded = await post(
      `/api/units/${branch}/reports/2026-06/paper-receipt`,
      { submissionId: uuidv7(), receivedOn: '2026-07-04', reason: '7月4日交纸质报表至乡镇团委' },
      township,
    );
    expect(recorded.status).toBe(201);
    const month = (await get(`/api/units/${branch}/reports?after=${recorded.body.position}`, township)).body.months[0];
    expect(month).toMatchObject({
      onTime: true,
      submittedOn: '2026-07-04',
      receivedOnPaper: { on: '2026-07-04', reason: '7月4日交纸质报表至乡镇团委', actorName: 'town1' },
    });
    expect(
      (await post(`/api/units/${branch}/reports/2026-06/paper-receipt`, { submissionId: uuidv7(), receivedOn: '2026-07-04', reason: 'x' }, secretary)).status,
    ).toBe(403);
    const audit = await get(`/api/units/${tree.township}/audit?after=${recorded.body.position}`, township);
    expect(JSON.stringify(audit.body.entries)).toContain('7月4日交纸质报表至乡镇团委');
  });
});
