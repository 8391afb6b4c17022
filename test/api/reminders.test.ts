/**
 * Reminders (催报) through the API: reminding all missing branches of a township twice writes one
 * event; scope; the secretary's bell; the schedule's due-soon reminders and escalation at chosen
 * clock times, each once; a drive's deliverable reminded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduledReminders } from '../../api/reminders/schedule.ts';
import { uuidv7 } from '../../events/ids.ts';
import { declareDrive } from './campaignFixtures.ts';
import { buildProvince, inviteUser, openUnit, type Auth } from './fixtures.ts';
import { at, json, send, startTestApi, TEST_NOW } from './harness.ts';
import { fullReport } from './reportFixtures.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let township: Auth;
let county: Auth;
let secretary: Auth;
let secretary2: Auth;
let branch2 = '';
let branch3 = '';
const month = '2026-06';

const remindersWritten = async () => (await api.runtime.store.readAll({ maxCount: 1_000_000 })).filter((event) => event.type === 'ReminderSent');
const remind = (unitId: string, auth: Auth, body: Record<string, unknown> = {}) =>
  send(api.app, `/api/units/${unitId}/reminders`, json({ submissionId: uuidv7(), kind: 'monthlyReport', month, ...body }, auth));
const get = (path: string, auth: Auth) => send(api.app, path, { headers: auth });

beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
  branch2 = await openUnit(api, tree.admin, 'organisation', tree.township, '红旗村团支部', { organisation: { field: 'village', buildingMode: 'independent' } });
  branch3 = await openUnit(api, tree.admin, 'organisation', tree.township, '新华社区团支部', {
    organisation: { field: 'community', buildingMode: 'independent' },
  });
  township = await inviteUser(api, tree.admin, 'township1', 'manager', [tree.township]);
  county = await inviteUser(api, tree.admin, 'county1', 'manager', [tree.county]);
  secretary = await inviteUser(api, tree.admin, 'secretary1', 'secretary', [tree.branch]);
  secretary2 = await inviteUser(api, tree.admin, 'secretary2', 'secretary', [branch2]);
  await at(api, '2026-07-03T10:00:00+08:00', () =>
    send(api.app, `/api/units/${branch3}/reports`, json({ submissionId: uuidv7(), month, report: fullReport(month) }, tree.admin)),
  );
});
afterAll(() => api.close());

describe('催报 a month’s report', () => {
  it('reminds all missing branches of a township once a day: a second click and a retry write nothing', async () => {
    const request = { submissionId: uuidv7() };
    const first = await remind(tree.township, township, request);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ reminded: 2, recipients: 2, reminders: 1, alreadySent: 0 });
    expect(await remindersWritten()).toHaveLength(1);
    const [event] = await remindersWritten();
    expect(event!.data).toMatchObject({ kind: 'monthlyReport', unitId: tree.township, period: month, day: '2026-07-20', due: '2026-07-05', scheduled: false });
    expect((event!.data as { units: string[] }).units.sort()).toEqual([tree.branch, branch2].sort());

    const retry = await remind(tree.township, township, request);
    expect(retry.status).toBe(200);
    const again = await remind(tree.township, township);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ reminded: 0, recipients: 0, reminders: 0, alreadySent: 1 });
    // From the county above: its one township was reminded today already.
    expect((await remind(tree.county, county)).body).toMatchObject({ reminded: 0, alreadySent: 1 });
    expect(await remindersWritten()).toHaveLength(1);
  });

  it('a branch its township’s reminder covered today is not reminded again alone; one not yet reminded is; a branch that reported has nothing to remind; a month not over is refused', async () => {
    const covered = await remind(tree.branch, township);
    expect(covered.status).toBe(200);
    expect(covered.body).toMatchObject({ reminded: 0, recipients: 0, alreadySent: 1 });
    // May's report: not yet reminded of today.
    const one = await remind(tree.branch, township, { month: '2026-05' });
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({ reminded: 1, recipients: 1 });
    const reported = await remind(branch3, township);
    expect(reported.status).toBe(409);
    expect(reported.body.code).toBe('nothingToRemind');
    const notOver = await remind(tree.township, township, { month: '2026-07' });
    expect(notOver.status).toBe(400);
    expect(notOver.body.errors[0]).toMatchObject({ field: 'month', code: 'monthNotOver' });
  });

  it('outside one’s scope answers as what does not exist; a secretary may not remind', async () => {
    const outside = await remind(tree.otherTownship, township);
    const ghost = await remind(uuidv7(), township);
    expect(outside.status).toBe(403);
    expect(outside.body).toEqual(ghost.body);
    expect((await remind(tree.branch, secretary)).status).toBe(403);
  });
});

describe('the bell', () => {
  it('a secretary sees the notification and the unread count; it falls after reading', async () => {
    const last = String(await api.runtime.store.lastPosition());
    const seen = await get(`/api/notifications?after=${last}`, secretary);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ unread: 2, total: 2 });
    const [newest, township1] = seen.body.notifications;
    expect(newest).toMatchObject({
      kind: 'monthlyReport',
      period: '2026-05',
      due: '2026-06-05',
      by: 'township1',
      read: false,
      unit: { id: tree.branch, name: '东风村团支部' },
    });
    // The township's reminder names only the secretary's own branch of those it covers.
    expect(township1).toMatchObject({ unit: { id: tree.township, visible: false }, units: [{ id: tree.branch, name: '东风村团支部' }], unitCount: 1 });
    expect((await get('/api/notifications/unread', secretary)).body.unread).toBe(2);
    expect((await get(`/api/notifications?after=${last}`, secretary2)).body.unread).toBe(1);

    const read = await send(api.app, '/api/notifications/read', json({ submissionId: uuidv7(), upTo: seen.body.latest }, secretary));
    expect(read.status).toBe(201);
    const after = await get(`/api/notifications?after=${read.body.position}`, secretary);
    expect(after.body.unread).toBe(0);
    expect(after.body.notifications.every((n: { read: boolean }) => n.read)).toBe(true);
    // Another's reading changes nothing of theirs.
    expect((await get(`/api/notifications?after=${read.body.position}`, secretary2)).body.unread).toBe(1);
  });

  it('reading "up to" a position past the newest reads only what has come', async () => {
    const read = await send(api.app, '/api/notifications/read', json({ submissionId: uuidv7(), upTo: '99999999' }, secretary2));
    expect(read.status).toBe(201);
    expect((await get(`/api/notifications?after=${read.body.position}`, secretary2)).body.unread).toBe(0);
    await remind(branch2, township, { month: '2026-05' });
    expect((await get(`/api/notifications?after=${await api.runtime.store.lastPosition()}`, secretary2)).body.unread).toBe(1);
  });
});

describe('the schedule', () => {
  it('three days before the due day: one reminder per township with missing branches; the day after: the township’s managers told; each once', async () => {
    // July's report of one branch came in early (on 20 July); the others have none.
    const reported = await send(
      api.app,
      `/api/units/${tree.branch}/reports`,
      json({ submissionId: uuidv7(), month: '2026-07', report: fullReport('2026-07') }, secretary),
    );
    expect(reported.status).toBe(201);
    const before = (await remindersWritten()).length;
    const run = (instant: string) => at(api, instant, () => runScheduledReminders(api.runtime, new Date(instant)));
    // July's reports are due on 5 August: nothing before 09:00 on the 2nd, nothing on other days.
    expect(await run('2026-08-02T08:30:00+08:00')).toEqual([]);
    expect(await run('2026-08-01T10:00:00+08:00')).toEqual([]);
    const soon = await run('2026-08-02T09:30:00+08:00');
    expect(soon.map((reminder) => [reminder.unitId, reminder.units, reminder.recipients]).sort()).toEqual(
      [
        [tree.township, 2, 1],
        [tree.otherTownship, 1, 0],
      ].sort(),
    );
    expect(await run('2026-08-02T15:00:00+08:00')).toEqual([]);
    expect(await run('2026-08-04T10:00:00+08:00')).toEqual([]);
    const escalated = await run('2026-08-06T09:05:00+08:00');
    expect(escalated.map((reminder) => [reminder.unitId, reminder.units, reminder.recipients]).sort()).toEqual(
      [
        [tree.township, 2, 1],
        [tree.otherTownship, 1, 0],
      ].sort(),
    );
    expect(await run('2026-08-06T18:00:00+08:00')).toEqual([]);
    const written = (await remindersWritten()).slice(before);
    expect(
      written.map((event) => [
        (event.data as { kind: string }).kind,
        (event.data as { scheduled: boolean }).scheduled,
        (event.metadata as { actor: string }).actor,
      ]),
    ).toEqual([
      ['monthlyReport', true, 'system'],
      ['monthlyReport', true, 'system'],
      ['escalation', true, 'system'],
      ['escalation', true, 'system'],
    ]);
    expect(written.filter((event) => (event.data as { kind: string }).kind === 'escalation').map((event) => (event.data as { due: string }).due)).toEqual([
      '2026-08-05',
      '2026-08-05',
    ]);
    const told = await get(`/api/notifications?after=${await api.runtime.store.lastPosition()}`, township);
    expect(told.body.notifications[0]).toMatchObject({ kind: 'escalation', period: '2026-07', by: null, scheduled: true, unitCount: 2 });
    api.clock.set(TEST_NOW);
  });
});

describe('催报 a drive’s deliverable', () => {
  it('the county reminds its township of the overdue baseline, once a day; a township cannot remind itself', async () => {
    const drive = await declareDrive(api, tree.admin, tree.county);
    const ask = (auth: Auth, body: Record<string, unknown>) =>
      send(api.app, `/api/campaigns/${drive}/reminders`, json({ submissionId: uuidv7(), kind: 'baseline', ...body }, auth));
    const first = await ask(county, { unitId: tree.township });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ reminded: 1, recipients: 1 });
    expect((await ask(county, { unitId: tree.township })).body).toMatchObject({ reminded: 0, alreadySent: 1 });
    // All of the county's area: its one township was reminded of the baseline today already.
    expect((await ask(county, { unitId: tree.county, all: true })).body).toMatchObject({ reminded: 0, alreadySent: 1 });
    expect((await ask(township, { unitId: tree.township })).status).toBe(403);
    expect((await ask(county, { unitId: tree.otherTownship })).status).toBe(403);
    const told = await get(`/api/notifications?after=${await api.runtime.store.lastPosition()}`, township);
    expect(told.body.notifications[0]).toMatchObject({ kind: 'deliverable', by: 'county1', campaign: { id: drive, deliverable: 'baseline' } });
  });

  it('the schedule reminds the units that owe a drive’s deliverable the days before its deadline, once', async () => {
    const drive = (await get('/api/campaigns', county)).body.campaigns[0].id as string;
    // driveAroundToday: the case (优秀案例) is due 20 days after TEST_NOW; REMINDER_DAYS_BEFORE is 3.
    const due = new Date(Date.parse(TEST_NOW) + 17 * 86_400_000);
    const day = due.toISOString().slice(0, 10);
    const run = (instant: string) => at(api, instant, () => runScheduledReminders(api.runtime, new Date(instant)));
    // The drive's reminder is the county's (the declaring committee's area); the month's escalations that day are the townships'.
    const ofDrive = (sent: Awaited<ReturnType<typeof run>>) => sent.filter((reminder) => reminder.unitId === tree.county);
    expect(ofDrive(await run(`${day}T08:00:00+08:00`))).toEqual([]);
    const sent = ofDrive(await run(`${day}T10:00:00+08:00`));
    expect(sent.map((reminder) => [reminder.unitId, reminder.units, reminder.recipients])).toEqual([[tree.county, 1, 1]]);
    expect(ofDrive(await run(`${day}T16:00:00+08:00`))).toEqual([]);
    const written = (await remindersWritten()).filter((event) => (event.data as { period: string }).period === `${drive}:case`);
    expect(
      written.map((event) => [
        (event.data as { scheduled: boolean }).scheduled,
        (event.metadata as { actor: string }).actor,
        (event.data as { units: string[] }).units,
      ]),
    ).toEqual([[true, 'system', [tree.township]]]);
    api.clock.set(TEST_NOW);
  });
});
