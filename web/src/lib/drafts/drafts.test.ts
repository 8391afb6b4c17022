/**
 * Drafts with an in-memory store and a hand-driven clock: kept per user and form, replaced as
 * typing goes on, never shown to another user of the device, dropped after 60 days.
 */
import { describe, expect, it } from 'vitest';
import { createDrafts, DRAFT_MAX_AGE_MS } from './drafts.ts';
import { memoryDraftStore } from './memoryStore.ts';

const DAY = 24 * 3600_000;
const REPORT = '/units/u1/reports?month=2026-11';

function setup() {
  let time = Date.parse('2026-12-05T02:31:00Z');
  const store = memoryDraftStore();
  const drafts = createDrafts({ store, now: () => time });
  return { store, drafts, advance: (ms: number) => (time += ms) };
}

describe('drafts', () => {
  it('keeps the latest fields of a form, with when they were saved', async () => {
    const { drafts, store, advance } = setup();
    await drafts.save('liu', REPORT, { 'activity-title': '青年' });
    advance(5_000);
    await drafts.save('liu', REPORT, { 'activity-title': '青年志愿服务日', volunteers: '8' });
    expect(store.drafts.size).toBe(1);
    expect(await drafts.find('liu', REPORT)).toMatchObject({
      owner: 'liu',
      key: REPORT,
      values: { 'activity-title': '青年志愿服务日', volunteers: '8' },
      savedAt: '2026-12-05T02:31:05.000Z',
    });
  });

  it('keeps one draft per form: another month or another visit is its own', async () => {
    const { drafts } = setup();
    await drafts.save('liu', REPORT, { volunteers: '8' });
    await drafts.save('liu', '/units/u1/reports?month=2026-10', { volunteers: '3' });
    await drafts.save('liu', '/research/teams/t1/visit', { note: '走访' });
    expect((await drafts.find('liu', REPORT))!.values).toEqual({ volunteers: '8' });
    expect((await drafts.find('liu', '/units/u1/reports?month=2026-10'))!.values).toEqual({ volunteers: '3' });
    expect((await drafts.find('liu', '/research/teams/t1/visit'))!.values).toEqual({ note: '走访' });
    expect(await drafts.find('liu', '/units/u2/reports?month=2026-11')).toBeUndefined();
  });

  it("never shows one user's draft to another user of the same device", async () => {
    const { drafts } = setup();
    await drafts.save('liu', REPORT, { volunteers: '8' });
    expect(await drafts.find('zhao', REPORT)).toBeUndefined();
    expect(await drafts.find(null, REPORT)).toBeUndefined();
    await drafts.save('zhao', REPORT, { volunteers: '1' });
    expect((await drafts.find('liu', REPORT))!.values).toEqual({ volunteers: '8' });
    expect((await drafts.find('zhao', REPORT))!.values).toEqual({ volunteers: '1' });
  });

  it('discards a draft (sent, queued, or given up), leaving the others', async () => {
    const { drafts, store } = setup();
    await drafts.save('liu', REPORT, { volunteers: '8' });
    await drafts.save('zhao', REPORT, { volunteers: '1' });
    await drafts.discard('liu', REPORT);
    expect(await drafts.find('liu', REPORT)).toBeUndefined();
    expect(store.drafts.size).toBe(1);
    await drafts.discard('liu', REPORT); // twice is harmless
  });

  it('drops drafts older than 60 days: not offered, and pruned for every user', async () => {
    const { drafts, store, advance } = setup();
    expect(DRAFT_MAX_AGE_MS).toBe(60 * DAY);
    await drafts.save('liu', REPORT, { volunteers: '8' });
    await drafts.save('zhao', '/research/teams/t1/visit', { note: '走访' });
    advance(30 * DAY);
    await drafts.save('zhao', REPORT, { volunteers: '1' });
    advance(30 * DAY);
    expect(await drafts.find('liu', REPORT)).toBeDefined(); // exactly 60 days: still kept
    advance(1);
    expect(await drafts.find('liu', REPORT)).toBeUndefined();
    expect(store.drafts.size).toBe(2); // the one found too old is gone
    expect(await drafts.prune()).toBe(1);
    expect([...store.drafts.values()].map((draft) => draft.owner)).toEqual(['zhao']);
    expect(await drafts.find('zhao', REPORT)).toBeDefined();
  });

  it('takes a draft with an unreadable time as too old', async () => {
    const { drafts, store } = setup();
    await store.put({ id: ' /x', owner: null, key: '/x', values: {}, savedAt: 'garbled' });
    expect(await drafts.find(null, '/x')).toBeUndefined();
    expect(store.drafts.size).toBe(0);
  });
});
