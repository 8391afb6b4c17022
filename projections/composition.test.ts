import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events/catalog/index.ts';
import { uuidFromName } from '../events/ids.ts';
import { fullReport } from '../test/api/reportFixtures.ts';
import { sqlSpec, stored, treeGiven } from '../test/spec.ts';
import { chinaTime } from './calendar.ts';
import { compositionOf } from './composition.ts';
import { monthlyReports } from './monthlyReports.ts';
import { monthlyReportsOf } from './monthlyReportsRead.ts';

const id = (name: string) => uuidFromName(`composition/${name}`);
const township = id('town');
const org = (name: string, field: string, on = '2026-01-01'): DomainEvent =>
  ({
    type: 'UnitOpened',
    data: {
      unitId: id(name),
      kind: 'organisation',
      parentId: township,
      name,
      code: null,
      on,
      township: null,
      organisation: { field, buildingMode: 'independent' },
    },
  }) as DomainEvent;

function fold(events: Array<[DomainEvent, string]>) {
  const recorded = events.map(([event, at], i) => stored(event, BigInt(i + 1), `spec-${i}`, at));
  return {
    tree: treeGiven(recorded),
    reports: monthlyReportsOf(sqlSpec(monthlyReports).given(recorded)),
  };
}

describe('a township’s composition', () => {
  const at = chinaTime('2026-01-01', 9);
  const report = (name: string, month: string, members: number, receivedOn: string): [DomainEvent, string] => [
    {
      type: 'MonthlyReportSubmitted',
      data: {
        reportId: id(`${name}/${month}`),
        unitId: id(name),
        month,
        report: fullReport(month, { members: { leagueMembers: members, youthUnder35: 40 } }),
        supersedes: null,
        submittedAt: chinaTime(receivedOn, 9),
      },
    },
    chinaTime(receivedOn, 9),
  ];
  const facts = fold([
    [
      {
        type: 'UnitOpened',
        data: { unitId: township, kind: 'township', parentId: null, name: '城关镇团委', code: null, on: '2026-01-01', township: null, organisation: null },
      } as DomainEvent,
      at,
    ],
    [org('东风村', 'village'), at],
    [org('西山村', 'village'), at],
    [org('卫生院', 'publicInstitution'), at],
    [org('镇机关', 'governmentOrgan'), at],
    [org('新企业', 'enterprise', '2026-05-01'), at],
    // Members: the village reports 12 in March; the health centre was imported with 6 in April; the organ has neither.
    report('东风村', '2026-03', 12, '2026-04-03'),
    [{ type: 'LeagueMembersRecorded', data: { unitId: id('卫生院'), leagueMembers: 6, on: '2026-04-10' } }, at],
    // West Hill: imported with 9 on 1/15, then a report of 7 for February (more recent).
    [{ type: 'LeagueMembersRecorded', data: { unitId: id('西山村'), leagueMembers: 9, on: '2026-01-15' } }, at],
    report('西山村', '2026-02', 7, '2026-03-02'),
  ]);

  it('counts the organisations by field, 机关 and 事业单位 apart, as they stood that day', () => {
    const on = compositionOf(facts.tree, facts.reports, township, '2026-04-30');
    expect(on.total).toBe(4);
    const byField = Object.fromEntries(on.byField.map((entry) => [entry.field, entry.count]));
    expect(byField).toMatchObject({ village: 2, publicInstitution: 1, governmentOrgan: 1, enterprise: 0 });
    expect(compositionOf(facts.tree, facts.reports, township, '2026-05-01').total).toBe(5);
  });

  it('sums league members from the latest report, or the imported count when more recent, and says how many are unknown', () => {
    expect(compositionOf(facts.tree, facts.reports, township, '2026-04-30').members).toEqual({ total: 12 + 7 + 6, fromReports: 2, fromImport: 1, unknown: 1 });
    // On 3/1 the February report had not arrived: West Hill's count is the imported 9; East Wind's March report is still to come.
    expect(compositionOf(facts.tree, facts.reports, township, '2026-03-01').members).toEqual({ total: 9, fromReports: 0, fromImport: 1, unknown: 3 });
  });

  it('takes the latest month known that day, whatever order the months arrived in', () => {
    // May's report arrives first, then April's is back-filled; June's arrives after the day asked.
    const late = fold([
      [
        {
          type: 'UnitOpened',
          data: { unitId: township, kind: 'township', parentId: null, name: '城关镇团委', code: null, on: '2026-01-01', township: null, organisation: null },
        } as DomainEvent,
        at,
      ],
      [org('东风村', 'village'), at],
      report('东风村', '2026-05', 15, '2026-06-02'),
      report('东风村', '2026-04', 11, '2026-06-03'),
      report('东风村', '2026-06', 20, '2026-07-10'),
    ]);
    expect(compositionOf(late.tree, late.reports, township, '2026-07-01').members).toMatchObject({ total: 15, fromReports: 1 });
    expect(compositionOf(late.tree, late.reports, township, '2026-07-10').members).toMatchObject({ total: 20, fromReports: 1 });
    // On 6/2 only May's had arrived.
    expect(compositionOf(late.tree, late.reports, township, '2026-06-02').members).toMatchObject({ total: 15 });
    expect(compositionOf(late.tree, late.reports, township, '2026-06-01').members).toMatchObject({ total: 0, unknown: 1 });
  });
});
