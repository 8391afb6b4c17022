/**
 * The bulletin's score, to the decimal, from events: one township whose four parts all differ, so
 * a weight swapped or changed shows. The weights are those documented in campaignBulletin.ts:
 *
 *   score = 100 × (0.4 × deliverables + 0.3 × targets + 0.2 × reporting + 0.1 × work manual)
 */
import { describe, expect, it } from 'vitest';
import type { DeliverableContent, DeliverableKind, PhaseKey } from '../events/catalog/campaign.ts';
import type { DomainEvent } from '../events/catalog/index.ts';
import type { Standards } from '../events/catalog/organisation.ts';
import { uuidFromName } from '../events/ids.ts';
import { fullReport } from '../test/api/reportFixtures.ts';
import { sqlSpec, stored, treeGiven } from '../test/spec.ts';
import { bulletinDay, ranking, WEIGHTS } from './campaignBulletin.ts';
import { campaigns } from './campaigns.ts';
import { monthlyReports } from './monthlyReports.ts';
import { monthlyReportsOf } from './monthlyReportsRead.ts';

const id = (name: string) => uuidFromName(`bulletin-score-spec/${name}`);
const [province, city, county, townA, townB, campaignId] = ['province', 'city', 'county', '甲镇', '乙镇', 'campaign'].map(id) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const full: Standards = {
  registration: { document: true, filing: true, plaque: true },
  fiveHas: { venue: true, supplies: true, rules: true, divisionOfWork: true, workPlan: true },
  fourHas: { organisation: true, venue: true, activities: true, results: true },
  sixHas: ['organisation', 'venue', 'rules', 'activities', 'funding', 'results'],
};
const unit = (
  unitId: string,
  kind: 'province' | 'city' | 'county' | 'township' | 'organisation',
  parentId: string | null,
  name: string,
  on = '2025-03-01',
): DomainEvent => ({
  type: 'UnitOpened',
  data: {
    unitId,
    kind,
    parentId,
    name,
    code: null,
    on,
    // No population: the 2345 total is not known, so the targets average two parts, not three.
    township: kind === 'township' ? { population: null, committeeMembers: 5, annualFunding: null } : null,
    organisation: kind === 'organisation' ? { field: 'enterprise', buildingMode: 'independent' } : null,
  },
});
const phases: Array<{ key: PhaseKey; start: string; end: string }> = [
  { key: 'survey', start: '2026-06-18', end: '2026-07-05' },
  { key: 'mobilise', start: '2026-07-06', end: '2026-08-31' },
  { key: 'summarise', start: '2026-09-01', end: '2026-09-30' },
];
/** The 100-day drive of 2026 as its template declares it (written out: the spec reads no template). */
const deadlines: Array<{ kind: DeliverableKind; phase: PhaseKey; due: string }> = [
  { kind: 'baseline', phase: 'survey', due: '2026-07-05' },
  { kind: 'rectification', phase: 'survey', due: '2026-07-05' },
  { kind: 'case', phase: 'summarise', due: '2026-09-20' },
  { kind: 'summary', phase: 'summarise', due: '2026-09-25' },
  { kind: 'tables', phase: 'summarise', due: '2026-09-25' },
];
const branch = (i: number) => id(`甲镇/${i}`);

/** Each event with the server time it arrived at (the device said the same). */
const events: Array<[DomainEvent, string]> = [];
const at = (day: string) => `${day}T02:00:00.000Z`;
const add = (event: DomainEvent, day = '2026-06-01') => events.push([event, at(day)]);
add(unit(province, 'province', null, '示范省'));
add(unit(city, 'city', province, '示范市'));
add(unit(county, 'county', city, '示范县'));
add(unit(townA, 'township', county, '甲镇'));
add(unit(townB, 'township', county, '乙镇'));
// 甲镇: 16 directly affiliated organisations meeting the standard, 8 of them opened in the drive (new).
for (let i = 0; i < 16; i++) {
  const opened = i < 8 ? '2026-07-01' : '2025-03-01';
  add(unit(branch(i), 'organisation', townA, `甲镇直属团组织${i}`, opened), opened < '2026-06-01' ? '2026-06-01' : opened);
  add({ type: 'StandardsRecorded', data: { unitId: branch(i), standards: full, on: '2026-07-01' } }, '2026-07-01');
}
add(
  { type: 'CampaignDeclared', data: { campaignId, unitId: county, name: '百日集中行动', template: 'hundredDays', phases, deadlines, newSince: '2026-06-18' } },
  '2026-06-17',
);
const deliver = (content: DeliverableContent, day: string) =>
  add(
    {
      type: 'DeliverableSubmitted',
      data: { campaignId, unitId: townA, submissionId: id(`甲镇/${content.kind}`), content, supersedes: null, submittedAt: at(day) },
    },
    day,
  );
deliver({ kind: 'baseline', month: '2026-06', classes: [{ unitId: branch(8), healthClass: 'consolidate' }] }, '2026-07-03');
deliver({ kind: 'rectification', branches: [], plan: '逐个支部排查问题,明确责任人和整改时限。' }, '2026-07-08');
// July's reports (due 5 August): 10 in by then, 4 of them using the work manual; 2 on 6 August; 4 never.
const report = (i: number, day: string, workManualInUse: boolean) =>
  add(
    {
      type: 'MonthlyReportSubmitted',
      data: {
        reportId: id(`甲镇/${i}/2026-07`),
        unitId: branch(i),
        month: '2026-07',
        report: fullReport('2026-07', { workManualInUse }),
        supersedes: null,
        submittedAt: at(day),
      },
    },
    day,
  );
for (let i = 0; i < 10; i++) report(i, i < 5 ? '2026-08-01' : '2026-08-05', i < 4);
for (let i = 10; i < 12; i++) report(i, '2026-08-06', true);

describe('the bulletin’s score (campaignBulletin.ts)', () => {
  it('weighs deliverables 0.4, targets 0.3, reporting 0.2 and the work manual 0.1', () => {
    expect(WEIGHTS).toEqual({ deliverables: 0.4, targets: 0.3, reporting: 0.2, workManual: 0.1 });
  });

  it('given 甲镇’s drive as of July’s bulletin (published 10 August), then its exact score and each part', () => {
    const recorded = events.map(([event, serverTime], i) => stored(event, BigInt(i + 1), 'spec-1', serverTime));
    const tree = treeGiven(recorded);
    const reports = monthlyReportsOf(sqlSpec(monthlyReports).given(recorded));
    const state = campaigns.read(campaigns.prepare(sqlSpec(campaigns).given(recorded)));
    // The bulletin stands at July's due day, 5 August: what had arrived by the end of that day counts.
    expect(bulletinDay('2026-07', '2026-08-10', 5)).toBe('2026-08-05');
    const rows = ranking(tree, reports, state, state.campaigns.get(campaignId)!, county, '2026-07', '2026-08-10');
    // deliverables: of those due by 5 August (baseline and rectification, due 5 July) the baseline
    //   came on time (1), the rectification list late on 8 July (½): (1 + 0.5) / 2 = 0.75.
    // targets: 16 counted of the 20 directly affiliated (0.8), 8 new of the 20 new (0.4), the total
    //   unknown without a population: (0.8 + 0.4) / 2 = 0.6.
    // reporting: 10 of the 16 expected on time by 5 August (the 2 of 6 August come too late) = 0.625.
    // work manual: 4 of the 16 use it = 0.25, against the 50 % target during the drive = 0.5.
    // score = 100 × (0.4 × 0.75 + 0.3 × 0.6 + 0.2 × 0.625 + 0.1 × 0.5) = 100 × (0.3 + 0.18 + 0.125 + 0.05) = 65.5.
    // 乙镇 has no organisations and sent nothing: both deliverables overdue (0), no targets met (0),
    //   nothing expected (reporting and work manual 0): 0, and with two units the last is called in.
    expect(rows).toEqual([
      { unitId: townA, name: '甲镇', score: 65.5, deliverables: 0.75, targets: 0.6, reporting: 0.625, workManual: 0.5, rank: 1, talk: false },
      { unitId: townB, name: '乙镇', score: 0, deliverables: 0, targets: 0, reporting: 0, workManual: 0, rank: 2, talk: true },
    ]);
  });
});
