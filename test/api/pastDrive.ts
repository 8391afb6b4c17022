/**
 * A county's 2026 drive lived day by day on the API's clock, for reading back "as of" earlier
 * days (the API test and the browser test share it): declared 6/10 on the source plan's dates
 * (survey 6/18–7/5, mobilise 7/6–8/31, summarise in September; case due 9/20, tables 9/25); the
 * township's baseline on 7/3; its rectification list late on 7/8, returned 7/9, corrected 7/12,
 * approved 7/15; a directly affiliated organisation's standards on 8/1; August's bulletin
 * published 9/10; the tables' deadline moved to 9/30 on 9/22; the case late, on 9/23. The clock
 * is left at 10/10.
 */
import { uuidv7 } from '../../events/ids.ts';
import { caseText } from './campaignFixtures.ts';
import { buildProvince, inviteUser, openUnit, type Auth } from './fixtures.ts';
import { json, send, type startTestApi } from './harness.ts';
import { fullReport } from './reportFixtures.ts';

type Api = Awaited<ReturnType<typeof startTestApi>>;

export const PAST_DRIVE_NOW = '2026-10-10T10:00:00+08:00';
export const COUNTY_LOGIN = { loginName: 'county1', password: 'county1 long password' };
export const TOWNSHIP_LOGIN = { loginName: 'town1', password: 'town1 long password' };

const standards = {
  registration: { document: true, filing: true, plaque: true },
  fiveHas: { venue: true, supplies: true, rules: true, divisionOfWork: true, workPlan: true },
  fourHas: { organisation: true, venue: true, activities: true, results: true },
  sixHas: [],
};

export async function livePastDrive(api: Api) {
  api.clock.set('2026-06-01T09:00:00+08:00');
  const tree = await buildProvince(api);
  const county: Auth = await inviteUser(api, tree.admin, COUNTY_LOGIN.loginName, 'manager', [tree.county]);
  const township: Auth = await inviteUser(api, tree.admin, TOWNSHIP_LOGIN.loginName, 'manager', [tree.township]);
  const versions: Record<string, string> = {};
  let campaignId = '';

  const people: Array<[Auth, string, string]> = [
    [tree.admin, 'admin', 'correct horse battery'],
    [county, COUNTY_LOGIN.loginName, COUNTY_LOGIN.password],
    [township, TOWNSHIP_LOGIN.loginName, TOWNSHIP_LOGIN.password],
  ];
  /**
   * Signs these people in again (sessions last 12 hours on the API's clock, which moves by weeks
   * here). Only who acts that day: each sign-in hashes a password (scrypt, a quarter second on a
   * busy CI machine), and sessions are not part of the log this drive is read back from.
   */
  const signInAgain = async (who: Auth[] = people.map(([auth]) => auth)) => {
    for (const [auth, loginName, password] of people.filter(([auth]) => who.includes(auth))) {
      const { body } = await send(api.app, '/api/session', json({ loginName, password }));
      auth.authorization = `Bearer ${body.session.token}`;
    }
  };
  /** `who` does `act` on `day` at 10:00 (China time) by the API's clock. */
  const on = async <T>(day: string, who: Auth, act: () => Promise<T>): Promise<T> => {
    api.clock.set(`${day}T10:00:00+08:00`);
    await signInAgain([who]);
    return act();
  };
  const post = async (path: string, body: Record<string, unknown>, auth: Auth) => {
    const answer = await send(api.app, path, json({ submissionId: uuidv7(), ...body }, auth));
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const deliver = (kind: string, body: Record<string, unknown> = {}) => {
    const submissionId = uuidv7();
    versions[kind] = submissionId;
    return post(`/api/campaigns/${campaignId}/deliverables/${tree.township}`, { submissionId, kind, ...body }, township);
  };
  const decide = (kind: string, action: 'approve' | 'return', reason?: string) =>
    post(`/api/campaigns/${campaignId}/deliverables/${tree.township}/${kind}/${action}`, { version: versions[kind], ...(reason ? { reason } : {}) }, county);

  const direct = await openUnit(api, tree.admin, 'organisation', tree.township, '城关镇电商协会团支部', {
    organisation: { field: 'socialOrganisation', buildingMode: 'association' },
    on: '2026-06-20',
  });
  campaignId = (await on('2026-06-10', county, () => post('/api/campaigns', { unitId: tree.county, name: '2026 年百日集中行动', year: 2026 }, county)))
    .campaignId;
  await on('2026-07-03', township, () => deliver('baseline'));
  await on('2026-07-08', township, () => deliver('rectification', { branches: [tree.branch], plan: '对东风村团支部制定整顿方案,七月底前完成换届。' }));
  await on('2026-07-09', county, () => decide('rectification', 'return', '请写明整顿时限'));
  await on('2026-07-12', township, () =>
    deliver('rectification', { branches: [tree.branch], plan: '对东风村团支部制定整顿方案,7月31日前完成换届,8月起每月开展五个一。' }),
  );
  await on('2026-07-15', county, () => decide('rectification', 'approve'));
  await on('2026-08-01', tree.admin, () => post(`/api/units/${direct}/standards`, { standards, on: '2026-08-01' }, tree.admin));
  await on('2026-08-28', tree.admin, () => post(`/api/units/${tree.branch}/reports`, { month: '2026-08', report: fullReport('2026-08') }, tree.admin));
  await on('2026-09-10', county, () => post(`/api/campaigns/${campaignId}/bulletins`, { unitId: tree.county, month: '2026-08', note: '八月进度通报' }, county));
  await on('2026-09-22', county, () => post(`/api/campaigns/${campaignId}/deadlines/tables`, { due: '2026-09-30', reason: '统计口径调整' }, county));
  await on('2026-09-23', township, () => deliver('case', { title: '合作社里建团组织', text: caseText, attachments: [] }));
  api.clock.set(PAST_DRIVE_NOW);
  await signInAgain();
  return { tree, county, township, campaignId, direct };
}
