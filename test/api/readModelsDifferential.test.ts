/**
 * The SQL read models against a recount from the log: a generated province, then random moves
 * (some back-dated) and closures; for every unit, the tree's closure (unitAncestors) is the
 * subtree the in-memory tree walks; the audit trail's totals (kept per unit and type) and
 * pages are what counting the log's events under that subtree gives; and every month's rates,
 * needs and health classes (kept per township and month by monthlyReports, moved with each move and closure)
 * are what recounting the log's reports under the tree as it stood at the month's end gives.
 */
import { everyUnit } from '../spec.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProvince } from '../../bench/generate.ts';
import { encode, type DomainEvent } from '../../events/catalog/index.ts';
import { uuidv7 } from '../../events/ids.ts';
import { auditPage } from '../../projections/audit.ts';
import { isWithin, organisationsUnder, parentOf, recordsOf } from '../../projections/organisationTreeQueries.ts';
import { ANCESTORS } from '../../projections/unitAncestors.ts';
import { monthEnd, monthsBetween } from '../../projections/calendar.ts';
import { healthOfUnit, standingOf } from '../../projections/branchHealth.ts';
import { settingsFor } from '../../projections/reportingSettings.ts';
import { monthlyReportsOf } from '../../projections/monthlyReportsRead.ts';
import { monthView } from '../../projections/reportingRates.ts';
import { needsOfMonth } from '../../projections/youthNeeds.ts';
import * as readModels from '../../projections/index.ts';
import { startTestApi } from './harness.ts';
import { recountFromLog, recountOf } from './reportsRecount.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
const tree = () => api.runtime.runner.state(readModels.organisationTree);

async function append(stream: string, event: DomainEvent) {
  const id = uuidv7();
  return api.runtime.store.append(stream, [
    encode(event, id, {
      actor: 'test',
      correlationId: id,
      causationId: id,
      clientSubmissionId: id,
      clientTime: null,
      serverTime: api.clock.now().toISOString(),
    }),
  ]);
}

beforeAll(async () => {
  api = await startTestApi({ READ_YOUR_WRITES_TIMEOUT_MS: '20000' });
  await generateProvince(
    api.runtime.store,
    { cities: 2, countiesPerCity: 2, townshipsPerCounty: 3, organisationsPerTownship: 6, months: 3, researchTeams: 1 },
    11,
    () => {},
    { asOf: '2026-07-10' },
  );
  await api.runtime.runner.waitFor((await api.runtime.store.lastPosition())!, 20_000);
  // Random moves on rising days, some dated before the move in force, and a few closures.
  const units = everyUnit(tree());
  const townships = units.filter((unit) => unit.kind === 'township');
  const counties = units.filter((unit) => unit.kind === 'county');
  const organisations = units.filter((unit) => unit.kind === 'organisation');
  let seed = 5;
  // mulberry32: 32-bit arithmetic throughout (Math.imul), so every draw is as random as the next.
  const random = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  for (let i = 0; i < 120; i++) {
    const moveTownship = random(4) === 0;
    const unit = moveTownship ? townships[random(townships.length)]! : organisations[random(organisations.length)]!;
    const to = moveTownship ? counties[random(counties.length)]! : townships[random(townships.length)]!;
    const from = parentOf(tree(), unit.id)!;
    if (from === to.id) continue;
    const on = `2026-${String(4 + Math.floor(i / 30)).padStart(2, '0')}-${String(1 + random(28)).padStart(2, '0')}`;
    const { position } = await append(`unit-${unit.id}`, { type: 'UnitMoved', data: { unitId: unit.id, fromParentId: from, toParentId: to.id, on } });
    await api.runtime.runner.waitFor(position, 20_000);
  }
  for (const unit of organisations.slice(0, 5))
    await append(`unit-${unit.id}`, { type: 'UnitClosed', data: { unitId: unit.id, on: '2026-06-30', reason: '撤并' } });
  await api.runtime.runner.waitFor((await api.runtime.store.lastPosition())!, 20_000);
}, 120_000);
afterAll(() => api?.close());

describe('SQL read models against a recount from the log', () => {
  it("the closure is the in-memory tree's subtree, for every unit", () => {
    const db = api.runtime.runner.tables(readModels.unitAncestors);
    const ids = everyUnit(tree()).map((unit) => unit.id);
    for (const root of ids) {
      const found = (db.prepare(`SELECT unit_id AS id FROM ${ANCESTORS} WHERE ancestor_id = ? ORDER BY unit_id`).all(root) as { id: string }[]).map(
        (row) => row.id,
      );
      expect(found, root).toEqual(ids.filter((id) => isWithin(tree(), id, root)).sort());
    }
  });

  it("the audit's totals and pages are the log's events under each unit, counted afresh", async () => {
    const events = await api.runtime.store.readAll();
    // The unit each event concerns, as the audit assigns it: its unit, its province, or the unit its account was invited to.
    const invitedTo = new Map<string, string>();
    const concerned = events.map((event) => {
      const data = event.data as Record<string, unknown>;
      if (event.type === 'UserInvited') invitedTo.set(data.userId as string, (data.unitIds as string[])[0]!);
      const unit =
        typeof data.unitId === 'string'
          ? data.unitId
          : typeof data.provinceId === 'string'
            ? data.provinceId
            : typeof data.userId === 'string'
              ? (invitedTo.get(data.userId) ?? null)
              : null;
      return { position: event.position.toString(), type: event.type, unit };
    });
    // The world is what it should be: a province's worth of units and events, moves and closures among them.
    expect(everyUnit(tree()).length).toBeGreaterThan(80);
    expect(concerned.filter((entry) => entry.type === 'UnitMoved').length).toBeGreaterThan(80);
    expect(concerned.filter((entry) => entry.type === 'MonthlyReportApproved').length).toBeGreaterThan(20);
    const db = api.runtime.runner.tables(readModels.audit);
    for (const { id: root } of everyUnit(tree())) {
      const under = concerned.filter((entry) => entry.unit !== null && tree().units.has(entry.unit) && isWithin(tree(), entry.unit, root));
      const page = auditPage(db, root, {}, { limit: 200 });
      expect(page.total, root).toBe(under.length);
      expect(
        page.entries.map((entry) => entry.position),
        root,
      ).toEqual(
        under
          .map((entry) => entry.position)
          .reverse()
          .slice(0, 200),
      );
      const approvals = auditPage(db, root, { types: ['MonthlyReportApproved', 'UnitMoved'] }, { limit: 1 });
      expect(approvals.total, root).toBe(under.filter((entry) => entry.type === 'MonthlyReportApproved' || entry.type === 'UnitMoved').length);
    }
  });

  it("every unit's rates, needs and health, month by month, are the log's reports recounted under the tree of each month's end", async () => {
    const recount = await recountFromLog(api.runtime.store);
    const reports = monthlyReportsOf(api.runtime.runner.tables(readModels.monthlyReports));
    const settings = settingsFor(tree(), reports, [...tree().roots][0]!);
    let compared = 0;
    for (const { id: root } of everyUnit(tree())) {
      for (const month of monthsBetween('2026-03', '2026-08')) {
        const view = monthView(tree(), reports, root, month);
        const { counts, needs } = recountOf(tree(), recount, root, month);
        expect([view.expected, view.received, view.onTime, view.late, view.approved], `${root} ${month}`).toEqual([
          counts.expected,
          counts.received,
          counts.onTime,
          counts.late,
          counts.approved,
        ]);
        const asked = needsOfMonth(tree(), reports, root, month);
        expect(asked.respondents, `${root} ${month}`).toBe(counts.respondents);
        for (const category of asked.categories) expect(category.count, `${root} ${month} ${category.key}`).toBe(needs[category.key] ?? 0);
        // Health: the kept classes and counts, against the rule asked afresh for every branch expected that month.
        const health = healthOfUnit(tree(), reports, root, month, api.clock.today());
        const afresh = { consolidate: 0, improve: 0, rectify: 0, rebuild: 0, unassessed: 0 };
        for (const unit of recordsOf(tree(), organisationsUnder(tree(), root, monthEnd(month))))
          afresh[standingOf(reports, unit, month, settings, api.clock.today())]++;
        expect(health.distribution, `${root} ${month} health`).toEqual(afresh);
        compared += counts.received;
      }
    }
    // Reports were there to count, under the moved units too.
    expect(compared).toBeGreaterThan(500);
  });
});
