/**
 * The dashboards against a recount from the log, for every unit and month of a generated
 * province, and again after each kind of change that could make a kept count or a kept part
 * wrong: a new report, a correction, an approval, a return, an override, a move back-dated into
 * an earlier month, a closure, a rename, new settings.
 *   - rates and needs, read from the townships' counts the monthlyReports tables keep as events
 *     arrive, equal a recount of the log's reports under the tree as it stood at each month's end;
 *   - branch health — each branch's class and each township's count per class, kept by the same
 *     tables — equals the rule (healthRule.ts) asked afresh for every branch and month.
 */
import { everyUnit } from '../spec.ts';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProvince, type GeneratedProvince } from '../../bench/generate.ts';
import { encode, type DomainEvent } from '../../events/catalog/index.ts';
import { uuidv7 } from '../../events/ids.ts';
import { branchesPage, healthOfUnit, standingOf } from '../../projections/branchHealth.ts';
import { monthlyReportsOf } from '../../projections/monthlyReportsRead.ts';
import { monthView, organisationsPage, rateSeries, sortChildren } from '../../projections/reportingRates.ts';
import { DEFAULT_SETTINGS, settingsFor } from '../../projections/reportingSettings.ts';
import { monthEnd, monthsUpTo } from '../../projections/calendar.ts';
import { organisationsUnder, recordsOf } from '../../projections/organisationTreeQueries.ts';
import { needsOfMonth } from '../../projections/youthNeeds.ts';
import * as readModels from '../../projections/index.ts';
import { fullReport } from './reportFixtures.ts';
import { recountFromLog, recountOf } from './reportsRecount.ts';
import { json, send, startTestApi } from './harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let province: GeneratedProvince;
let auth: { authorization: string };
const asOf = '2026-07-10';

beforeAll(async () => {
  api = await startTestApi({ READ_YOUR_WRITES_TIMEOUT_MS: '10000' });
  province = await generateProvince(api.runtime.store, 'demo', 7, () => {}, { asOf });
  await api.runtime.runner.waitFor((await api.runtime.store.lastPosition())!, 10_000);
  const signIn = await send(api.app, '/api/session', json({ loginName: province.accounts[0]!.loginName, password: province.accounts[0]!.password }));
  auth = { authorization: `Bearer ${signIn.body.session.token}` };
}, 60_000);
afterAll(() => api.close());

const state = () => ({
  tree: api.runtime.runner.state(readModels.organisationTree),
  reports: monthlyReportsOf(api.runtime.runner.tables(readModels.monthlyReports)),
});
const months = () => monthsUpTo(province.months[province.months.length - 1]!, province.months.length + 2);
const allUnits = () => everyUnit(state().tree).map((unit) => unit.id);

/** A unit's health asked afresh: the rule for every branch open under it at each month's end, counted. */
function freshHealth(unitId: string, month: string) {
  const { tree, reports } = state();
  const settings = settingsFor(tree, reports, unitId);
  const classesIn = (m: string) =>
    recordsOf(tree, organisationsUnder(tree, unitId, monthEnd(m))).map((unit) => [unit.id, standingOf(reports, unit, m, settings, api.clock.today())] as const);
  const distribution = (m: string) => {
    const counts = { consolidate: 0, improve: 0, rectify: 0, rebuild: 0, unassessed: 0 };
    for (const [, healthClass] of classesIn(m)) counts[healthClass]++;
    return counts;
  };
  return { classes: new Map(classesIn(month)), distribution: distribution(month), trend: monthsUpTo(month, 6).map((m) => ({ month: m, ...distribution(m) })) };
}

/** Every unit and month: rates and needs (each child's too) against the recount; health against the rule asked afresh. */
async function expectSameEverywhere() {
  const recount = await recountFromLog(api.runtime.store);
  const { tree, reports } = state();
  for (const unitId of allUnits()) {
    for (const month of months()) {
      const view = monthView(tree, reports, unitId, month);
      const { counts, needs } = recountOf(tree, recount, unitId, month);
      const { expected, received, onTime, late, approved } = view;
      expect({ expected, received, onTime, late, approved }, `month view ${unitId} ${month}`).toEqual({
        expected: counts.expected,
        received: counts.received,
        onTime: counts.onTime,
        late: counts.late,
        approved: counts.approved,
      });
      for (const child of view.children)
        expect([child.unitId, child.expected, child.received, child.onTime, child.approved]).toEqual([
          child.unitId,
          ...(({ counts: c }) => [c.expected, c.received, c.onTime, c.approved])(recountOf(tree, recount, child.unitId, month)),
        ]);
      if (view.organisations.length > 0) expect(view.organisations.filter((o) => o.status !== 'missing').length).toBe(counts.received);
      // 五个一 done and the work manual in use, kept at every level, against the reports of the organisations open under the unit.
      const open = organisationsUnder(tree, unitId, monthEnd(month))
        .map((o) => reports.summary(o.id, month))
        .filter((r) => r !== undefined);
      const shares = counts.expected
        ? [open.reduce((sum, r) => sum + r.fiveOnes, 0) / (counts.expected * 5), open.filter((r) => r.workManualInUse).length / counts.expected]
        : [null, null];
      expect([view.fiveOnesRate, view.workManualRate], `五个一 ${unitId} ${month}`).toEqual(shares);
      const asked = needsOfMonth(tree, reports, unitId, month);
      expect([asked.respondents, asked.reports], `needs ${unitId} ${month}`).toEqual([counts.respondents, counts.received]);
      expect(Object.fromEntries(asked.categories.filter((category) => category.count > 0).map((category) => [category.key, category.count]))).toEqual(
        Object.fromEntries(Object.entries(needs).filter(([, n]) => n > 0)),
      );
    }
    expect(rateSeries(tree, reports, unitId, months()).map((m) => m.received)).toEqual(
      months().map((month) => recountOf(tree, recount, unitId, month).counts.received),
    );
  }
  for (const unitId of allUnits()) {
    for (const month of months()) {
      const kept = healthOfUnit(tree, reports, unitId, month, api.clock.today());
      const fresh = freshHealth(unitId, month);
      expect(kept.distribution, `health ${unitId} ${month}`).toEqual(fresh.distribution);
      expect(kept.trend, `trend ${unitId} ${month}`).toEqual(fresh.trend);
      expect(new Map(kept.branches.map((branch) => [branch.unitId, branch.healthClass]))).toEqual(fresh.classes);
    }
  }
}

async function append(stream: string, event: DomainEvent) {
  const id = uuidv7();
  const result = await api.runtime.store.append(stream, [
    encode(event, id, {
      actor: 'test',
      correlationId: id,
      causationId: id,
      clientSubmissionId: id,
      clientTime: null,
      serverTime: api.clock.now().toISOString(),
    }),
  ]);
  await api.runtime.runner.waitFor(result.position, 10_000);
}

/** What the API answers (cached or not) is what computing afresh gives. */
async function expectApiFresh(unitId: string, month: string) {
  const { tree, reports } = state();
  const reporting = await send(api.app, `/api/units/${unitId}/reporting?month=${month}`, { headers: auth });
  // The API answers the first page (50) of the organisations, by name, and the children by name.
  const view = monthView(tree, reports, unitId, month);
  const page = organisationsPage(view.organisations, { sort: 'name' }, { limit: 50 });
  // Each organisation of the page also carries its report's version and whether the reader may decide it (批量审核): checked in reports.test.ts.
  reporting.body.organisations = reporting.body.organisations.map(({ version: _version, mayDecide: _mayDecide, ...row }: Record<string, unknown>) => row);
  expect(reporting.body).toEqual(
    JSON.parse(
      JSON.stringify({
        ...view,
        children: sortChildren(view.children, 'name'),
        organisations: page.rows,
        total: page.total,
        nextCursor: page.nextCursor,
        series: rateSeries(tree, reports, unitId, monthsUpTo(month, 6)),
      }),
    ),
  );
  // Every branch, page by page, in the order of the health list; the counts whole on each page; each page's class as the rule gives it afresh.
  const fresh = healthOfUnit(tree, reports, unitId, month, api.clock.today());
  const firstPage = branchesPage(tree, reports, unitId, fresh, { sort: 'class' }, { limit: 200 });
  const afresh = freshHealth(unitId, month).classes;
  for (const branch of firstPage.branches) expect(branch.healthClass).toBe(afresh.get(branch.unitId));
  const branches: Array<[string, string]> = [];
  let health!: Awaited<ReturnType<typeof send>>;
  for (let cursor = '', n = 0; n < 1000; n++) {
    health = await send(api.app, `/api/units/${unitId}/health?month=${month}&limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth });
    expect(health.body.distribution).toEqual(fresh.distribution);
    branches.push(...health.body.branches.map((b: { unitId: string; healthClass: string }) => [b.unitId, b.healthClass] as [string, string]));
    if (!health.body.nextCursor) break;
    cursor = health.body.nextCursor;
  }
  expect(branches).toEqual(fresh.branches.map((b) => [b.unitId, b.healthClass]));
  const needs = await send(api.app, `/api/units/${unitId}/needs?month=${month}`, { headers: auth });
  expect(needs.body.respondents).toBe(needsOfMonth(tree, reports, unitId, month).respondents);
  // Asked with gzip, the same answer compressed.
  const zipped = await api.app.request(
    `/api/units/${unitId}/health?month=${month}&limit=200${health.body.total > 200 ? `&cursor=${Math.floor((health.body.total - 1) / 200) * 200}` : ''}`,
    { headers: { ...auth, 'accept-encoding': 'gzip, br' } },
  );
  const bytes = Buffer.from(await zipped.arrayBuffer());
  expect(zipped.headers.get('content-encoding')).toBe('gzip');
  expect(JSON.parse(gunzipSync(bytes).toString())).toEqual(health.body);
  // Asked without it (as the pages ask in process), plain JSON.
  const plain = await api.app.request(`/api/units/${unitId}/needs?month=${month}`, { headers: auth });
  expect(plain.headers.get('content-encoding')).toBeNull();
  expect(((await plain.json()) as { respondents: number }).respondents).toBe(needs.body.respondents);
}

describe('dashboards against a recount from the log', () => {
  it('match a recount (rates, needs) and fresh computation (health) over a generated province', async () => {
    expect(province.organisationIds.length).toBeGreaterThan(30);
    await expectSameEverywhere();
  });

  it('stay right after reports, decisions, overrides, moves, closures, renames and new settings', async () => {
    const last = province.months[province.months.length - 1]!;
    const first = province.months[0]!;
    const [township, other] = province.townshipIds as [string, string];
    const { tree } = state();
    const orgsOf = (t: string) => [...(tree.children.get(t) ?? [])].filter((id) => tree.units.get(id)!.kind === 'organisation');
    const [a, b, c] = orgsOf(township) as [string, string, string];
    // Warm every cache, then change things one at a time, checking after each.
    await expectApiFresh(province.provinceId, last);
    await expectApiFresh(township, last);
    const reportId = uuidv7();
    const changes: Array<[string, DomainEvent]> = [
      [
        `report-${a}-${last}`,
        {
          type: 'MonthlyReportSubmitted',
          data: {
            reportId,
            unitId: a,
            month: last,
            report: fullReport(last, { volunteers: 99 }),
            supersedes: null,
            submittedAt: api.clock.now().toISOString(),
          },
        },
      ],
      [`report-${a}-${last}`, { type: 'MonthlyReportReturned', data: { unitId: a, month: last, reportId, reason: '请补充' } }],
      [
        `report-${b}-${last}`,
        {
          type: 'MonthlyReportSubmitted',
          data: {
            reportId: uuidv7(),
            unitId: b,
            month: last,
            report: fullReport(last, { survey: { respondents: 9, needs: [{ category: 'jobs', count: 9 }], freeText: '新的需求' } }),
            supersedes: null,
            submittedAt: api.clock.now().toISOString(),
          },
        },
      ],
      [`health-${c}-${last}`, { type: 'HealthClassOverridden', data: { unitId: c, month: last, healthClass: 'consolidate', reason: '核查' } }],
      // Moved into another township from the first month on: every month after changes for both.
      [`unit-${b}`, { type: 'UnitMoved', data: { unitId: b, fromParentId: township, toParentId: other, on: `${first}-15` } }],
      [`report-${b}-${first}`, { type: 'MonthlyReportApproved', data: { unitId: b, month: first, reportId: uuidv7() } }],
      [`unit-${c}`, { type: 'UnitClosed', data: { unitId: c, on: `${first}-20`, reason: '撤销' } }],
      [`unit-${a}`, { type: 'UnitRenamed', data: { unitId: a, name: '改名团支部', on: `${first}-01` } }],
      // A township moved to another county from the second month on: its whole row leaves the old county's months from then.
      [
        `unit-${other}`,
        {
          type: 'UnitMoved',
          data: {
            unitId: other,
            fromParentId: tree.units.get(other)!.parents.at(-1)!.value!,
            toParentId: province.countyIds.at(-1)!,
            on: `${province.months[1]}-03`,
          },
        },
      ],
      // A county moved under another city, dated in the last month.
      [
        `unit-${province.countyIds[0]}`,
        {
          type: 'UnitMoved',
          data: {
            unitId: province.countyIds[0]!,
            fromParentId: tree.units.get(province.countyIds[0]!)!.parents.at(-1)!.value!,
            toParentId: province.cityIds.at(-1)!,
            on: `${last}-02`,
          },
        },
      ],
      // A township closed with its branches still open: they count for no one above it from then.
      [`unit-${township}`, { type: 'UnitClosed', data: { unitId: township, on: `${province.months[2]}-11`, reason: '撤并' } }],
      [
        `settings-${province.provinceId}`,
        {
          type: 'ReportingSettingsConfigured',
          data: { provinceId: province.provinceId, settings: { ...DEFAULT_SETTINGS, dueDay: 20, health: { ...DEFAULT_SETTINGS.health, window: 2 } } },
        },
      ],
    ];
    for (const [stream, event] of changes) {
      await append(stream, event);
      await expectSameEverywhere();
      for (const unit of [province.provinceId, province.countyIds[0]!, township, other]) await expectApiFresh(unit, last);
    }
  }, 180_000);

  it('stay right after random moves of branches, townships and counties, back-dated into any month', async () => {
    // A seeded walk (the same moves every run): each move to a random unit of the level above, on a random day of a random month.
    let seed = 20261205;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T>(list: readonly T[]) => list[random(list.length)]!;
    const { tree } = state();
    const open = (ids: readonly string[]) => ids.filter((id) => tree.units.get(id)?.closedOn === null);
    let moved = 0;
    for (let i = 0; moved < 12 && i < 100; i++) {
      const kind = pick(['organisation', 'township', 'county'] as const);
      const [unitId, parents] =
        kind === 'organisation'
          ? [pick(open(province.organisationIds)), open(province.townshipIds)]
          : kind === 'township'
            ? [pick(open(province.townshipIds)), open(province.countyIds)]
            : [pick(open(province.countyIds)), open(province.cityIds)];
      const from = tree.units.get(unitId)!.parents.at(-1)!.value!;
      const choices = parents.filter((id) => id !== from);
      if (choices.length === 0) continue;
      const to = pick(choices);
      moved++;
      await append(`unit-${unitId}`, {
        type: 'UnitMoved',
        data: { unitId, fromParentId: from, toParentId: to, on: `${pick(province.months)}-${String(1 + random(28)).padStart(2, '0')}` },
      });
    }
    expect(moved).toBe(12);
    await expectSameEverywhere();
  }, 180_000);
});
