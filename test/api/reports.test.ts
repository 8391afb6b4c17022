import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { buildProvince, inviteUser, openUnit, revisionOf, type Auth } from './fixtures.ts';
import { at, json, send, startTestApi } from './harness.ts';
import { emptyReport, fullReport } from './reportFixtures.ts';
import { dueDate } from '../../projections/calendar.ts';

// The API's clock stands at TEST_NOW (2026-07-20): `last` is the month being reported now (due
// on 2026-07-05), `before` the one before.
const [before, last] = ['2026-05', '2026-06'];
/** A device time on the due day: an offline submission pressed on time that arrives later. */
const onTimeClientTime = () => `${dueDate(last, 5)}T08:00:00+08:00`;

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>> & { branch2?: string };
let secretary: Auth;
let township: Auth;
beforeAll(async () => {
  api = await startTestApi({ READ_YOUR_WRITES_TIMEOUT_MS: '2000' });
  tree = await buildProvince(api);
  secretary = await inviteUser(api, tree.admin, 'sec1', 'secretary', [tree.branch]);
  township = await inviteUser(api, tree.admin, 'town1', 'manager', [tree.township]);
  tree.branch2 = await openUnit(api, tree.admin, 'organisation', tree.township, '更正团支部', {
    organisation: { field: 'village', buildingMode: 'independent' },
  });
});
afterAll(() => api.close());

/** Submits a report; the answer carries the submission id, which is the report's id (its version). */
const submit = async (unitId: string, month: string, report: unknown, auth: Auth, extra: Record<string, unknown> = {}) => {
  const submissionId = uuidv7();
  return { ...(await send(api.app, `/api/units/${unitId}/reports`, json({ submissionId, month, report, ...extra }, auth))), submissionId };
};
const get = (path: string, auth: Auth) => send(api.app, path, { headers: auth });

describe('monthly reports', () => {
  it('a secretary submits; the same submission again returns the original receipt', async () => {
    const body = { submissionId: uuidv7(), month: last, report: fullReport(last), clientTime: onTimeClientTime() };
    const first = await send(api.app, `/api/units/${tree.branch}/reports`, json(body, secretary));
    expect(first.status).toBe(201);
    const again = await send(api.app, `/api/units/${tree.branch}/reports`, json(body, secretary));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    const history = await get(`/api/units/${tree.branch}/reports?after=${first.body.position}`, secretary);
    expect(history.body.months).toEqual([expect.objectContaining({ month: last, status: 'submitted', onTime: true, due: dueDate(last, 5) })]);
    expect(history.body.months[0].history).toHaveLength(1);
  });

  it('cross-field rules are reported on the field they concern', async () => {
    const report = fullReport('2026-03', {
      activity: { held: true, title: '', date: '2026-02-28', participants: 0 },
      survey: {
        respondents: 5,
        needs: [
          { category: 'jobs', count: 9 },
          { category: 'moon', count: 1 },
        ],
        freeText: '',
      },
      members: { leagueMembers: 50, youthUnder35: 40 },
    });
    const { status, body } = await submit(tree.branch, '2026-03', report, secretary);
    expect(status).toBe(400);
    expect(Object.fromEntries(body.errors.map((e: { field: string; message: string }) => [e.field, e.message]))).toEqual({
      'report.activity.title': '开展了活动时须填写活动名称',
      'report.activity.participants': '参加人数至少为 1',
      'report.activity.date': '活动日期须在所报月份内',
      'report.survey.needs.0.count': '人数不能超过调查人数',
      'report.members.leagueMembers': '团员人数不能超过35岁以下青年人数',
    });
    const unknown = await submit(
      tree.branch,
      '2026-03',
      fullReport('2026-03', { survey: { respondents: 5, needs: [{ category: 'moon', count: 1 }], freeText: '' } }),
      secretary,
    );
    expect(unknown.body.errors).toEqual([{ field: 'report.survey.needs.0.category', code: 'unknownCategory', message: '不在需求分类列表中' }]);
  });

  it('a correction supersedes the earlier report and keeps it in the history', async () => {
    const first = await submit(tree.branch2!, last, fullReport(last), tree.admin, { clientTime: onTimeClientTime() });
    const corrected = await submit(tree.branch2!, last, fullReport(last, { volunteers: 30 }), tree.admin);
    expect(corrected.status).toBe(201);
    const { body } = await get(`/api/units/${tree.branch2!}/reports?after=${corrected.body.position}`, tree.admin);
    const april = body.months.find((m: { month: string }) => m.month === last);
    expect(april.report.volunteers).toBe(30);
    expect(april.history.map((v: { supersedes: string | null }) => v.supersedes)).toEqual([null, april.history[0].reportId]);
    // Lateness counts from the first submission, not the correction.
    expect(april.onTime).toBe(true);
    expect(first.body.position).not.toBe(corrected.body.position);
    expect(april.history.map((v: { actorName: string }) => v.actorName)).toEqual(['系统管理员', '系统管理员']);
    // Earlier versions' content comes from the log.
    const versions = await get(`/api/units/${tree.branch2!}/reports/${last}/versions`, tree.admin);
    expect(versions.body.versions.map((v: { report: { volunteers: number } }) => v.report.volunteers)).toEqual([8, 30]);
  });

  it('a report submitted after the due day is late; an offline one counts from when it was submitted', async () => {
    // Two months back, sent now: past its due day whatever today is.
    const late = await submit(tree.branch, before, fullReport(before), secretary);
    expect(late.status).toBe(201);
    // Last month, submitted on the device by the due day but received only now (offline).
    const branch3 = await openUnit(api, tree.admin, 'organisation', tree.township, '离线团支部', {
      on: '2026-01-01',
      organisation: { field: 'village', buildingMode: 'independent' },
    });
    const offline = await submit(branch3, last, fullReport(last), tree.admin, { clientTime: onTimeClientTime() });
    const lateView = await get(`/api/units/${tree.township}/reporting?month=${before}&after=${offline.body.position}`, township);
    const onTimeView = await get(`/api/units/${tree.township}/reporting?month=${last}&after=${offline.body.position}`, township);
    const status = (view: { body: { organisations: Array<{ name: string; status: string }> } }) =>
      Object.fromEntries(view.body.organisations.map((o) => [o.name, o.status]));
    expect(status(lateView)).toMatchObject({ 东风村团支部: 'late' });
    expect(status(onTimeView)).toMatchObject({ 离线团支部: 'onTime' });
  });

  it('the township approves (locking) or returns with a reason, and a returned report can be corrected', async () => {
    const first = await submit(tree.branch, '2026-06', emptyReport(), secretary);
    const returned = await send(
      api.app,
      `/api/units/${tree.branch}/reports/2026-06/return`,
      json({ submissionId: uuidv7(), version: first.submissionId, reason: '请补充五个一活动' }, township),
    );
    expect(returned.status).toBe(201);
    const tooSoon = await send(
      api.app,
      `/api/units/${tree.branch}/reports/2026-06/approve`,
      json({ submissionId: uuidv7(), version: first.submissionId }, township),
    );
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.code).toBe('awaitingCorrection');
    const corrected = await submit(tree.branch, '2026-06', fullReport('2026-06'), secretary);
    expect(corrected.status).toBe(201);
    const approved = await send(
      api.app,
      `/api/units/${tree.branch}/reports/2026-06/approve`,
      json({ submissionId: uuidv7(), version: corrected.submissionId }, township),
    );
    expect(approved.status).toBe(201);
    const locked = await submit(tree.branch, '2026-06', fullReport('2026-06', { volunteers: 1 }), secretary);
    expect(locked.status).toBe(409);
    expect(locked.body.title).toBe('该月月报已审核通过并锁定');
    expect(
      (await send(api.app, `/api/units/${tree.branch}/reports/2026-06/approve`, json({ submissionId: uuidv7(), version: corrected.submissionId }, secretary)))
        .status,
    ).toBe(403);
    const { body } = await get(`/api/units/${tree.branch}/reports?after=${approved.body.position}`, secretary);
    expect(body.months.find((m: { month: string }) => m.month === '2026-06')).toMatchObject({
      status: 'approved',
      returnReason: null,
      decidedByName: 'town1',
      decidedAt: expect.any(String),
    });
  });

  it('a secretary cannot report for another branch, nor for a month to come', async () => {
    expect((await submit(tree.otherBranch, '2026-03', fullReport('2026-03'), secretary)).status).toBe(403);
    const future = await submit(tree.branch, '2099-01', fullReport('2099-01'), secretary);
    expect(future.status).toBe(400);
    expect(future.body.errors[0]).toMatchObject({ field: 'month', code: 'futureMonth' });
  });
});

describe('批量审核: several reports decided at once', () => {
  it('approves the selected reports, each at the version read; refuses one changed since, and one outside the list; a retry decides nothing twice', async () => {
    const month = '2026-04';
    const branches = [
      tree.branch,
      tree.branch2!,
      await openUnit(api, tree.admin, 'organisation', tree.township, '批量团支部', { organisation: { field: 'village', buildingMode: 'independent' } }),
    ];
    const sent: Array<Awaited<ReturnType<typeof submit>>> = [];
    for (const unit of branches) sent.push(await submit(unit, month, fullReport(month), tree.admin));
    // The first report is corrected after the manager read the list: their version is out of date.
    const corrected = await submit(branches[0]!, month, fullReport(month, { volunteers: 3 }), tree.admin);
    const other = await submit(tree.otherBranch, month, fullReport(month), tree.admin);
    // The month view of the township gives each report awaiting approval its version, and whether this manager may decide it.
    const view = await get(`/api/units/${tree.township}/reporting?month=${month}&after=${other.body.position}`, township);
    const listed = view.body.organisations.filter((o: { approval: string }) => o.approval === 'submitted');
    expect(listed.map((o: { unitId: string; version: string; mayDecide: boolean }) => [o.unitId, o.version, o.mayDecide]).sort()).toEqual(
      [
        [branches[0], corrected.submissionId, true],
        [branches[1], sent[1]!.submissionId, true],
        [branches[2], sent[2]!.submissionId, true],
      ].sort(),
    );
    const request = {
      submissionId: uuidv7(),
      month,
      decision: 'approve',
      items: [...branches.map((unitId, i) => ({ unitId, version: sent[i]!.submissionId })), { unitId: tree.otherBranch, version: other.submissionId }],
    };
    const decided = await send(api.app, `/api/units/${tree.township}/report-decisions`, json(request, township));
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ decided: 2, refused: 2 });
    expect(decided.body.results.map((r: { unitId: string; ok: boolean; code?: string }) => [r.unitId, r.ok, r.code ?? null])).toEqual([
      [branches[0], false, 'newerVersion'],
      [branches[1], true, null],
      [branches[2], true, null],
      [tree.otherBranch, false, 'forbidden'],
    ]);
    // Sent again (a retry after a lost answer): the same receipts, nothing appended.
    const before = await api.runtime.store.lastPosition();
    const again = await send(api.app, `/api/units/${tree.township}/report-decisions`, json(request, township));
    expect(again.body.results.filter((r: { ok: boolean }) => r.ok).map((r: { duplicate: boolean }) => r.duplicate)).toEqual([true, true]);
    expect(await api.runtime.store.lastPosition()).toBe(before);
    const after = await get(`/api/units/${tree.township}/reporting?month=${month}&after=${decided.body.position}`, township);
    expect(after.body.approved).toBe(2);
    // Returned together with one reason, which is required.
    const noReason = await send(
      api.app,
      `/api/units/${tree.township}/report-decisions`,
      json({ submissionId: uuidv7(), month, decision: 'return', items: [{ unitId: branches[0]!, version: corrected.submissionId }] }, township),
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0]).toMatchObject({ field: 'reason', code: 'required' });
    const returned = await send(
      api.app,
      `/api/units/${tree.township}/report-decisions`,
      json(
        { submissionId: uuidv7(), month, decision: 'return', reason: '请补充活动照片', items: [{ unitId: branches[0]!, version: corrected.submissionId }] },
        township,
      ),
    );
    expect(returned.body).toMatchObject({ decided: 1, refused: 0 });
    const history = await get(`/api/units/${branches[0]}/reports?after=${returned.body.position}`, township);
    expect(history.body.months.find((m: { month: string }) => m.month === month)).toMatchObject({ status: 'returned', returnReason: '请补充活动照片' });
    // A secretary may not decide: refused as a whole.
    expect((await send(api.app, `/api/units/${tree.township}/report-decisions`, json({ ...request, submissionId: uuidv7() }, secretary))).status).toBe(403);
  });
});

describe('reporting rates stay right across moves and closures', () => {
  it('counts a branch moved to another township under the new one from that month, and a closed one not at all from the month it closed', async () => {
    const a = await openUnit(api, tree.admin, 'township', tree.county, '甲镇团委');
    const b = await openUnit(api, tree.admin, 'township', tree.county, '乙镇团委');
    const mover = await openUnit(api, tree.admin, 'organisation', a, '搬迁团支部', { organisation: { field: 'enterprise', buildingMode: 'joint' } });
    const closer = await openUnit(api, tree.admin, 'organisation', a, '撤销团支部', { organisation: { field: 'village', buildingMode: 'independent' } });
    const stayer = await openUnit(api, tree.admin, 'organisation', b, '留守团支部', { organisation: { field: 'village', buildingMode: 'independent' } });
    for (const month of ['2026-01', '2026-02', '2026-03']) {
      await at(api, `${month}-28T10:00:00+08:00`, async () => {
        for (const unit of [mover, closer, stayer]) await submit(unit, month, fullReport(month), tree.admin);
      });
    }
    const moved = await send(
      api.app,
      `/api/units/${mover}/move`,
      json({ submissionId: uuidv7(), parentId: b, on: '2026-02-15', revision: await revisionOf(api, tree.admin, mover) }, tree.admin),
    );
    expect(moved.status).toBe(201);
    const closed = await send(api.app, `/api/units/${closer}/close`, json({ submissionId: uuidv7(), on: '2026-03-10', reason: '企业关停' }, tree.admin));
    const rate = async (unit: string, month: string) => {
      const { body } = await get(`/api/units/${unit}/reporting?month=${month}&after=${closed.body.position}`, tree.admin);
      return { expected: body.expected, received: body.received, rate: body.rate };
    };
    expect(await rate(a, '2026-01')).toEqual({ expected: 2, received: 2, rate: 1 });
    expect(await rate(b, '2026-01')).toEqual({ expected: 1, received: 1, rate: 1 });
    expect(await rate(a, '2026-02')).toEqual({ expected: 1, received: 1, rate: 1 });
    expect(await rate(b, '2026-02')).toEqual({ expected: 2, received: 2, rate: 1 });
    expect(await rate(a, '2026-03')).toEqual({ expected: 0, received: 0, rate: null });
    expect(await rate(b, '2026-03')).toEqual({ expected: 2, received: 2, rate: 1 });
    const county = await get(`/api/units/${tree.county}/reporting?month=2026-03&after=${closed.body.position}`, tree.admin);
    expect(county.body.rate).toBeLessThanOrEqual(1);
    expect(county.body.children.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['甲镇团委', '乙镇团委']));
    expect(county.body.series).toHaveLength(6);

    // The county's townships sorted by rate, then a township's organisations paged, filtered and sorted.
    const byRate = (await get(`/api/units/${tree.county}/reporting?month=2026-03&sort=rate&after=${closed.body.position}`, tree.admin)).body.children.map(
      (c: { rate: number | null }) => c.rate ?? -1,
    );
    expect(byRate).toEqual([...byRate].sort((x, y) => x - y));
    const february = `/api/units/${b}/reporting?month=2026-02&after=${closed.body.position}`;
    const first = (await get(`${february}&limit=1&sort=-name`, tree.admin)).body;
    expect(first).toMatchObject({ expected: 2, total: 2, nextCursor: '1' });
    expect(first.organisations.map((o: { name: string }) => o.name)).toEqual(['留守团支部']);
    const second = (await get(`${february}&limit=1&sort=-name&cursor=1`, tree.admin)).body;
    expect(second).toMatchObject({ total: 2, nextCursor: null });
    expect(second.organisations.map((o: { name: string }) => o.name)).toEqual(['搬迁团支部']);
    expect((await get(`${february}&status=missing`, tree.admin)).body).toMatchObject({ organisations: [], total: 0, received: 2 });
    expect((await get(`${february}&q=${encodeURIComponent('搬迁')}`, tree.admin)).body.organisations).toHaveLength(1);
    for (const bad of ['sort=health', 'status=lost', 'cursor=a%20b']) expect((await get(`${february}&${bad}`, tree.admin)).status, bad).toBe(400);
  });
});

describe('what managers read from the reports', () => {
  it('youth needs by category with the unit’s top needs', async () => {
    const { body } = await get(`/api/units/${tree.township}/needs?month=${last}`, township);
    expect(body.reports).toBeGreaterThanOrEqual(2);
    expect(body.categories.find((c: { key: string }) => c.key === 'jobs')).toMatchObject({ zh: '就业创业', count: 9 * body.reports });
    expect(body.top.map((need: { key: string }) => need.key).slice(0, 2)).toEqual(['jobs', 'skills']);
    expect(body.respondents).toBe(20 * body.reports);
    expect(body.freeText[0]).toMatchObject({ text: '希望开展电商培训' });
  });

  it('branch health: classes with reasons, a township override with its reason, and the trend', async () => {
    const weak = await openUnit(api, tree.admin, 'organisation', tree.township, '薄弱团支部', {
      on: '2026-01-01',
      organisation: { field: 'village', buildingMode: 'independent' },
    });
    const few = await openUnit(api, tree.admin, 'organisation', tree.township, '人少团支部', {
      on: '2026-01-01',
      organisation: { field: 'village', buildingMode: 'independent' },
    });
    for (const month of ['2026-04', '2026-05', '2026-06']) {
      await at(api, `${month}-28T10:00:00+08:00`, async () => {
        await submit(weak, month, emptyReport(), tree.admin);
        await submit(few, month, emptyReport(2), tree.admin);
      });
    }
    const last = await submit(tree.otherBranch, '2026-06', fullReport('2026-06'), tree.admin);
    const health = await get(`/api/units/${tree.township}/health?month=2026-06&after=${last.body.position}`, township);
    const byName = Object.fromEntries(health.body.branches.map((b: { name: string }) => [b.name, b]));
    expect(byName['薄弱团支部']).toMatchObject({
      healthClass: 'rectify',
      why: expect.arrayContaining(['“五个一”完成率 0%,低于 40%', '近 3 个月没有召开支委会、团员大会或团小组会']),
    });
    expect(byName['人少团支部']).toMatchObject({ healthClass: 'rebuild', why: ['团员仅 2 人,少于 3 人'] });
    expect(byName['东风村团支部'].healthClass).not.toBe('rebuild');
    expect(health.body.trend).toHaveLength(6);
    expect(Object.values(health.body.distribution).reduce((a: number, b) => a + (b as number), 0)).toBe(health.body.branches.length);

    const override = await send(
      api.app,
      `/api/units/${weak}/health/override`,
      json({ submissionId: uuidv7(), month: '2026-06', healthClass: 'improve', reason: '已制定整改计划并落实' }, township),
    );
    expect(override.status).toBe(201);
    const after = await get(`/api/units/${tree.township}/health?month=2026-06&after=${override.body.position}`, township);
    const overridden = after.body.branches.find((b: { name: string }) => b.name === '薄弱团支部');
    expect(overridden).toMatchObject({ healthClass: 'improve', computedClass: 'rectify', override: { reason: '已制定整改计划并落实' } });
    expect(
      (
        await send(
          api.app,
          `/api/units/${weak}/health/override`,
          json({ submissionId: uuidv7(), month: '2026-06', healthClass: 'improve', reason: 'x' }, secretary),
        )
      ).status,
    ).toBe(403);

    // The branches as a paged table: the counts above stay whole, the page is filtered, sorted and paged.
    const base = `/api/units/${tree.township}/health?month=2026-06&after=${override.body.position}`;
    const all = after.body.branches.length;
    const pages: string[] = [];
    for (let cursor = '', n = 0; n < 20; n++) {
      const { body } = await get(`${base}&limit=1&sort=name${cursor ? `&cursor=${cursor}` : ''}`, township);
      expect(body).toMatchObject({ total: all, distribution: after.body.distribution });
      expect(body.branches).toHaveLength(1);
      expect(body.branches[0].history.map((earlier: { month: string }) => earlier.month)).toEqual(['2026-04', '2026-05']);
      pages.push(body.branches[0].name);
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    expect(pages).toEqual([...pages].sort(new Intl.Collator('zh-CN').compare));
    expect(pages).toHaveLength(all);
    const rebuild = (await get(`${base}&class=rebuild`, township)).body;
    expect(rebuild.branches.map((branch: { name: string }) => branch.name)).toEqual(['人少团支部']);
    expect(rebuild.total).toBe(1);
    expect(rebuild.branches[0].history).toEqual([
      { month: '2026-04', healthClass: 'rebuild' },
      { month: '2026-05', healthClass: 'rebuild' },
    ]);
    expect((await get(`${base}&q=${encodeURIComponent('薄弱')}`, township)).body.branches.map((branch: { name: string }) => branch.name)).toEqual([
      '薄弱团支部',
    ]);
    const lowFirst = (await get(`${base}&sort=fiveOnes`, township)).body.branches.map((branch: { figures: { fiveOnes: number } }) => branch.figures.fiveOnes);
    expect(lowFirst).toEqual([...lowFirst].sort((a, b) => a - b));
    for (const bad of ['sort=reasons', 'class=excellent', 'limit=500']) expect((await get(`${base}&${bad}`, township)).status, bad).toBe(400);
  });

  it('an administrator sets a province’s need categories and due day', async () => {
    const settings = {
      needCategories: [
        { key: 'jobs', zh: '就业', en: 'Jobs' },
        { key: 'housing', zh: '住房', en: 'Housing' },
      ],
      dueDay: 10,
      health: { window: 3, consolidateFiveOnes: 0.8, rectifyFiveOnes: 0.4, minimumMembers: 3 },
    };
    const set = await send(api.app, `/api/provinces/${tree.province}/reporting-settings`, json({ submissionId: uuidv7(), settings }, tree.admin));
    expect(set.status).toBe(201);
    const { body } = await get(`/api/units/${tree.branch}/reports?after=${set.body.position}`, secretary);
    expect(body.settings).toEqual({ needCategories: settings.needCategories, dueDay: 10 });
    expect((await send(api.app, `/api/provinces/${tree.province}/reporting-settings`, json({ submissionId: uuidv7(), settings }, township))).status).toBe(403);
  });
});
