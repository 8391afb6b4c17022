/**
 * The drive as of any date, through the API: a county's 2026 drive, lived day by day on the
 * API's clock, then read back on 10/10 as it stood on earlier days — which phase was current,
 * what was due, submitted, late, returned or overdue, which targets counted, what waited in the
 * inbox, and which bulletin had been published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Auth } from './fixtures.ts';
import { send, startTestApi } from './harness.ts';
import { livePastDrive } from './pastDrive.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof livePastDrive>>['tree'];
let county: Auth;
let township: Auth;
let campaignId = '';

const get = (path: string, auth: Auth = county) => send(api.app, path, { headers: auth });

beforeAll(async () => {
  api = await startTestApi();
  ({ tree, county, township, campaignId } = await livePastDrive(api));
});
afterAll(() => api.close());

const cells = async (asOf: string) => {
  const { status, body } = await get(`/api/campaigns/${campaignId}/timeline?unit=${tree.township}&asOf=${asOf}`);
  expect(status).toBe(200);
  return { body, own: Object.fromEntries(body.own.map((cell: { kind: string }) => [cell.kind, cell])) };
};

describe('the timeline as of a day', () => {
  it('shows the phase current that day, at the source plan’s edges (7/5 survey, 7/6 mobilise)', async () => {
    const phases = async (asOf: string) => (await cells(asOf)).body.campaign.phases.map((phase: { status: string }) => phase.status);
    expect(await phases('2026-07-05')).toEqual(['current', 'upcoming', 'upcoming']);
    expect(await phases('2026-07-06')).toEqual(['done', 'current', 'upcoming']);
    expect(await phases('2026-09-21')).toEqual(['done', 'done', 'current']);
    expect((await cells('2026-09-21')).body).toMatchObject({ today: '2026-09-21', asOf: '2026-09-21' });
  });

  it('on 9/21 the case due 9/20 was overdue; it arrived on 9/23, late', async () => {
    expect((await cells('2026-09-20')).own.case).toMatchObject({ status: 'pending', due: '2026-09-20' });
    expect((await cells('2026-09-21')).own.case).toMatchObject({ status: 'overdue', due: '2026-09-20' });
    expect((await cells('2026-09-23')).own.case).toMatchObject({ status: 'submitted', late: true, submittedOn: '2026-09-23' });
  });

  it('shows the rectification list submitted late, returned, corrected and approved, each on its day', async () => {
    expect((await cells('2026-07-05')).own.rectification).toMatchObject({ status: 'pending', due: '2026-07-05' });
    expect((await cells('2026-07-06')).own.rectification).toMatchObject({ status: 'overdue' });
    expect((await cells('2026-07-08')).own.rectification).toMatchObject({ status: 'submitted', late: true });
    expect((await cells('2026-07-10')).own.rectification).toMatchObject({ status: 'returned' });
    expect((await cells('2026-07-13')).own.rectification).toMatchObject({ status: 'submitted' });
    expect((await cells('2026-07-15')).own.rectification).toMatchObject({ status: 'approved' });
    expect((await cells('2026-07-05')).own.baseline).toMatchObject({ status: 'submitted', late: false, submittedOn: '2026-07-03' });
  });

  it('a deadline moved on 9/22 counts from 9/22; the change is listed from then', async () => {
    expect((await cells('2026-09-21')).own.tables.due).toBe('2026-09-25');
    expect((await cells('2026-09-21')).body.campaign.changes).toEqual([]);
    expect((await cells('2026-09-22')).own.tables.due).toBe('2026-09-30');
    expect((await cells('2026-09-22')).body.campaign.changes).toEqual([expect.objectContaining({ what: 'deadline', key: 'tables', reason: '统计口径调整' })]);
  });

  it('a day before the drive was declared answers as if there were no drive; a day to come is refused on the field', async () => {
    expect((await get(`/api/campaigns/${campaignId}/timeline?asOf=2026-06-09`)).status).toBe(403);
    const future = await get(`/api/campaigns/${campaignId}/timeline?asOf=2026-10-11`);
    expect(future.status).toBe(400);
    expect(future.body.errors[0]).toMatchObject({ field: 'asOf', code: 'futureDate', message: '截至日期不能晚于今天(2026-10-10)' });
  });
});

describe('the other views as of a day', () => {
  it('the list of drives: which existed, and the phase current then', async () => {
    expect((await get('/api/campaigns?asOf=2026-06-09')).body.campaigns).toEqual([]);
    expect((await get('/api/campaigns?asOf=2026-07-06')).body.campaigns).toEqual([expect.objectContaining({ id: campaignId, currentPhase: 'mobilise' })]);
    expect((await get('/api/campaigns')).body.campaigns).toEqual([expect.objectContaining({ id: campaignId, currentPhase: null })]);
  });

  it('the targets counted the directly affiliated organisation only once its standards were recorded (8/1)', async () => {
    const targets = async (asOf: string) => (await get(`/api/campaigns/${campaignId}/targets?unit=${tree.county}&asOf=${asOf}`)).body.townships[0].direct;
    expect(await targets('2026-07-31')).toEqual({ recorded: 1, counted: 0, newRecorded: 1, newCounted: 0 });
    expect(await targets('2026-08-01')).toEqual({ recorded: 1, counted: 1, newRecorded: 1, newCounted: 1 });
  });

  it('the inbox held the baseline waiting and the list returned on 7/10; on 7/16 only the baseline', async () => {
    const inbox = async (asOf: string) => {
      const { body } = await get(`/api/inbox?asOf=${asOf}`);
      return {
        waiting: body.waiting.map((entry: { kind: string }) => entry.kind).sort(),
        returned: body.returned.map((entry: { kind: string }) => entry.kind),
      };
    };
    expect(await inbox('2026-07-02')).toEqual({ waiting: [], returned: [] });
    expect(await inbox('2026-07-10')).toEqual({ waiting: ['baseline'], returned: ['rectification'] });
    expect(await inbox('2026-07-16')).toEqual({ waiting: ['baseline'], returned: [] });
    expect(await inbox('2026-10-10')).toEqual({ waiting: ['baseline', 'case'], returned: [] });
  });

  it('a deliverable’s page shows the version in force that day, read back from the log, and offers no action', async () => {
    const page = async (asOf?: string) =>
      (await get(`/api/campaigns/${campaignId}/deliverables/${tree.township}${asOf ? `?asOf=${asOf}` : ''}`, township)).body;
    const onTenth = await page('2026-07-10');
    const list = onTenth.deliverables.find((d: { kind: string }) => d.kind === 'rectification');
    expect(list).toMatchObject({ status: 'returned', returnReason: '请写明整顿时限', content: { plan: '对东风村团支部制定整顿方案,七月底前完成换届。' } });
    expect(list.history).toHaveLength(1);
    expect(onTenth).toMatchObject({ asOf: '2026-07-10', maySubmit: false, mayDecide: false });
    const now = await page();
    expect(now.deliverables.find((d: { kind: string }) => d.kind === 'rectification')).toMatchObject({
      status: 'approved',
      content: { plan: expect.stringContaining('7月31日前') },
    });
    expect(now.maySubmit).toBe(true);
  });

  it('the bulletin of August stood at its due day (9/5) and was published on 9/10: before then, the preview', async () => {
    const bulletin = async (asOf: string) => (await get(`/api/campaigns/${campaignId}/bulletin?month=2026-08&asOf=${asOf}`)).body;
    expect(await bulletin('2026-09-09')).toMatchObject({ published: false, standsAt: '2026-09-05', mayPublish: false });
    expect(await bulletin('2026-09-10')).toMatchObject({ published: true, standsAt: '2026-09-05', note: '八月进度通报' });
  });
});
