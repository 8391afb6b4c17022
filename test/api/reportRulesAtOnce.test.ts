import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { buildProvince, inviteUser, type Auth } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';
import { fullReport } from './reportFixtures.ts';

// The API's clock stands at TEST_NOW (2026-07-20): June is the month being reported.
const month = '2026-06';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let secretary: Auth;
beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
  secretary = await inviteUser(api, tree.admin, 'sec1', 'secretary', [tree.branch]);
});
afterAll(() => api.close());

const submit = (report: unknown) => send(api.app, `/api/units/${tree.branch}/reports`, json({ submissionId: uuidv7(), month, report }, secretary));
const byField = (body: { errors: { field: string; message: string }[] }) => Object.fromEntries(body.errors.map((error) => [error.field, error.message]));

describe('a report’s mistakes, all at once', () => {
  it('format errors and the rules between fields come back in one answer, each on its field', async () => {
    const report = fullReport(month, {
      activity: { held: true, title: '青年志愿服务日', date: `${month}-12`, participants: 2.5 },
      talks: { count: 'three' as unknown as number },
      members: { leagueMembers: 50, youthUnder35: 40 },
    });
    const { status, body } = await submit(report);
    expect(status).toBe(400);
    expect(body.title).toBe('提交的内容有误,请按提示修改');
    expect(byField(body)).toEqual({
      'report.activity.participants': '参加人数须为整数',
      'report.talks.count': '人数格式不正确',
      'report.members.leagueMembers': '团员人数不能超过35岁以下青年人数',
    });
  });

  it('a field refused for its format is not refused again by a rule, and nothing is written', async () => {
    const report = fullReport(month, {
      activity: { held: true, title: '', date: '2026-6-1', participants: 5 },
      survey: { respondents: -1, needs: [{ category: 'jobs', count: 9 }], freeText: '' },
    });
    const { status, body } = await submit(report);
    expect(status).toBe(400);
    expect(byField(body)).toEqual({
      'report.activity.title': '开展了活动时须填写活动名称',
      'report.activity.date': '活动日期应为日期,如 2026-06-18',
      'report.survey.respondents': '调查人数不能小于 0',
    });
    const history = await send(api.app, `/api/units/${tree.branch}/reports`, { headers: secretary });
    expect(history.body.months).toEqual([]);
  });

  it('a report that keeps every rule is accepted as before', async () => {
    expect((await submit(fullReport(month))).status).toBe(201);
  });
});
