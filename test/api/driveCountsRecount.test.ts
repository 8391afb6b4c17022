/**
 * The drive's deliverable counts kept per unit (at every level) as events arrive, against the
 * deliverables read one by one as of the day: the timeline of every unit of a generated
 * province must be the same both ways, at the start and after submissions, decisions, a moved
 * deadline, townships and counties moving and a township closing. On a day before the last
 * change, the counts do not hold and the timeline reads the deliverables as of that day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProvince, type GeneratedProvince } from '../../bench/generate.ts';
import { encode, type DomainEvent } from '../../events/catalog/index.ts';
import { uuidv7 } from '../../events/ids.ts';
import { addDays } from '../../projections/calendar.ts';
import type { CampaignsState } from '../../projections/campaigns.ts';
import { timeline } from '../../projections/campaignTimeline.ts';
import type { OrganisationTreeState } from '../../projections/organisationTree.ts';
import { everyUnit } from '../spec.ts';
import { startTestApi } from './harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let province: GeneratedProvince;
const asOf = '2026-10-20';

beforeAll(async () => {
  // The generated province's today, in the evening: everything generated was known by then.
  api = await startTestApi({}, { now: `${asOf}T20:00:00+08:00` });
  // Two cities, so a county can move between them.
  province = await generateProvince(api.runtime.store, { cities: 2, countiesPerCity: 2, townshipsPerCounty: 3, organisationsPerTownship: 6, months: 3, researchTeams: 1 }, 11, () => {}, { asOf });
  await api.runtime.runner.waitFor((await api.runtime.store.lastPosition())!, 10_000);
}, 60_000);
afterAll(() => api.close());

const tree = () => api.runtime.runner.state<OrganisationTreeState>('organisationTree');
const campaigns = () => api.runtime.runner.state<CampaignsState>('campaigns');

async function append(stream: string, event: DomainEvent) {
  const id = uuidv7();
  const result = await api.runtime.store.append(stream, [encode(event, id, { actor: 'test', correlationId: id, causationId: id, clientSubmissionId: id, clientTime: null, serverTime: api.clock.now().toISOString() })]);
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
  for (const status of ['approved', 'submitted', 'returned', 'overdue'] as const) expect(totals.some((kind) => kind[status] > 0), status).toBe(true);
}

describe('the drive\'s deliverable counts against the deliverables read one by one', () => {
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
      [`deliverable-${late}`, { type: 'DeliverableSubmitted', data: { campaignId, unitId: late, submissionId: uuidv7(), content: { kind: 'case', title: '案例', text: '一段案例'.repeat(150), attachments: [] }, supersedes: null, submittedAt: api.clock.now().toISOString() } }],
      [`deliverable-${late}`, { type: 'DeliverableReturned', data: { campaignId, unitId: late, kind: 'case', submissionId: uuidv7(), reason: '请补充' } }],
      [`campaign-${campaignId}`, { type: 'CampaignDeadlineRescheduled', data: { campaignId, kind: 'case', from: campaign.deadlines.find((d) => d.kind === 'case')!.due, to: addDays(today, 3), reason: '延期' } }],
      [`unit-${other}`, { type: 'UnitMoved', data: { unitId: other, fromParentId: parentOf(other), toParentId: province.countyIds.at(-1)!, on: addDays(today, -40) } }],
      [`unit-${province.countyIds[0]}`, { type: 'UnitMoved', data: { unitId: province.countyIds[0]!, fromParentId: parentOf(province.countyIds[0]!), toParentId: province.cityIds.at(-1)!, on: addDays(today, -2) } }],
      [`unit-${township}`, { type: 'UnitClosed', data: { unitId: township, on: addDays(today, -1), reason: '撤并' } }],
    ];
    for (const [stream, event] of changes) {
      await append(stream, event);
      expectSameTimelines(today);
    }
    // A day before the last change: the counts do not hold, and the timeline reads each deliverable as of then.
    expect(campaigns().countsHoldOn(campaignId, addDays(today, -3))).toBe(false);
    // A unit dated to open after today: the counts hold from that day on only.
    await append(`unit-${uuidv7()}`, { type: 'UnitOpened', data: { unitId: uuidv7(), kind: 'township', parentId: province.countyIds[1]!, name: '新镇', code: null, on: addDays(today, 5), township: null, organisation: null } });
    expect(campaigns().countsHoldOn(campaignId, today)).toBe(false);
    expect(campaigns().countsHoldOn(campaignId, addDays(today, 5))).toBe(true);
  }, 120_000);
});
