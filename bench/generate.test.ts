import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../events/store/sqlite.ts';
import { generateProvince, SIZES } from './generate.ts';

/** The log a generation writes, without the store's own clock. */
async function generated(seed: number, asOf: string) {
  const store = createSqliteStore(':memory:');
  const progress: number[] = [];
  const province = await generateProvince(store, 'demo', seed, (done) => progress.push(done), { asOf });
  const events = (await store.readAll()).map(({ created: _created, ...event }) => event);
  // A second run over the same store finds every event already there and writes nothing.
  const again = await generateProvince(store, 'demo', seed, () => {}, { asOf });
  const after = await store.lastPosition();
  await store.close();
  return { province, events, progress, again, after };
}

describe('the synthetic province', () => {
  it('is the same events with the same ids for the same seed, and resumes without writing twice', async () => {
    const a = await generated(7, '2026-10-20');
    const b = await generated(7, '2026-10-20');
    expect(b.events).toEqual(a.events);
    expect(a.events.length).toBe(a.province.events);
    expect(a.again.written).toBe(0);
    expect(a.after).toBe(BigInt(a.events.length));
    expect(a.progress[a.progress.length - 1]).toBe(a.province.events);
    const other = await generated(8, '2026-10-20');
    expect(other.events.map((e) => e.id)).not.toEqual(a.events.map((e) => e.id));
  });

  it('has what a first look needs: every kind of event, all three population bands, lateness and corrections', async () => {
    const { events, province } = await generated(2026, '2026-11-22');
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'UnitOpened',
      'StandardsRecorded',
      'AdministratorSetUp',
      'UserInvited',
      'InvitationAccepted',
      'MonthlyReportSubmitted',
      'MonthlyReportApproved',
      'ResearchRoundDeclared',
      'ResearchTeamFormed',
      'VisitItemRecorded',
      'CampaignDeclared',
      'DeliverableSubmitted',
      'DeliverableApproved',
      'BulletinPublished',
    ]) {
      expect(types, type).toContain(type);
    }
    const populations = events
      .filter((e) => e.type === 'UnitOpened' && (e.data as { kind: string }).kind === 'township')
      .map((e) => (e.data as { township: { population: number } }).township.population);
    expect(populations.some((p) => p < 50_000) && populations.some((p) => p >= 50_000 && p <= 100_000)).toBe(true);
    expect(province.months).toHaveLength(SIZES.demo.months);
    expect(province.townshipIds).toHaveLength(6);
    const reports = events
      .filter((e) => e.type === 'MonthlyReportSubmitted')
      .map((e) => e.data as { month: string; submittedAt: string; supersedes: string | null });
    expect(reports.some((r) => r.supersedes !== null)).toBe(true);
    expect(reports.some((r) => r.submittedAt.slice(0, 10) > `${r.month.slice(0, 5)}${String((Number(r.month.slice(5)) % 12) + 1).padStart(2, '0')}-05`)).toBe(
      true,
    );
  });
});
