/**
 * 批量审核 of deliverables: a county approves twenty townships' summaries in one call, each at the
 * version it read; returns several with one reason; a retry writes nothing more; what lies outside
 * its scope answers as what does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { declareDrive, submitDeliverable } from './campaignFixtures.ts';
import { buildProvince, inviteUser, openUnit, type Auth } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let county: Auth;
let townshipManager: Auth;
let drive = '';
let otherDrive = '';
const townships: string[] = [];
const summary = '本镇百日集中行动期间新建直属团组织,开展五个一活动,整顿软弱涣散团支部。'.repeat(5);

beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
  county = await inviteUser(api, tree.admin, 'county1', 'manager', [tree.county]);
  townshipManager = await inviteUser(api, tree.admin, 'town1', 'manager', [tree.township]);
  townships.push(tree.township);
  for (let i = 1; i < 22; i++) townships.push(await openUnit(api, tree.admin, 'township', tree.county, `第${i}镇团委`));
  drive = await declareDrive(api, tree.admin, tree.county);
  otherDrive = await declareDrive(api, tree.admin, tree.otherCounty);
});
afterAll(() => api.close());

/** Each township submits its summary; the answer's submission id is the version an approver reads. */
async function summaries(units: string[], campaign = drive): Promise<Array<{ unitId: string; kind: 'summary'; version: string }>> {
  const items = [];
  for (const unitId of units) {
    const version = uuidv7();
    const sent = await submitDeliverable(api, tree.admin, campaign, unitId, { kind: 'summary', text: summary, submissionId: version });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    items.push({ unitId, kind: 'summary' as const, version });
  }
  return items;
}
const decide = (body: unknown, auth: Auth, campaign = drive) => send(api.app, `/api/campaigns/${campaign}/deliverable-decisions`, json(body, auth));
const inbox = async (auth: Auth) => (await send(api.app, '/api/inbox?limit=200', { headers: auth })).body;

describe('批量审核 of deliverables', () => {
  it('approves twenty in one call; a retry writes nothing more', async () => {
    const items = await summaries(townships.slice(0, 20));
    // The inbox gives each waiting deliverable the version a decision names.
    const waiting = (await inbox(county)).waiting.filter((entry: { campaignId: string }) => entry.campaignId === drive);
    expect(waiting.map((entry: { unitId: string; version: string }) => `${entry.unitId}:${entry.version}`).sort()).toEqual(
      items.map((item) => `${item.unitId}:${item.version}`).sort(),
    );
    const request = { submissionId: uuidv7(), decision: 'approve', items };
    const start = await api.runtime.store.lastPosition();
    const decided = await decide(request, county);
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ decided: 20, refused: 0 });
    const written = await api.runtime.store.lastPosition();
    expect(written! - start!).toBe(20n);
    // Sent again after a lost answer: the same receipts, not one event more.
    const again = await decide(request, county);
    expect(again.body).toMatchObject({ decided: 20, refused: 0 });
    expect(again.body.results.every((result: { duplicate: boolean }) => result.duplicate)).toBe(true);
    expect(await api.runtime.store.lastPosition()).toBe(written);
    const after = await send(api.app, `/api/inbox?limit=200&after=${decided.body.position}`, { headers: county });
    expect(after.body.waiting.filter((entry: { campaignId: string }) => entry.campaignId === drive)).toEqual([]);
    const page = await send(api.app, `/api/campaigns/${drive}/deliverables/${townships[3]}`, { headers: county });
    expect(page.body.deliverables.find((d: { kind: string }) => d.kind === 'summary')).toMatchObject({ status: 'approved' });
  });

  it('refuses, item by item, a version changed since it was read and a deliverable outside the drive; returns the rest with one reason', async () => {
    const items = await summaries(townships.slice(20, 22));
    // The second township corrects its summary after the county read it.
    await submitDeliverable(api, tree.admin, drive, items[1]!.unitId, { kind: 'summary', text: `${summary}补充。` });
    const [outside] = await summaries([tree.otherTownship], otherDrive);
    const noReason = await decide({ submissionId: uuidv7(), decision: 'return', items }, county);
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0]).toMatchObject({ field: 'reason', code: 'required' });
    const returned = await decide({ submissionId: uuidv7(), decision: 'return', reason: '请补充数据', items: [...items, outside!] }, county);
    expect(returned.status).toBe(200);
    expect(returned.body.results.map((r: { unitId: string; ok: boolean; code?: string }) => [r.unitId, r.ok, r.code ?? null])).toEqual([
      [items[0]!.unitId, true, null],
      [items[1]!.unitId, false, 'newerVersion'],
      [tree.otherTownship, false, 'forbidden'],
    ]);
    const first = await send(api.app, `/api/campaigns/${drive}/deliverables/${items[0]!.unitId}?after=${returned.body.position}`, { headers: county });
    expect(first.body.deliverables.find((d: { kind: string }) => d.kind === 'summary')).toMatchObject({ returnReason: '请补充数据' });
  });

  it('outside the approver’s scope answers as a drive that does not exist; a township manager cannot decide its own', async () => {
    const [item] = await summaries([tree.otherTownship], otherDrive);
    const outside = await decide({ submissionId: uuidv7(), decision: 'approve', items: [item] }, county, otherDrive);
    const none = await decide({ submissionId: uuidv7(), decision: 'approve', items: [item] }, county, uuidv7());
    expect(outside.status).toBe(403);
    expect([outside.status, outside.body]).toEqual([none.status, none.body]);
    // The level above decides: the township's own manager is refused item by item, and nothing is written.
    const version = uuidv7();
    expect((await submitDeliverable(api, tree.admin, drive, tree.township, { kind: 'tables', submissionId: version })).status).toBe(201);
    const start = await api.runtime.store.lastPosition();
    const mine = await decide({ submissionId: uuidv7(), decision: 'approve', items: [{ unitId: tree.township, kind: 'tables', version }] }, townshipManager);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ decided: 0, refused: 1 });
    expect(mine.body.results[0].code).toBe('forbidden');
    expect(await api.runtime.store.lastPosition()).toBe(start);
  });
});
