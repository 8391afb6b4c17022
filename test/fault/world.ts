/**
 * A log with a bit of everything, built through the API itself: the fixtures' province, its
 * people (a county manager, a branch secretary, a researcher, a pending invitation, a
 * deactivated user), unit changes of every kind, an imported township, monthly reports with a
 * correction, an approval, a return and a health override, province settings, and a research
 * round with a team and its six visits.
 */
import { toCsv } from '../../api/tables/index.ts';
import { uuidv7 } from '../../events/ids.ts';
import { buildProvince, inviteUser, openUnit, revisionOf, type Auth } from '../api/fixtures.ts';
import { json, send, type startTestApi } from '../api/harness.ts';
import { emptyReport, fullReport } from '../api/reportFixtures.ts';
import { researchItems, visit } from '../api/researchFixtures.ts';

type Api = Awaited<ReturnType<typeof startTestApi>>;

export const settings = {
  needCategories: [
    { key: 'jobs', zh: '就业创业', en: 'Jobs' },
    { key: 'skills', zh: '技能培训', en: 'Skills' },
    { key: 'love', zh: '婚恋交友', en: 'Dating' },
  ],
  dueDay: 5,
  health: { window: 3, consolidateFiveOnes: 0.8, rectifyFiveOnes: 0.4, minimumMembers: 3 },
};
export const standards = {
  registration: { document: true, filing: true, plaque: false },
  fiveHas: { venue: true, supplies: true, rules: true, divisionOfWork: false, workPlan: true },
  fourHas: { organisation: true, venue: true, activities: false, results: true },
  sixHas: ['venue'],
};

const importHeader = ['编码', '名称', '层级', '上级编码', '成立日期', '乡镇人口', '团委委员数', '年度经费(元)', '领域', '建团模式', '发文', '备案', '挂牌'];

/** Sends a command and insists on its success; returns the answer's body and the submission id it was sent with. */
async function command(api: Api, path: string, body: Record<string, unknown>, auth: Auth) {
  const submissionId = uuidv7();
  const answer = await send(api.app, path, json({ submissionId, ...body }, auth));
  if (answer.status !== 201 && answer.status !== 202) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return { ...answer.body, submissionId };
}

export async function buildWorld(api: Api) {
  const tree = await buildProvince(api);
  const { admin } = tree;
  const manager = await inviteUser(api, admin, 'county1', 'manager', [tree.county]);
  const secretary = await inviteUser(api, admin, 'secretary1', 'secretary', [tree.branch]);
  const researcher = await inviteUser(api, admin, 'researcher1', 'researcher', [tree.county]);
  await inviteUser(api, admin, 'leaver1', 'secretary', [tree.otherBranch]);
  const target = await inviteUser(api, admin, 'target1', 'secretary', [tree.otherBranch]);
  const pending = await command(api, '/api/users', { loginName: 'pending1', displayName: '待接受', role: 'secretary', unitIds: [tree.branch] }, admin);
  // Another invitation still waiting, whose link is renewed (pending1's token stays the one accepted).
  await command(api, '/api/users', { loginName: 'pending2', displayName: '待续期', role: 'secretary', unitIds: [tree.branch] }, admin);
  const users = (await send(api.app, '/api/users', { headers: admin })).body.users as Array<{ loginName: string; userId: string }>;
  const userId = (login: string) => users.find((user) => user.loginName === login)!.userId;
  await command(api, `/api/users/${userId('leaver1')}/deactivate`, {}, admin);

  // Province settings and unit changes of every kind.
  await command(api, `/api/provinces/${tree.province}/reporting-settings`, { settings }, admin);
  await command(
    api,
    `/api/provinces/${tree.province}/six-has`,
    {
      items: [
        { key: 'venue', zh: '有阵地', en: 'Venue' },
        { key: 'flag', zh: '有团旗', en: 'Flag' },
      ],
    },
    admin,
  );
  await command(
    api,
    `/api/units/${tree.township}/profile`,
    { township: { population: 61_000, committeeMembers: 9, annualFunding: 25_000 }, on: '2026-02-01' },
    manager,
  );
  await command(api, `/api/units/${tree.branch}/standards`, { standards, on: '2026-02-01' }, manager);
  await command(
    api,
    `/api/units/${tree.otherBranch}/rename`,
    { name: '河口农村专业合作社团支部', on: '2026-03-01', revision: await revisionOf(api, admin, tree.otherBranch) },
    admin,
  );
  await command(api, `/api/units/${tree.otherBranch}/reclassify`, { organisation: { field: 'enterprise', buildingMode: 'joint' }, on: '2026-03-01' }, admin);
  const mover = await openUnit(api, admin, 'organisation', tree.township, '搬迁团支部', {
    code: 'O03',
    organisation: { field: 'village', buildingMode: 'independent' },
  });
  await command(api, `/api/units/${mover}/move`, { parentId: tree.otherTownship, on: '2026-04-01', revision: await revisionOf(api, admin, mover) }, admin);
  const closer = await openUnit(api, admin, 'organisation', tree.township, '关停企业团支部', {
    code: 'O04',
    organisation: { field: 'enterprise', buildingMode: 'independent' },
  });
  await command(api, `/api/units/${closer}/close`, { on: '2026-05-31', reason: '企业关停' }, admin);

  // A township and its branches from a spreadsheet, in the background like a real import.
  const rows = [importHeader, ['T09', '新桥镇团委', '乡镇', 'X01', '2026-01-01', '42000', '5', '10000', '', '', '', '', '']];
  for (let o = 1; o <= 12; o++)
    rows.push([
      `T09O${o}`,
      `新桥镇第${o}团支部`,
      '团组织',
      'T09',
      '2026-01-15',
      '',
      '',
      '',
      o % 2 ? '村团支部' : '企业',
      '独立建团',
      o % 2 ? '' : '是',
      o % 2 ? '' : '是',
      '',
    ]);
  const form = new FormData();
  form.set('file', new File([toCsv(rows)], 'xinqiao.csv'));
  form.set('dryRun', 'false');
  const started = await send(api.app, '/api/imports', { method: 'POST', body: form, headers: admin });
  if (started.status !== 202) throw new Error(`import refused: ${JSON.stringify(started.body)}`);
  for (let i = 0; ; i++) {
    const { body } = await send(api.app, `/api/imports/${started.body.job.id}`, { headers: admin });
    if (body.job.status === 'done') break;
    if (body.job.status === 'failed' || i > 400) throw new Error(`import did not finish: ${JSON.stringify(body.job)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }

  // Monthly reports: four months, a correction, an approval, a return, a health override.
  const current = new Map<string, string>(); // the branch's current report id per month: the version a manager decides on
  const report = async (month: string, unit = tree.branch, auth = secretary, content: unknown = fullReport(month)) => {
    const sent = await command(api, `/api/units/${unit}/reports`, { month, report: content }, auth);
    if (unit === tree.branch) current.set(month, sent.submissionId);
  };
  for (const month of ['2026-01', '2026-02', '2026-03', '2026-04']) await report(month);
  await report('2026-02', tree.branch, secretary, fullReport('2026-02', { volunteers: 11, talks: { count: 5 } }));
  await report('2026-02', tree.otherBranch, admin, emptyReport(2));
  await command(api, `/api/units/${tree.branch}/reports/2026-01/approve`, { version: current.get('2026-01') }, manager);
  await command(api, `/api/units/${tree.branch}/reports/2026-03/return`, { reason: '活动照片缺失,请补充', version: current.get('2026-03') }, manager);
  await command(api, `/api/units/${tree.branch}/health/override`, { month: '2026-04', healthClass: 'consolidate', reason: '已整改到位' }, manager);

  // Field research: a round, a team, the six items for one region.
  const round = await command(
    api,
    `/api/units/${tree.province}/research-rounds`,
    { name: '大团委建设大调研', startsOn: '2026-07-01', endsOn: '2026-07-31' },
    admin,
  );
  const team = await command(
    api,
    `/api/research-rounds/${round.roundId}/teams`,
    { name: '第一调研组', memberIds: [userId('researcher1')], regionIds: [tree.county, tree.city] },
    admin,
  );
  for (const item of researchItems) await command(api, `/api/research-teams/${team.teamId}/visits`, visit(tree.county, item), researcher);

  const last = await api.runtime.store.lastPosition();
  await api.runtime.runner.waitFor(last!, 10_000);
  return {
    ...tree,
    manager,
    secretary,
    researcher,
    target,
    mover,
    closer,
    researcherId: userId('researcher1'),
    targetId: userId('target1'),
    renewableId: userId('pending2'),
    invitationToken: pending.invitation.token as string,
    roundId: round.roundId as string,
    teamId: team.teamId as string,
    /** A month of tree.branch with a submitted report that is neither approved nor returned, and that report's id. */
    openMonth: '2026-04',
    openMonthVersion: current.get('2026-04')!,
    /** The revisions of the branch and the mover as their pages show them (for renames and moves). */
    branchRevision: await revisionOf(api, admin, tree.branch),
    moverRevision: await revisionOf(api, admin, mover),
  };
}
export type World = Awaited<ReturnType<typeof buildWorld>>;

/** A 100-day drive declared on the province, with the township's baseline submitted. */
export async function addCampaign(api: Api, world: World) {
  const campaign = await command(api, '/api/campaigns', { unitId: world.province, name: '百日攻坚', year: 2026 }, world.admin);
  const baseline = await command(api, `/api/campaigns/${campaign.campaignId}/deliverables/${world.township}`, { kind: 'baseline' }, world.admin);
  await api.runtime.runner.waitFor((await api.runtime.store.lastPosition())!, 10_000);
  return { ...world, campaignId: campaign.campaignId as string, baselineVersion: baseline.submissionId };
}
