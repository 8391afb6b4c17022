/**
 * The drive's deliverable counts kept per unit (at every level) as events arrive, against the
 * deliverables read one by one as of the day — and each township's targets from the facts kept
 * per organisation, against the organisations read one by one: the timeline of every unit of a generated
 * province must be the same both ways, at the start and after submissions, decisions, a moved
 * deadline, townships and counties moving and a township closing. On a day before the last
 * change, the counts do not hold and the timeline reads the deliverables as of that day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProvince, type GeneratedProvince } from '../../bench/generate.ts';
import { encode, type DomainEvent } from '../../events/catalog/index.ts';
import { uuidv7 } from '../../events/ids.ts';
import { addDays } from '../../projections/calendar.ts';
import { timeline } from '../../projections/campaignTimeline.ts';
import { townshipsUnder, townshipTargets } from '../../projections/campaignTargets.ts';
import { ranking } from '../../projections/campaignBulletin.ts';
import { monthlyReportsOf } from '../../projections/monthlyReportsRead.ts';
import * as readModels from '../../projections/index.ts';
import { everyUnit } from '../spec.ts';
import { startTestApi } from './harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let province: GeneratedProvince;
const asOf = '2026-10-20';

beforeAll(async () => {
  // The generated province's today, in the evening: everything generated was known by then.
  api = await startTestApi({}, { now: `${asOf}T20:00:00+08:00` });
  // Two cities, so a county can move between them.
  province = await generateProvince(
    api.runtime.store,
    { cities: 2, countiesPerCity: 2, townshipsPerCounty: 3, organisationsPerTownship: 6, months: 3, researchTeams: 1 },
    11,
    () => {},
    { asOf },
  );
  await api.runtime.runner.waitFor((await api.runtime.store.lastPosition())!, 10_000);
}, 60_000);
afterAll(() => api.close());

const tree = () => api.runtime.runner.state(readModels.organisationTree);
const campaigns = () => api.runtime.runner.state(readModels.campaigns);

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

/** Every unit above the branches: the timeline from the kept counts equals the one read deliverable by deliverable. */
function expectSameTimelines(today: string) {
  const state = campaigns();
  const campaign = state.campaigns.get(province.drive!.campaignId)!;
  expect(state.countsHoldOn(campaign.id, today)).toBe(true);
  const recounted = { ...state, countsHoldOn: () => false };
  let compared = 0;
  for (const unit of everyUnit(tree())) {
    if (unit.kind === 'organisation') continue;
    const kept = timeline(tree(), state, campaign, unit.id, today);
    const read = timeline(tree(), recounted, campaign, unit.id, today);
    expect(kept.totals, `totals of ${unit.id}`).toEqual(read.totals);
    expect(kept.rows, `rows of ${unit.id}`).toEqual(read.rows);
    compared++;
  }
  expect(compared).toBeGreaterThan(10);
  // Something is owed, in, returned and overdue somewhere: the comparison is not of empty tables.
  const totals = timeline(tree(), state, campaign, province.provinceId, today).totals;
  for (const status of ['approved', 'submitted', 'returned', 'overdue'] as const)
    expect(
      totals.some((kind) => kind[status] > 0),
      status,
    ).toBe(true);
}

describe("the drive's deliverable counts against the deliverables read one by one", () => {
  it('the bulletin of every unit ranks its children the same from the kept counts as from each report, deliverable and organisation', async () => {
    const today = api.clock.today();
    const { campaignId } = province.drive!;
    const dueOfKind = (kind: string) =>
      campaigns()
        .campaigns.get(campaignId)!
        .deadlines.find((d) => d.kind === kind)!.due;
    // A case due yesterday, sent late today and returned (late and returned scores ¼, not ½); the summary due today (missing is still pending: 1).
    const township = province.townshipIds.find((id) => !campaigns().deliverables.get(`${campaignId}|case|${id}`))!;
    await append(`campaign-${campaignId}`, {
      type: 'CampaignDeadlineRescheduled',
      data: { campaignId, kind: 'case', from: dueOfKind('case'), to: addDays(today, -1), reason: '提前' },
    });
    await append(`campaign-${campaignId}`, {
      type: 'CampaignDeadlineRescheduled',
      data: { campaignId, kind: 'summary', from: dueOfKind('summary'), to: today, reason: '提前' },
    });
    await append(`deliverable-${township}`, {
      type: 'DeliverableSubmitted',
      data: {
        campaignId,
        unitId: township,
        submissionId: uuidv7(),
        content: { kind: 'case', title: '案例', text: '一段案例'.repeat(150), attachments: [] },
        supersedes: null,
        submittedAt: api.clock.now().toISOString(),
      },
    });
    await append(`deliverable-${township}`, {
      type: 'DeliverableReturned',
      data: { campaignId, unitId: township, kind: 'case', submissionId: uuidv7(), reason: '请补充' },
    });
    const state = campaigns();
    const campaign = state.campaigns.get(campaignId)!;
    const reports = monthlyReportsOf(api.runtime.runner.tables(readModels.monthlyReports));
    expect(state.countsHoldOn(campaign.id, today) && tree().factsHoldOn(today) && reports.allKnownBy(today)).toBe(true);
    const read = {
      tree: { ...tree(), factsHoldOn: () => false },
      reports: { ...reports, knownCountsOn: () => null, allKnownBy: () => false },
      campaigns: { ...state, countsHoldOn: () => false },
    };
    let ranked = 0;
    // This month's bulletin stands at today (its due day is to come); last month's at its due day.
    for (const month of [today.slice(0, 7), province.months.at(-1)!]) {
      for (const unit of everyUnit(tree())) {
        if (unit.kind === 'organisation' || unit.kind === 'township') continue;
        const kept = ranking(tree(), reports, state, campaign, unit.id, month, today);
        expect(kept, `${unit.id} ${month}`).toEqual(ranking(read.tree, read.reports, read.campaigns, campaign, unit.id, month, today));
        ranked += kept.length;
      }
    }
    expect(ranked).toBeGreaterThan(10);
  });

  it('the targets of every township from the kept facts agree with the organisations read one by one, through every kind of change', async () => {
    const today = api.clock.today();
    const campaign = () => campaigns().campaigns.get(province.drive!.campaignId)!;
    const reports = () => monthlyReportsOf(api.runtime.runner.tables(readModels.monthlyReports));
    const expectSameTargets = () => {
      expect(tree().factsHoldOn(today) && reports().allKnownBy(today)).toBe(true);
      const recounted = { ...tree(), factsHoldOn: () => false };
      const list = townshipsUnder(tree(), province.provinceId, today);
      expect(list.length).toBeGreaterThan(5);
      for (const township of list) {
        expect(townshipTargets(tree(), reports(), campaign(), township, today), township.id).toEqual(
          townshipTargets(recounted, reports(), campaign(), township, today),
        );
      }
      return list.map((township) => townshipTargets(tree(), reports(), campaign(), township, today));
    };
    const before = expectSameTargets();
    // Some organisations count and some are new: the comparison is not of zeros.
    expect(before.some((t) => t.direct.counted > 0 && t.direct.newRecorded > 0 && t.village > 0)).toBe(true);
    const [township, other] = tree()
      .children.get(province.countyIds[1]!)!
      .filter((id) => tree().units.get(id)!.kind === 'township') as [string, string];
    const orgs = [...tree().children.get(township)!].filter((id) => tree().units.get(id)!.kind === 'organisation');
    const all = {
      registration: { document: true, filing: true, plaque: true },
      fiveHas: { venue: true, supplies: true, rules: true, divisionOfWork: true, workPlan: true },
      fourHas: { organisation: true, venue: true, activities: true, results: true },
      sixHas: ['organisation', 'venue'],
    };
    const changes: Array<[string, DomainEvent]> = [
      [`unit-${orgs[0]}`, { type: 'StandardsRecorded', data: { unitId: orgs[0]!, standards: all, on: addDays(today, -3) } }],
      [
        `unit-${orgs[1]}`,
        { type: 'UnitReclassified', data: { unitId: orgs[1]!, organisation: { field: 'village', buildingMode: 'independent' }, on: addDays(today, -2) } },
      ],
      [`unit-${orgs[2]}`, { type: 'UnitMoved', data: { unitId: orgs[2]!, fromParentId: township, toParentId: other, on: addDays(today, -30) } }],
      [`unit-${orgs[3]}`, { type: 'UnitClosed', data: { unitId: orgs[3]!, on: addDays(today, -1), reason: '撤并' } }],
      [
        `six-has-${province.provinceId}`,
        {
          type: 'SixHasConfigured',
          data: {
            provinceId: province.provinceId,
            items: [
              { key: 'organisation', zh: '有健全的组织', en: 'Organisation' },
              { key: 'venue', zh: '有活动阵地', en: 'Venue' },
            ],
          },
        },
      ],
      [
        `unit-${township}`,
        { type: 'UnitMoved', data: { unitId: township, fromParentId: province.countyIds[1]!, toParentId: province.countyIds[2]!, on: addDays(today, -5) } },
      ],
    ];
    for (const [stream, event] of changes) {
      await append(stream, event);
      expectSameTargets();
    }
    // Only the province's two items now: more branches have them all.
    expect(expectSameTargets().reduce((sum, t) => sum + t.sixHas.count, 0)).toBeGreaterThan(before.reduce((sum, t) => sum + t.sixHas.count, 0));
    // Standards dated after today: the facts no longer hold for today, and the targets read the organisations as of then.
    await append(`unit-${orgs[4]}`, { type: 'StandardsRecorded', data: { unitId: orgs[4]!, standards: all, on: addDays(today, 2) } });
    expect(tree().factsHoldOn(today)).toBe(false);
  }, 120_000);
  it('agree for every unit of a generated province, and after every kind of change', async () => {
    expect(province.drive).not.toBeNull();
    const today = api.clock.today();
    expectSameTimelines(today);
    const { campaignId } = province.drive!;
    const state = campaigns();
    const campaign = state.campaigns.get(campaignId)!;
    const [township, other] = province.townshipIds as [string, string];
    const parentOf = (id: string) => tree().units.get(id)!.parents.at(-1)!.value!;
    const missing = (kind: 'case' | 'summary') => province.townshipIds.find((id) => !state.deliverables.get(`${campaignId}|${kind}|${id}`))!;
    const late = missing('case');
    const changes: Array<[string, DomainEvent]> = [
      [
        `deliverable-${late}`,
        {
          type: 'DeliverableSubmitted',
          data: {
            campaignId,
            unitId: late,
            submissionId: uuidv7(),
            content: { kind: 'case', title: '案例', text: '一段案例'.repeat(150), attachments: [] },
            supersedes: null,
            submittedAt: api.clock.now().toISOString(),
          },
        },
      ],
      [`deliverable-${late}`, { type: 'DeliverableReturned', data: { campaignId, unitId: late, kind: 'case', submissionId: uuidv7(), reason: '请补充' } }],
      [
        `campaign-${campaignId}`,
        {
          type: 'CampaignDeadlineRescheduled',
          data: { campaignId, kind: 'case', from: campaign.deadlines.find((d) => d.kind === 'case')!.due, to: addDays(today, 3), reason: '延期' },
        },
      ],
      [
        `unit-${other}`,
        { type: 'UnitMoved', data: { unitId: other, fromParentId: parentOf(other), toParentId: province.countyIds.at(-1)!, on: addDays(today, -40) } },
      ],
      [
        `unit-${province.countyIds[0]}`,
        {
          type: 'UnitMoved',
          data: {
            unitId: province.countyIds[0]!,
            fromParentId: parentOf(province.countyIds[0]!),
            toParentId: province.cityIds.at(-1)!,
            on: addDays(today, -2),
          },
        },
      ],
      [`unit-${township}`, { type: 'UnitClosed', data: { unitId: township, on: addDays(today, -1), reason: '撤并' } }],
    ];
    for (const [stream, event] of changes) {
      await append(stream, event);
      expectSameTimelines(today);
    }
    // A day before the last change: the counts do not hold, and the timeline reads each deliverable as of then.
    expect(campaigns().countsHoldOn(campaignId, addDays(today, -3))).toBe(false);
    // A unit dated to open after today: the counts hold from that day on only.
    await append(`unit-${uuidv7()}`, {
      type: 'UnitOpened',
      data: {
        unitId: uuidv7(),
        kind: 'township',
        parentId: province.countyIds[1]!,
        name: '新镇',
        code: null,
        on: addDays(today, 5),
        township: null,
        organisation: null,
      },
    });
    expect(campaigns().countsHoldOn(campaignId, today)).toBe(false);
    expect(campaigns().countsHoldOn(campaignId, addDays(today, 5))).toBe(true);
  }, 120_000);
});
