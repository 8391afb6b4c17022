/**
 * The drive's rules, given recorded facts: the 2345 targets at each population band edge, what
 * counts as a directly affiliated organisation, the timeline's statuses, the bulletin's ranking
 * and the frozen published bulletin.
 */
import { describe, expect, it } from 'vitest';
import { hundredDaysTemplate } from '../events/catalog/campaignTemplate.ts';
import type { DeliverableContent } from '../events/catalog/campaign.ts';
import type { DomainEvent } from '../events/catalog/index.ts';
import type { Standards } from '../events/catalog/organisation.ts';
import { uuidFromName } from '../events/ids.ts';
import { fullReport } from '../test/api/reportFixtures.ts';
import { sqlSpec, stored, treeGiven } from '../test/spec.ts';
import { chinaTime } from './calendar.ts';
import { levelOf, rankWithTies, ranking } from './campaignBulletin.ts';
import { bulletinRanks, ranksOf } from './bulletinRanks.ts';
import { campaignAsOf, campaigns, deliverableAsOf } from './campaigns.ts';
import { newTarget, totalTarget, townshipTargets, workManualMonths } from './campaignTargets.ts';
import { timeline } from './campaignTimeline.ts';
import { monthlyReports } from './monthlyReports.ts';
import { monthlyReportsOf } from './monthlyReportsRead.ts';

const id = (name: string) => uuidFromName(`campaign-spec/${name}`);
const campaignId = id('campaign');
const template = hundredDaysTemplate(2026);
const full: Standards = {
  registration: { document: true, filing: true, plaque: true },
  fiveHas: { venue: true, supplies: true, rules: true, divisionOfWork: true, workPlan: true },
  fourHas: { organisation: true, venue: true, activities: true, results: true },
  sixHas: ['organisation', 'venue', 'rules', 'activities', 'funding', 'results'],
};

function open(
  unitId: string,
  kind: 'province' | 'city' | 'county' | 'township' | 'organisation',
  parentId: string | null,
  name: string,
  extra: { on?: string; population?: number | null; members?: number | null; field?: 'village' | 'enterprise' } = {},
): DomainEvent {
  return {
    type: 'UnitOpened',
    data: {
      unitId,
      kind,
      parentId,
      name,
      code: null,
      on: extra.on ?? '2026-01-01',
      township: kind === 'township' ? { population: extra.population ?? null, committeeMembers: extra.members ?? null, annualFunding: null } : null,
      organisation: kind === 'organisation' ? { field: extra.field ?? 'enterprise', buildingMode: 'independent' } : null,
    },
  };
}

/** A township with `direct` directly affiliated organisations meeting the standard, `fresh` of them opened in the drive. */
function township(name: string, county: string, population: number | null, direct: number, fresh = 0, members: number | null = 5): DomainEvent[] {
  const townshipId = id(name);
  const events: DomainEvent[] = [open(townshipId, 'township', county, name, { population, members })];
  for (let i = 0; i < direct; i++) {
    const unitId = id(`${name}/${i}`);
    events.push(open(unitId, 'organisation', townshipId, `${name}直属团组织${i}`, { on: i < fresh ? '2026-07-01' : '2025-03-01' }));
    events.push({ type: 'StandardsRecorded', data: { unitId, standards: full, on: '2026-07-01' } });
  }
  return events;
}

function fold(events: DomainEvent[]) {
  const recorded = events.map((event, i) => stored(event, BigInt(i + 1)));
  return {
    tree: treeGiven(recorded),
    reports: monthlyReportsOf(sqlSpec(monthlyReports).given(recorded)),
    campaigns: campaigns.read(campaigns.prepare(sqlSpec(campaigns).given(recorded))),
  };
}

const province = id('province');
const city = id('city');
const county = id('county');
const declared: DomainEvent = { type: 'CampaignDeclared', data: { campaignId, unitId: city, name: '百日集中行动', template: 'hundredDays', ...template } };
const skeleton = [open(province, 'province', null, '示范省'), open(city, 'city', province, '示范市'), open(county, 'county', city, '示范县')];

describe('the 2345 rule (targets from recorded facts)', () => {
  it.each([
    [49_999, 30],
    [50_000, 40],
    [100_000, 40],
    [100_001, 50],
    [0, 30],
  ])('a township of %i people must have at least %i', (population, expected) => {
    expect(totalTarget(population)).toBe(expected);
    const facts = fold([...skeleton, ...township('镇', county, population, 0), declared]);
    const targets = townshipTargets(facts.tree, facts.reports, facts.campaigns.campaigns.get(campaignId)!, facts.tree.units.get(id('镇'))!, '2026-08-01');
    expect(targets.targets.total).toBe(expected);
  });

  it('has no total target while the population is not recorded', () => {
    expect(totalTarget(null)).toBeNull();
  });

  it('asks ≥ 20 new ones, or 2 per committee member when that is more', () => {
    expect(newTarget(null)).toBe(20);
    expect(newTarget(10)).toBe(20);
    expect(newTarget(11)).toBe(22);
  });

  it('given a township of 49,999 with 30 organisations meeting the standard, 20 of them new, when measured, then every target is met', () => {
    const facts = fold([...skeleton, ...township('达标镇', county, 49_999, 30, 20, 10), declared]);
    const t = townshipTargets(facts.tree, facts.reports, facts.campaigns.campaigns.get(campaignId)!, facts.tree.units.get(id('达标镇'))!, '2026-08-01');
    expect(t.direct).toEqual({ recorded: 30, counted: 30, newRecorded: 20, newCounted: 20 });
    expect(t.met).toEqual({ direct: true, new: true, total: true });
    expect(t.sixHas).toEqual({ count: 30, of: 30, share: 1 });
  });

  it('given the same township at 50,000 people, then the total of 40 is not met', () => {
    const facts = fold([...skeleton, ...township('达标镇', county, 50_000, 30, 20, 10), declared]);
    const t = townshipTargets(facts.tree, facts.reports, facts.campaigns.campaigns.get(campaignId)!, facts.tree.units.get(id('达标镇'))!, '2026-08-01');
    expect(t.met).toEqual({ direct: true, new: true, total: false });
  });

  it('counts a directly affiliated organisation only when registered with all of the 五个有; village branches never', () => {
    const townshipId = id('镇');
    const facts = fold([
      ...skeleton,
      ...township('镇', county, 60_000, 1, 1),
      open(id('未挂牌'), 'organisation', townshipId, '未挂牌团支部', { on: '2026-07-01' }),
      {
        type: 'StandardsRecorded',
        data: { unitId: id('未挂牌'), standards: { ...full, registration: { document: true, filing: true, plaque: false } }, on: '2026-07-01' },
      },
      open(id('村'), 'organisation', townshipId, '东风村团支部', { field: 'village' }),
      { type: 'StandardsRecorded', data: { unitId: id('村'), standards: full, on: '2026-07-01' } },
      declared,
    ]);
    const t = townshipTargets(facts.tree, facts.reports, facts.campaigns.campaigns.get(campaignId)!, facts.tree.units.get(townshipId)!, '2026-08-01');
    expect(t.direct).toEqual({ recorded: 2, counted: 1, newRecorded: 2, newCounted: 1 });
    expect(t.village).toBe(1);
    expect(t.sixHas).toEqual({ count: 3, of: 3, share: 1 });
  });

  it('measures the work manual in the drive’s last month (≥ 50 %) and in December (≥ 70 %), or the latest month so far', () => {
    const campaign = fold([...skeleton, declared]).campaigns.campaigns.get(campaignId)!;
    expect(workManualMonths(campaign, '2026-08-10')).toEqual({ during: '2026-07', duringFinal: false, yearEnd: '2026-07', yearEndFinal: false });
    expect(workManualMonths(campaign, '2026-11-22')).toEqual({ during: '2026-09', duringFinal: true, yearEnd: '2026-10', yearEndFinal: false });
    expect(workManualMonths(campaign, '2027-01-10')).toEqual({ during: '2026-09', duringFinal: true, yearEnd: '2026-12', yearEndFinal: true });
  });
});

describe('the timeline and the bulletin', () => {
  const townships = ['甲镇', '乙镇', '丙镇', '丁镇', '戊镇'];
  const base = [...skeleton, ...townships.flatMap((name, i) => township(name, county, 40_000, 30 - i * 6, 20 - i * 4)), declared];
  const submitted = (name: string, kind: 'summary', submittedAt: string): DomainEvent => ({
    type: 'DeliverableSubmitted',
    data: { campaignId, unitId: id(name), submissionId: id(`${name}/${kind}`), content: { kind, text: '总结'.repeat(60) }, supersedes: null, submittedAt },
  });

  it('shows each township’s deliverables as approved, submitted (late or not), overdue or pending on a day', () => {
    const facts = fold([
      ...base,
      submitted('甲镇', 'summary', '2026-09-20T02:00:00.000Z'),
      { type: 'DeliverableApproved', data: { campaignId, unitId: id('甲镇'), kind: 'summary', submissionId: id('甲镇/summary') } },
      submitted('乙镇', 'summary', '2026-09-27T02:00:00.000Z'),
    ]);
    // The spec's events were all received on 2026-06-18: the device time counts only within a month before.
    const view = timeline(facts.tree, facts.campaigns, facts.campaigns.campaigns.get(campaignId)!, county, '2026-09-26');
    expect(view.campaign.phases.map((phase) => phase.status)).toEqual(['done', 'done', 'current']);
    const summary = (name: string) => view.rows.find((row) => row.name === name)!.own.find((cell) => cell.kind === 'summary')!;
    expect(summary('甲镇').status).toBe('approved');
    expect(summary('丙镇').status).toBe('overdue');
    const before = timeline(facts.tree, facts.campaigns, facts.campaigns.campaigns.get(campaignId)!, county, '2026-09-24');
    expect(before.rows.find((row) => row.name === '丙镇')!.own.find((cell) => cell.kind === 'summary')!.status).toBe('pending');
    const summaryTotals = view.totals.find((k) => k.kind === 'summary')!;
    // The county owes its own summary too.
    expect(summaryTotals).toMatchObject({ owed: 6, approved: 1, submitted: 1, overdue: 4, worst: 'overdue' });
    // From the city, one row: the county, with its townships summed.
    const fromCity = timeline(facts.tree, facts.campaigns, facts.campaigns.campaigns.get(campaignId)!, city, '2026-09-26');
    expect(fromCity.rows.map((row) => row.name)).toEqual(['示范县']);
    expect(fromCity.rows[0]!.kinds.find((k) => k.kind === 'summary')).toMatchObject({ owed: 6, overdue: 4 });
  });

  it('ranks the townships by the documented score and flags the bottom three for a talk', () => {
    const reports: DomainEvent[] = townships.slice(0, 2).flatMap((name) =>
      Array.from(
        { length: 3 },
        (_, i): DomainEvent => ({
          type: 'MonthlyReportSubmitted',
          data: {
            reportId: id(`${name}/report/${i}`),
            unitId: id(`${name}/${i}`),
            month: '2026-07',
            report: fullReport('2026-07'),
            supersedes: null,
            submittedAt: '2026-06-18T08:00:00.000Z',
          },
        }),
      ),
    );
    const facts = fold([...base, ...reports]);
    const rows = ranking(facts.tree, facts.reports, facts.campaigns, facts.campaigns.campaigns.get(campaignId)!, county, '2026-07', '2026-08-10');
    expect(rows.map((row) => row.name)).toEqual(['甲镇', '乙镇', '丙镇', '丁镇', '戊镇']);
    expect(rows.map((row) => row.talk)).toEqual([false, false, true, true, true]);
    expect(rows[0]).toMatchObject({ rank: 1, targets: 1, reporting: 0.1 });
    expect(rows[0]!.score).toBeGreaterThan(rows[1]!.score);
  });

  it('keeps a published bulletin as it was published', () => {
    const rows = [{ unitId: id('甲镇'), name: '甲镇', rank: 1, score: 80, deliverables: 1, targets: 1, reporting: 0.5, workManual: 0.2, talk: false }];
    const facts = fold([...base, { type: 'BulletinPublished', data: { campaignId, unitId: county, month: '2026-07', asOf: '2026-07-31', rows, note: '' } }]);
    expect(facts.campaigns.bulletins.get(`${campaignId}|${county}|2026-07`)!.rows).toEqual(rows);
  });
});

describe('a bulletin at a level below the publisher (市/县/乡镇)', () => {
  // The city's drive: 示范县 with 甲镇 and 乙镇, 邻县 with 丙镇.
  const otherCounty = id('otherCounty');
  const delivered = (name: string, content: DeliverableContent): DomainEvent => ({
    type: 'DeliverableSubmitted',
    data: { campaignId, unitId: id(name), submissionId: id(`${name}/${content.kind}`), content, supersedes: null, submittedAt: '2026-06-18T02:00:00.000Z' },
  });
  const baseline: DeliverableContent = { kind: 'baseline', month: '2026-06', classes: [] };
  const rectification: DeliverableContent = { kind: 'rectification', branches: [], plan: '逐村排查,一村一策,限期整改到位。' };
  const events = [
    ...skeleton,
    open(otherCounty, 'county', city, '邻县'),
    ...township('甲镇', county, 40_000, 30, 20, 5),
    ...township('乙镇', county, 40_000, 12, 8, 5),
    ...township('丙镇', otherCounty, 120_000, 30, 10, 15),
    declared,
    delivered('甲镇', baseline),
    delivered('丙镇', baseline),
    delivered('丙镇', rectification),
  ];

  it('given townships with their targets and deliverables, when the city ranks the township level, then each township by its own area, in this order and with these scores', () => {
    const facts = fold(events);
    const rows = ranking(facts.tree, facts.reports, facts.campaigns, facts.campaigns.campaigns.get(campaignId)!, city, '2026-07', '2026-08-10', 'township');
    // 丙镇: both due deliverables in (1) and targets (1 + 10/30 + 30/50) / 3; 甲镇: one of two in, every target met; 乙镇: nothing in, (12/20 + 8/20 + 12/30) / 3.
    expect(rows.map(({ name, rank, score, deliverables, targets, talk }) => ({ name, rank, score, deliverables, targets, talk }))).toEqual([
      { name: '丙镇', rank: 1, score: 59.3, deliverables: 1, targets: 0.644, talk: false },
      { name: '甲镇', rank: 2, score: 50, deliverables: 0.5, targets: 1, talk: false },
      { name: '乙镇', rank: 3, score: 14, deliverables: 0, targets: 0.467, talk: true },
    ]);
  });

  it('by default ranks the direct children: the city its counties, each over its townships', () => {
    const facts = fold(events);
    const rows = ranking(facts.tree, facts.reports, facts.campaigns, facts.campaigns.campaigns.get(campaignId)!, city, '2026-07', '2026-08-10');
    expect(rows.map(({ name, score, deliverables }) => ({ name, score, deliverables }))).toEqual([
      { name: '邻县', score: 59.3, deliverables: 1 },
      { name: '示范县', score: 32, deliverables: 0.25 },
    ]);
    // The county ranks its townships, the same scores as in the city's township ranking.
    const fromCounty = ranking(facts.tree, facts.reports, facts.campaigns, facts.campaigns.campaigns.get(campaignId)!, county, '2026-07', '2026-08-10');
    expect(fromCounty.map(({ name, score }) => `${name} ${score}`)).toEqual(['甲镇 50', '乙镇 14']);
    // Nothing is below a township to rank.
    expect(ranking(facts.tree, facts.reports, facts.campaigns, facts.campaigns.campaigns.get(campaignId)!, id('甲镇'), '2026-07', '2026-08-10')).toEqual([]);
  });

  it('keeps the level in the published bulletin, and gives each ranked unit its rank, out of how many; a bulletin published before levels reads as the direct children', () => {
    const facts = fold(events);
    const rows = ranking(facts.tree, facts.reports, facts.campaigns, facts.campaigns.campaigns.get(campaignId)!, city, '2026-07', '2026-08-10', 'township');
    const published: DomainEvent[] = [
      { type: 'BulletinPublished', data: { campaignId, unitId: city, month: '2026-06', asOf: '2026-07-05', rows: rows.slice(0, 2), note: '' } },
      { type: 'BulletinPublished', data: { campaignId, unitId: city, month: '2026-07', asOf: '2026-08-05', rows, note: '', level: 'township' } },
    ];
    const after = fold([...events, ...published]);
    expect(levelOf(after.campaigns.bulletins.get(`${campaignId}|${city}|2026-07`)!, 'city')).toBe('township');
    expect(levelOf(after.campaigns.bulletins.get(`${campaignId}|${city}|2026-06`)!, 'city')).toBe('county');
    const db = sqlSpec(bulletinRanks).given([...events, ...published].map((event, i) => stored(event, BigInt(i + 1))));
    const ranks = ranksOf(db, id('乙镇'), {}, { limit: 10 });
    expect(ranks).toMatchObject({
      total: 1,
      nextCursor: null,
      ranks: [{ campaignId, publisherId: city, month: '2026-07', standsAt: '2026-08-05', level: 'township', rank: 3, of: 3, score: 14, talk: true }],
    });
    const both = ranksOf(db, id('丙镇'), { campaignId }, { limit: 1 });
    expect(both.ranks.map((rank) => [rank.month, rank.level, rank.rank, rank.of])).toEqual([['2026-07', 'township', 1, 3]]);
    expect(both.total).toBe(2);
    expect(ranksOf(db, id('丙镇'), {}, { limit: 1, cursor: both.nextCursor }).ranks.map((rank) => [rank.month, rank.level, rank.of])).toEqual([
      ['2026-06', null, 2],
    ]);
  });
});

describe('the 约谈 boundary (ties)', () => {
  const rows = (...scores: number[]) => scores.map((score, i) => ({ name: `单位${i}`, score }));
  const talks = (ranked: Array<{ talk: boolean }>) => ranked.map((row) => row.talk);
  it('flags every unit tied with the third from last, whatever their names', () => {
    expect(talks(rankWithTies(rows(90, 80, 70, 70, 60)))).toEqual([false, false, true, true, true]);
    expect(talks(rankWithTies(rows(90, 80, 80, 70, 60)))).toEqual([false, true, true, true, true]);
    expect(talks(rankWithTies(rows(90, 70, 70, 70, 70, 60)))).toEqual([false, true, true, true, true, true]);
  });
  it('gives tied units one rank', () => {
    expect(rankWithTies(rows(90, 80, 80, 70)).map((row) => row.rank)).toEqual([1, 2, 2, 4]);
  });
  it('flags the last of two or three (and whoever ties with it), and no one alone', () => {
    expect(talks(rankWithTies(rows(90, 70, 70)))).toEqual([false, true, true]);
    expect(talks(rankWithTies(rows(90, 80)))).toEqual([false, true]);
    expect(talks(rankWithTies(rows(70, 70, 70, 70)))).toEqual([true, true, true, true]);
    expect(talks(rankWithTies(rows(90)))).toEqual([false]);
  });
});

describe('the drive as of a past day', () => {
  // Events with the time the server took them (China time), as the log holds them.
  const at = (day: string, hour = 10) => chinaTime(day, hour);
  function foldAt(events: Array<[DomainEvent, string]>) {
    const recorded = events.map(([event, serverTime], i) => stored(event, BigInt(i + 1), `spec-${i}`, serverTime));
    return {
      tree: treeGiven(recorded),
      campaigns: campaigns.read(campaigns.prepare(sqlSpec(campaigns).given(recorded))),
    };
  }
  const town = id('as-of 镇');
  const submission = (n: number) => id(`as-of/summary/${n}`);
  const caseId = id('as-of/case');
  const summary = { kind: 'summary' as const, text: '总结'.repeat(60) };
  const caseContent = { kind: 'case' as const, title: '典型案例', text: '案例'.repeat(300), attachments: [] };
  const facts = foldAt([
    ...skeleton.map((event): [DomainEvent, string] => [event, at('2026-01-01')]),
    [open(town, 'township', county, '城关镇'), at('2026-01-01')],
    [declared, at('2026-06-10')],
    // The summary: submitted 9/10, returned 9/12, corrected 9/15, approved 9/18.
    [
      {
        type: 'DeliverableSubmitted',
        data: { campaignId, unitId: town, submissionId: submission(1), content: summary, supersedes: null, submittedAt: at('2026-09-10') },
      },
      at('2026-09-10'),
    ],
    [{ type: 'DeliverableReturned', data: { campaignId, unitId: town, kind: 'summary', submissionId: submission(1), reason: '请补充数据' } }, at('2026-09-12')],
    [
      {
        type: 'DeliverableSubmitted',
        data: { campaignId, unitId: town, submissionId: submission(2), content: summary, supersedes: submission(1), submittedAt: at('2026-09-15') },
      },
      at('2026-09-15'),
    ],
    [{ type: 'DeliverableApproved', data: { campaignId, unitId: town, kind: 'summary', submissionId: submission(2) } }, at('2026-09-18')],
    // The case, due 9/20, arrives on 9/23; on 9/22 the tables' deadline moved from 9/25 to 9/30.
    [
      { type: 'CampaignDeadlineRescheduled', data: { campaignId, kind: 'tables', from: '2026-09-25', to: '2026-09-30', reason: '统计口径调整' } },
      at('2026-09-22'),
    ],
    [
      {
        type: 'DeliverableSubmitted',
        data: { campaignId, unitId: town, submissionId: caseId, content: caseContent, supersedes: null, submittedAt: at('2026-09-23') },
      },
      at('2026-09-23'),
    ],
  ]);
  const stored_ = facts.campaigns.campaigns.get(campaignId)!;
  const cell = (day: string, kind: string) => {
    const campaign = campaignAsOf(stored_, day)!;
    return timeline(facts.tree, facts.campaigns, campaign, town, day).own.find((c) => c.kind === kind)!;
  };

  it('a drive declared later did not exist yet', () => {
    expect(campaignAsOf(stored_, '2026-06-09')).toBeNull();
    expect(campaignAsOf(stored_, '2026-06-10')).not.toBeNull();
  });

  it('shows the phase current that day', () => {
    const phases = (day: string) => timeline(facts.tree, facts.campaigns, campaignAsOf(stored_, day)!, town, day).campaign.phases.map((p) => p.status);
    expect(phases('2026-07-05')).toEqual(['current', 'upcoming', 'upcoming']);
    expect(phases('2026-07-06')).toEqual(['done', 'current', 'upcoming']);
    expect(phases('2026-09-21')).toEqual(['done', 'done', 'current']);
  });

  it('shows each deliverable as it stood: returned, corrected, approved', () => {
    expect(cell('2026-09-09', 'summary')).toMatchObject({ status: 'pending', submittedOn: null });
    expect(cell('2026-09-10', 'summary')).toMatchObject({ status: 'submitted', submittedOn: '2026-09-10' });
    expect(cell('2026-09-13', 'summary')).toMatchObject({ status: 'returned' });
    expect(cell('2026-09-16', 'summary')).toMatchObject({ status: 'submitted', late: false });
    expect(cell('2026-09-18', 'summary')).toMatchObject({ status: 'approved' });
  });

  it('on 9/21 the case due 9/20 was overdue; from 9/23 it is in, late', () => {
    expect(cell('2026-09-20', 'case')).toMatchObject({ status: 'pending', due: '2026-09-20' });
    expect(cell('2026-09-21', 'case')).toMatchObject({ status: 'overdue', due: '2026-09-20' });
    expect(cell('2026-09-23', 'case')).toMatchObject({ status: 'submitted', late: true, submittedOn: '2026-09-23' });
  });

  it('a deadline moved later applies from the day it was moved', () => {
    expect(cell('2026-09-21', 'tables').due).toBe('2026-09-25');
    expect(campaignAsOf(stored_, '2026-09-21')!.changes).toEqual([]);
    expect(cell('2026-09-22', 'tables').due).toBe('2026-09-30');
    expect(campaignAsOf(stored_, '2026-09-22')!.changes).toHaveLength(1);
  });

  it('a deliverable as of a day keeps only what had arrived', () => {
    const record = facts.campaigns.deliverables.get(`${campaignId}|summary|${town}`)!;
    expect(deliverableAsOf(record, '2026-09-09')).toBeUndefined();
    expect(deliverableAsOf(record, '2026-09-13')).toMatchObject({
      status: 'returned',
      returnReason: '请补充数据',
      history: [expect.objectContaining({ submissionId: submission(1) })],
    });
    expect(deliverableAsOf(record, '2026-09-30')).toBe(record);
  });
});
