/**
 * When a branch is 巩固 (consolidate), and where 巩固 ends and 提高 (improve) begins — given a
 * branch's window of monthly reports, then its class, with the default settings (a window of 3
 * months; 巩固 from 五个一 80 % on average, 整顿 below 40 %; at least 3 league members; due on
 * the 5th). First from the facts of the window (healthRule.ts), then from the events themselves
 * (the monthlyReports projection, which keeps every branch's class as reports arrive).
 */
import { describe, expect, it } from 'vitest';
import type { DomainEvent, StoredEvent } from '../events/catalog/index.ts';
import type { HealthClass, MonthlyReportContent } from '../events/catalog/report.ts';
import { fullReport } from '../test/api/reportFixtures.ts';
import { sqlSpec, stored } from '../test/spec.ts';
import { chinaTime } from './calendar.ts';
import { factsOf, judge, type MonthFacts } from './healthRule.ts';
import { CLASSES, fiveOnesDone, monthlyReports } from './monthlyReports.ts';
import { DEFAULT_SETTINGS } from './reportingSettings.ts';

const rule = DEFAULT_SETTINGS.health;
/** April to June 2026, due 5 May, 5 June, 5 July. */
const dues = ['2026-05-05', '2026-06-05', '2026-07-05'];
/** A month's report as the rule reads it: in on its due day, 五个一 all done, a meeting, a 团课, 12 members. */
const month = (i: number, facts: Partial<MonthFacts> = {}): MonthFacts => ({
  countedDay: dues[i]!,
  fiveOnes: 5,
  meetings: 1,
  lectures: 1,
  members: 12,
  ...facts,
});
const classOf = (reports: Array<MonthFacts | undefined>, fourHasMet = true): HealthClass => judge(factsOf(reports, dues, fourHasMet), rule, null);
const strong = () => [month(0), month(1), month(2)];

describe('巩固 (consolidate): every condition met over the whole window', () => {
  it('given three months reported on time with 五个一 done, a meeting every month, a 团课 and the 四有 met, then 巩固', () => {
    expect(classOf(strong())).toBe('consolidate');
  });

  it('the 团课 is needed once in the window, not every month; the members at the minimum (3) are enough', () => {
    expect(classOf([month(0, { lectures: 0 }), month(1, { lectures: 0 }), month(2, { members: 3 })])).toBe('consolidate');
  });

  it('given a report counted on its due day, it is on time; on the day after, 提高', () => {
    expect(classOf([month(0, { countedDay: '2026-05-05' }), month(1), month(2)])).toBe('consolidate');
    expect(classOf([month(0, { countedDay: '2026-05-06' }), month(1), month(2)])).toBe('improve');
  });

  it('given 五个一 at 80 % on average exactly, 巩固 — however the months share it (12 of 15 as 4+4+4 or 5+4+3); at 11 of 15, 提高', () => {
    expect(classOf([month(0, { fiveOnes: 4 }), month(1, { fiveOnes: 4 }), month(2, { fiveOnes: 4 })])).toBe('consolidate');
    expect(classOf([month(0, { fiveOnes: 5 }), month(1, { fiveOnes: 4 }), month(2, { fiveOnes: 3 })])).toBe('consolidate');
    expect(classOf([month(0, { fiveOnes: 3 }), month(1, { fiveOnes: 5 }), month(2, { fiveOnes: 4 })])).toBe('consolidate');
    expect(classOf([month(0, { fiveOnes: 5 }), month(1, { fiveOnes: 3 }), month(2, { fiveOnes: 3 })])).toBe('improve');
  });
});

describe('the boundary to 提高 (improve): one condition missed, nothing that makes it 整顿', () => {
  it('given one month without a meeting (the others with one), then 提高', () => {
    expect(classOf([month(0, { meetings: 0 }), month(1), month(2)])).toBe('improve');
  });

  it('given no 团课 in the window, then 提高', () => {
    expect(classOf([month(0, { lectures: 0 }), month(1, { lectures: 0 }), month(2, { lectures: 0 })])).toBe('improve');
  });

  it('given the 四有 recorded and not all met, then 提高', () => {
    expect(classOf(strong(), false)).toBe('improve');
  });

  it('given one month not reported (its 五个一 counting as none), then 提高: one missing month is not yet 整顿', () => {
    // 10 of 15 五个一 done = 67 %: below 80 %, and a month not on time.
    expect(classOf([undefined, month(1), month(2)])).toBe('improve');
  });

  it('given 五个一 at 40 % on average exactly, then 提高; below it, 整顿', () => {
    expect(classOf([month(0, { fiveOnes: 3 }), month(1, { fiveOnes: 2 }), month(2, { fiveOnes: 1 })])).toBe('improve');
    expect(classOf([month(0, { fiveOnes: 2 }), month(1, { fiveOnes: 2 }), month(2, { fiveOnes: 2 })])).toBe('improve');
    expect(classOf([month(0, { fiveOnes: 2 }), month(1, { fiveOnes: 2 }), month(2, { fiveOnes: 1 })])).toBe('rectify');
  });

  it('the classes below 提高: two months unreported or no meeting at all, 整顿; fewer members than 3 or nothing reported, 重建', () => {
    expect(classOf([undefined, undefined, month(2)])).toBe('rectify');
    expect(classOf([month(0, { meetings: 0 }), month(1, { meetings: 0 }), month(2, { meetings: 0 })])).toBe('rectify');
    expect(classOf([month(0), month(1), month(2, { members: 2 })])).toBe('rebuild');
    expect(classOf([undefined, undefined, undefined])).toBe('rebuild');
  });
});

describe('巩固 from the events (the monthlyReports projection)', () => {
  const id = (n: number) => `00000000-0000-8000-8000-${String(n).padStart(12, '0')}`;
  const [province, county, township, branch] = [1, 2, 3, 4].map(id) as [string, string, string, string];
  const open = (unitId: string, kind: 'province' | 'county' | 'township' | 'organisation', parentId: string | null): DomainEvent => ({
    type: 'UnitOpened',
    data: {
      unitId,
      kind,
      parentId,
      name: unitId.slice(-2),
      code: null,
      on: '2026-01-01',
      township: null,
      organisation: kind === 'organisation' ? { field: 'village', buildingMode: 'independent' } : null,
    },
  });
  const tree = [open(province, 'province', null), open(county, 'county', province), open(township, 'township', county), open(branch, 'organisation', township)];
  /** The 五个一 left undone, one after another: the talks, then the service, then the pairing. */
  const undo = [
    (report: MonthlyReportContent): MonthlyReportContent => ({ ...report, talks: { count: 0 } }),
    (report: MonthlyReportContent): MonthlyReportContent => ({ ...report, service: { ...report.service, done: false } }),
    (report: MonthlyReportContent): MonthlyReportContent => ({ ...report, pairing: { ...report.pairing, youthPaired: 0 } }),
  ];
  /** The fixture's full report (五个一 all done, meetings, a 团课, 12 members) with `done` of the 五个一, received on `day` at 09:00 China time. */
  const submit = (reportMonth: string, day: string, n: number, done = 5): StoredEvent => {
    const report = undo.slice(0, 5 - done).reduce((each, step) => step(each), fullReport(reportMonth));
    expect(fiveOnesDone(report)).toBe(done);
    return stored(
      {
        type: 'MonthlyReportSubmitted',
        data: { reportId: id(100 + n), unitId: branch, month: reportMonth, report, supersedes: null, submittedAt: chinaTime(day, 9) },
      },
      0n,
      'r',
      chinaTime(day, 9),
    );
  };
  const classIn = (events: Array<DomainEvent | StoredEvent>, asked: string) => {
    const numbered = events.map((event, i) => ('position' in event ? { ...event, position: BigInt(i + 1) } : stored(event, BigInt(i + 1))));
    const db = sqlSpec(monthlyReports).given(numbered);
    return (
      db.prepare(`SELECT health_class AS healthClass FROM ${CLASSES} WHERE unit_id = ? AND month = ?`).get(branch, asked) as { healthClass: string } | undefined
    )?.healthClass;
  };

  it('given April, May and June reported by their due days with everything done, June is 巩固', () => {
    expect(classIn([...tree, submit('2026-04', '2026-05-05', 1), submit('2026-05', '2026-06-05', 2), submit('2026-06', '2026-07-05', 3)], '2026-06')).toBe(
      'consolidate',
    );
  });

  it('given June’s report in a day late (6 July), June is 提高', () => {
    expect(classIn([...tree, submit('2026-04', '2026-05-05', 1), submit('2026-05', '2026-06-05', 2), submit('2026-06', '2026-07-06', 3)], '2026-06')).toBe(
      'improve',
    );
  });

  it('given 五个一 done 5, 4 and 3 times (80 % exactly), June is 巩固; 5, 3 and 3 times, 提高', () => {
    expect(
      classIn([...tree, submit('2026-04', '2026-05-05', 1, 5), submit('2026-05', '2026-06-05', 2, 4), submit('2026-06', '2026-07-05', 3, 3)], '2026-06'),
    ).toBe('consolidate');
    expect(
      classIn([...tree, submit('2026-04', '2026-05-05', 1, 5), submit('2026-05', '2026-06-05', 2, 3), submit('2026-06', '2026-07-05', 3, 3)], '2026-06'),
    ).toBe('improve');
  });
});
