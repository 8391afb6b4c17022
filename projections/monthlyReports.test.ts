import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { DomainEvent, StoredEvent } from '../events/catalog/index.ts';
import { fullReport, emptyReport } from '../test/api/reportFixtures.ts';
import { sqlSpec, stored } from '../test/spec.ts';
import { chinaTime } from './calendar.ts';
import { CLASSES, EXPECTED, HEALTH, monthlyReports, NEEDS, RECEIVED } from './monthlyReports.ts';
import { monthlyReportsOf } from './monthlyReportsRead.ts';
import { DEFAULT_SETTINGS } from './reportingSettings.ts';
import { dumpTables } from './sql/readDatabase.ts';

const id = (n: number) => `00000000-0000-8000-8000-${String(n).padStart(12, '0')}`;
const [province, county, townA, townB, branch, other] = [1, 2, 3, 4, 5, 6].map(id) as [string, string, string, string, string, string];
type Kind = 'province' | 'county' | 'township' | 'organisation';
const open = (unitId: string, kind: Kind, parentId: string | null, on = '2026-01-01'): DomainEvent => ({
  type: 'UnitOpened',
  data: {
    unitId,
    kind,
    parentId,
    name: unitId.slice(-2),
    code: null,
    on,
    township: null,
    organisation: kind === 'organisation' ? { field: 'village', buildingMode: 'independent' } : null,
  },
});
const tree = [
  open(province, 'province', null),
  open(county, 'county', province),
  open(townA, 'township', county),
  open(townB, 'township', county),
  open(branch, 'organisation', townA),
  open(other, 'organisation', townA),
];
/** A report for `month`, received on `day` at 09:00 in China (the device said the same). */
const submit = (unitId: string, month: string, day: string, report = fullReport(month), n = 0): StoredEvent =>
  stored(
    { type: 'MonthlyReportSubmitted', data: { reportId: id(100 + n), unitId, month, report, supersedes: null, submittedAt: chinaTime(day, 9) } },
    0n,
    'r',
    chinaTime(day, 9),
  );

/** Given events (positions in order), the tables as a reader and the raw counts. */
function given(events: Array<DomainEvent | StoredEvent>) {
  const numbered = events.map((event, i) => ('position' in event ? { ...event, position: BigInt(i + 1) } : stored(event, BigInt(i + 1))));
  const db = sqlSpec(monthlyReports).given(numbered);
  const rows = (sql: string, ...params: string[]) =>
    db
      .prepare(sql)
      .all(...params)
      .map((row) => ({ ...row }));
  return {
    reports: monthlyReportsOf(db),
    received: (township: string, month: string) =>
      rows(`SELECT received, on_time AS onTime, approved FROM ${RECEIVED} WHERE unit_id = ? AND month = ?`, township, month),
    expected: (unitId: string, month: string) => monthlyReportsOf(db).counts(unitId, month).expected,
    needs: (township: string, month: string) =>
      rows(`SELECT category, count FROM ${NEEDS} WHERE unit_id = ? AND month = ? AND count != 0 ORDER BY category`, township, month),
    classes: (unitId: string) => rows(`SELECT month, health_class AS healthClass FROM ${CLASSES} WHERE unit_id = ? ORDER BY month`, unitId),
    health: (township: string, month: string) =>
      rows(`SELECT health_class AS healthClass, n FROM ${HEALTH} WHERE unit_id = ? AND month = ? AND n != 0 ORDER BY health_class`, township, month),
    deltas: (township: string) => rows(`SELECT month, delta FROM ${EXPECTED} WHERE unit_id = ? AND delta != 0 ORDER BY month`, township),
  };
}

describe('monthly reports (rows and the counts of each unit)', () => {
  it('given the tree: each branch is expected from the month it opened, under its township', () => {
    const then = given([...tree, open(id(7), 'organisation', townA, '2026-03-20')]);
    expect(then.expected(townA, '2026-02')).toBe(2);
    expect(then.expected(townA, '2026-03')).toBe(3);
    expect(then.expected(townB, '2026-03')).toBe(0);
    expect(then.deltas(townA)).toEqual([
      { month: '2026-01', delta: 2 },
      { month: '2026-03', delta: 1 },
    ]);
  });

  it("when a report arrives: its row, its version, and its township's counts for the day it counts from", () => {
    const then = given([...tree, submit(branch, '2026-05', '2026-06-04')]);
    expect(then.reports.summary(branch, '2026-05')).toMatchObject({ countedDay: '2026-06-04', status: 'submitted', corrections: 0, fiveOnes: 5 });
    expect(then.reports.record(branch, '2026-05')!.history).toHaveLength(1);
    expect(then.received(townA, '2026-05')).toEqual([{ received: 1, onTime: 1, approved: 0 }]);
    expect(then.reports.counts(townA, '2026-05')).toEqual({
      expected: 2,
      received: 1,
      onTime: 1,
      late: 0,
      approved: 0,
      fiveOnes: 5,
      workManual: 1,
      onTimeByDue: 1,
      workManualByDue: 1,
    });
    // Due on the 3rd instead of the 5th: the same report is late.
    const earlier = { type: 'ReportingSettingsConfigured', data: { provinceId: province, settings: { ...DEFAULT_SETTINGS, dueDay: 3 } } } as DomainEvent;
    expect(given([...tree, submit(branch, '2026-05', '2026-06-04'), earlier]).reports.counts(townA, '2026-05')).toMatchObject({ onTime: 0, late: 1 });
    expect(given([...tree, earlier, submit(branch, '2026-05', '2026-06-04')]).reports.counts(townA, '2026-05')).toMatchObject({ onTime: 0, late: 1 });
    expect(then.needs(townA, '2026-05').length).toBeGreaterThan(0);
  });

  it('a correction replaces the needs counted; approval counts once, and a correction after it waits again', () => {
    const first = fullReport('2026-05', { survey: { respondents: 4, needs: [{ category: 'jobs', count: 4 }], freeText: '' } });
    const second = fullReport('2026-05', { survey: { respondents: 6, needs: [{ category: 'skills', count: 6 }], freeText: '' } });
    const approve = { type: 'MonthlyReportApproved', data: { unitId: branch, month: '2026-05', reportId: id(100) } } as DomainEvent;
    const then = given([...tree, submit(branch, '2026-05', '2026-06-04', first), approve, submit(branch, '2026-05', '2026-06-08', second, 1)]);
    expect(then.needs(townA, '2026-05')).toEqual([{ category: 'skills', count: 6 }]);
    // The first version's day still counts: lateness is the first submission's.
    expect(then.received(townA, '2026-05')).toEqual([{ received: 1, onTime: 1, approved: 0 }]);
    expect(then.reports.summary(branch, '2026-05')).toMatchObject({ corrections: 1, status: 'submitted' });
    const approved = given([...tree, submit(branch, '2026-05', '2026-06-04', first), approve]);
    expect(approved.received(townA, '2026-05')).toEqual([{ received: 1, onTime: 1, approved: 1 }]);
  });

  it('a paper receipt counts the report from the day it was handed in', () => {
    const then = given([
      ...tree,
      submit(branch, '2026-05', '2026-06-20'),
      { type: 'MonthlyReportReceivedOnPaper', data: { unitId: branch, month: '2026-05', reportId: id(100), receivedOn: '2026-06-03', reason: '纸质报表' } },
    ]);
    expect(then.received(townA, '2026-05')).toEqual([{ received: 1, onTime: 1, approved: 0 }]);
    expect(then.reports.record(branch, '2026-05')!.receivedOnPaper).toMatchObject({ on: '2026-06-03', reason: '纸质报表' });
  });

  it('when a branch moves (back-dated): its reports and expectation leave the old township for the months from the move on', () => {
    const then = given([
      ...tree,
      submit(branch, '2026-04', '2026-05-03'),
      submit(branch, '2026-05', '2026-06-03', fullReport('2026-05'), 1),
      { type: 'UnitMoved', data: { unitId: branch, fromParentId: townA, toParentId: townB, on: '2026-05-10' } },
    ]);
    expect(then.received(townA, '2026-04')).toEqual([{ received: 1, onTime: 1, approved: 0 }]);
    expect(then.received(townA, '2026-05')).toEqual([]);
    expect(then.received(townB, '2026-05')).toEqual([{ received: 1, onTime: 1, approved: 0 }]);
    expect([then.expected(townA, '2026-04'), then.expected(townA, '2026-05'), then.expected(townB, '2026-05')]).toEqual([2, 1, 1]);
  });

  it('when a branch closes: not expected, and its reports not counted, from the month it closed', () => {
    const then = given([
      ...tree,
      submit(branch, '2026-04', '2026-05-03'),
      submit(branch, '2026-05', '2026-06-03', fullReport('2026-05'), 1),
      { type: 'UnitClosed', data: { unitId: branch, on: '2026-05-20', reason: '撤并' } },
    ]);
    expect(then.expected(townA, '2026-04')).toBe(2);
    expect(then.expected(townA, '2026-05')).toBe(1);
    expect(then.received(townA, '2026-04')).toHaveLength(1);
    expect(then.received(townA, '2026-05')).toEqual([]);
  });

  it('health: a report gives its branch a class for the months whose window holds it; the township counts them', () => {
    const then = given([
      ...tree,
      submit(branch, '2026-04', '2026-05-03'),
      submit(branch, '2026-05', '2026-06-03', fullReport('2026-05'), 1),
      submit(branch, '2026-06', '2026-07-03', fullReport('2026-06'), 2),
    ]);
    // Window of 3: April's report reaches June; June's reaches August.
    expect(then.classes(branch).map((row) => row.month)).toEqual(['2026-04', '2026-05', '2026-06', '2026-07', '2026-08']);
    expect(then.classes(branch).find((row) => row.month === '2026-06')!.healthClass).toBe('consolidate');
    expect(then.health(townA, '2026-06')).toEqual([{ healthClass: 'consolidate', n: 1 }]);
    // The other branch has no class kept: the reader counts it as 重建.
    expect(then.reports.healthCounts(townA, '2026-06')).toMatchObject({ consolidate: 1, rebuild: 0 });
  });

  it('health: an override replaces the class; new settings judge every branch again', () => {
    const override = { type: 'HealthClassOverridden', data: { unitId: branch, month: '2026-05', healthClass: 'rectify', reason: '核查' } } as DomainEvent;
    const settings = {
      type: 'ReportingSettingsConfigured',
      data: { provinceId: province, settings: { ...DEFAULT_SETTINGS, health: { ...DEFAULT_SETTINGS.health, window: 1 } } },
    } as DomainEvent;
    const reports = [submit(branch, '2026-04', '2026-05-03', emptyReport()), submit(branch, '2026-05', '2026-06-03', fullReport('2026-05'), 1)];
    const overridden = given([...tree, ...reports, override]);
    expect(overridden.classes(branch).find((row) => row.month === '2026-05')!.healthClass).toBe('rectify');
    expect(overridden.health(townA, '2026-05')).toEqual([{ healthClass: 'rectify', n: 1 }]);
    const narrower = given([...tree, ...reports, settings]);
    // A window of one month: each report judges its own month only.
    expect(narrower.classes(branch).map((row) => row.month)).toEqual(['2026-04', '2026-05']);
  });

  it('the counts roll up: the county and the province hold what their townships hold, month by month', () => {
    const then = given([
      ...tree,
      open(id(7), 'organisation', townB, '2026-03-20'),
      submit(branch, '2026-05', '2026-06-04'),
      submit(id(7), '2026-05', '2026-06-09', fullReport('2026-05'), 1),
    ]);
    for (const unit of [county, province]) {
      expect(then.reports.counts(unit, '2026-02')).toEqual({
        expected: 2,
        received: 0,
        onTime: 0,
        late: 0,
        approved: 0,
        fiveOnes: 0,
        workManual: 0,
        onTimeByDue: 0,
        workManualByDue: 0,
      });
      expect(then.reports.counts(unit, '2026-05')).toEqual({
        expected: 3,
        received: 2,
        onTime: 1,
        late: 1,
        approved: 0,
        fiveOnes: 10,
        workManual: 2,
        onTimeByDue: 1,
        workManualByDue: 1,
      });
      const [a, b] = [then.reports.healthCounts(townA, '2026-05'), then.reports.healthCounts(townB, '2026-05')];
      expect(then.reports.healthCounts(unit, '2026-05')).toEqual({
        consolidate: a.consolidate + b.consolidate,
        improve: a.improve + b.improve,
        rectify: a.rectify + b.rectify,
        rebuild: 0,
      });
      expect(then.needs(unit, '2026-05').length).toBeGreaterThan(0);
    }
    expect([...then.reports.countsBetween(province, '2026-02', '2026-05').values()].map((c) => c.expected)).toEqual([2, 3, 3, 3]);
  });

  it('when a township moves (back-dated) to another county: its whole row leaves the old county for the months from the move on', () => {
    const otherCounty = id(8);
    const then = given([
      ...tree,
      open(otherCounty, 'county', province),
      submit(branch, '2026-04', '2026-05-03'),
      submit(branch, '2026-05', '2026-06-03', fullReport('2026-05'), 1),
      { type: 'UnitMoved', data: { unitId: townA, fromParentId: county, toParentId: otherCounty, on: '2026-05-10' } },
    ]);
    expect([
      then.expected(county, '2026-04'),
      then.expected(county, '2026-05'),
      then.expected(otherCounty, '2026-04'),
      then.expected(otherCounty, '2026-05'),
    ]).toEqual([2, 0, 0, 2]);
    expect(then.received(county, '2026-04')).toEqual([{ received: 1, onTime: 1, approved: 0 }]);
    expect(then.received(county, '2026-05')).toEqual([]);
    expect(then.received(otherCounty, '2026-05')).toEqual([{ received: 1, onTime: 1, approved: 0 }]);
    // The province holds the same either way.
    expect([then.expected(province, '2026-04'), then.expected(province, '2026-05')]).toEqual([2, 2]);
    // A branch opened under the township after the move counts under the new county only.
    const later = given([
      ...tree,
      open(otherCounty, 'county', province),
      { type: 'UnitMoved', data: { unitId: townA, fromParentId: county, toParentId: otherCounty, on: '2026-05-10' } },
      open(id(9), 'organisation', townA, '2026-03-01'),
    ]);
    expect([later.expected(county, '2026-03'), later.expected(county, '2026-05'), later.expected(otherCounty, '2026-05')]).toEqual([3, 0, 3]);
  });

  it('when a township closes with branches still open: they count for no one above it from the month it closed', () => {
    const then = given([
      ...tree,
      submit(branch, '2026-04', '2026-05-03'),
      submit(branch, '2026-05', '2026-06-03', fullReport('2026-05'), 1),
      { type: 'UnitClosed', data: { unitId: townA, on: '2026-05-20', reason: '撤并' } },
    ]);
    expect([then.expected(county, '2026-04'), then.expected(county, '2026-05'), then.expected(province, '2026-05')]).toEqual([2, 0, 0]);
    expect(then.received(county, '2026-05')).toEqual([]);
    expect(then.received(county, '2026-04')).toHaveLength(1);
  });
});

describe('monthly reports folded in one batch or event by event', () => {
  it('give the same tables (counts that come back to zero leave no row either way)', () => {
    const events: Array<DomainEvent | StoredEvent> = [
      ...tree,
      submit(branch, '2026-04', '2026-05-03'),
      submit(other, '2026-04', '2026-05-09', fullReport('2026-04'), 1),
      { type: 'MonthlyReportApproved', data: { unitId: branch, month: '2026-04', reportId: id(100) } },
      { type: 'MonthlyReportReturned', data: { unitId: branch, month: '2026-04', reportId: id(100), reason: '请补充' } },
      { type: 'UnitMoved', data: { unitId: branch, fromParentId: townA, toParentId: townB, on: '2026-04-10' } },
      { type: 'UnitMoved', data: { unitId: branch, fromParentId: townB, toParentId: townA, on: '2026-04-20' } },
      { type: 'UnitClosed', data: { unitId: other, on: '2026-04-15', reason: '撤并' } },
      open(id(8), 'county', province),
      { type: 'UnitMoved', data: { unitId: townA, fromParentId: county, toParentId: id(8), on: '2026-03-10' } },
      submit(branch, '2026-05', '2026-06-03', fullReport('2026-05'), 2),
      { type: 'UnitMoved', data: { unitId: townA, fromParentId: id(8), toParentId: county, on: '2026-05-10' } },
    ];
    const numbered = events.map((event, i) => ('position' in event ? { ...event, position: BigInt(i + 1) } : stored(event, BigInt(i + 1))));
    const eventByEvent = sqlSpec(monthlyReports).given(numbered);
    const oneBatch = new DatabaseSync(':memory:');
    oneBatch.exec(monthlyReports.schema);
    const statements = monthlyReports.prepare(oneBatch);
    for (const event of numbered) monthlyReports.apply(event, statements);
    monthlyReports.flush!(statements);
    expect(dumpTables(oneBatch, monthlyReports.tables)).toEqual(dumpTables(eventByEvent, monthlyReports.tables));
    // The move there and back, and the closure, left counts of zero behind while event by event: removed.
    expect(eventByEvent.prepare(`SELECT COUNT(*) AS n FROM ${RECEIVED} WHERE received = 0 AND on_time = 0 AND approved = 0`).get()).toEqual({ n: 0 });
  });
});
