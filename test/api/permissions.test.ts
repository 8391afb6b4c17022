/**
 * The permission matrix: one table, every role × every API route × a target inside and
 * outside the role's scope → the expected answer. A route of the app without a row fails the
 * test, so no route can be added without deciding who may use it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { buildProvince, inviteUser, openUnit, type Auth } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';
import { caseText, declareDrive, driveAroundToday, submitDeliverable } from './campaignFixtures.ts';
import { fullReport } from './reportFixtures.ts';
import { described, png, sha256 } from './images.ts';

type Role = 'anonymous' | 'administrator' | 'manager' | 'secretary' | 'researcher';
type Where = 'inside' | 'outside';
/** allow: 2xx; deny: 401 for anonymous, 403 otherwise; a number: exactly that status. */
type Expected = 'allow' | 'deny' | number;
type Request = { method: string; path: string; body?: unknown; form?: FormData; raw?: Uint8Array<ArrayBuffer>; headers?: Record<string, string> };

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
const auth: Partial<Record<Role, Auth>> = {};
let adminJob = '';
/** A bulk invitation (批量邀请) run by the administrator, finished: its job and links are theirs alone. */
let adminInvitationJob = '';
let researcherId = '';
let roundId = '';
let teamId = '';
/** Drives declared by the manager's county (inside) and by the other county (outside), each with a case carrying a file. */
const drives = { inside: '', outside: '' };
const caseFile = { sha256: '' };
/** A photo on the branch's report (inside every role's scope) and one on the other branch's (outside). */
const reportPhotos = { inside: png(8, 8, [10, 20, 30]), outside: png(8, 8, [30, 20, 10]) };
/** A fresh picture for each upload (the first upload of a file answers 201, a repeat 200: both allow). */
let uploads = 0;

beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
  auth.administrator = tree.admin;
  auth.manager = await inviteUser(api, tree.admin, 'county1', 'manager', [tree.county]);
  auth.secretary = await inviteUser(api, tree.admin, 'secretary1', 'secretary', [tree.branch]);
  auth.researcher = await inviteUser(api, tree.admin, 'researcher1', 'researcher', [tree.township]);
  const users = await send(api.app, '/api/users', { headers: tree.admin });
  researcherId = users.body.users.find((u: { loginName: string }) => u.loginName === 'researcher1').userId;
  roundId = (
    await send(
      api.app,
      `/api/units/${tree.county}/research-rounds`,
      json({ submissionId: uuidv7(), name: '县调研', startsOn: '2026-07-01', endsOn: '2026-07-15' }, tree.admin),
    )
  ).body.roundId;
  teamId = (
    await send(
      api.app,
      `/api/research-rounds/${roundId}/teams`,
      json({ submissionId: uuidv7(), name: '一组', memberIds: [researcherId], regionIds: [tree.township] }, tree.admin),
    )
  ).body.teamId;
  const started = await send(api.app, '/api/imports', { method: 'POST', body: importFile('JOB0', 'T01', 'false'), headers: tree.admin });
  adminJob = started.body.job.id;
  const invited = await send(api.app, '/api/bulk-invitations', { method: 'POST', body: invitationFile('T01', 'false'), headers: tree.admin });
  adminInvitationJob = invited.body.job.id;
  await vi.waitFor(
    async () => {
      expect((await send(api.app, `/api/bulk-invitations/${adminInvitationJob}`, { headers: tree.admin })).body.job.status).toBe('done');
    },
    { timeout: 20_000, interval: 20 },
  );
  drives.inside = await declareDrive(api, tree.admin, tree.county);
  drives.outside = await declareDrive(api, tree.admin, tree.otherCounty);
  const form = new FormData();
  form.append('file', new File(['活动记录'], '记录.txt', { type: 'text/plain' }));
  const uploaded = (await (await api.app.request('/api/attachments', { method: 'POST', body: form, headers: tree.admin })).json()) as {
    attachments: Array<{ sha256: string }>;
  };
  caseFile.sha256 = uploaded.attachments[0]!.sha256;
  for (const where of ['inside', 'outside'] as const) {
    await submitDeliverable(api, tree.admin, drives[where], townshipFor(where), {
      kind: 'case',
      title: '案例',
      text: caseText,
      attachments: uploaded.attachments,
    });
  }
  for (const where of ['inside', 'outside'] as const) {
    const bytes = reportPhotos[where];
    await api.app.request(`/api/attachments/${sha256(bytes)}`, { method: 'PUT', headers: tree.admin, body: bytes });
    const reported = await send(
      api.app,
      `/api/units/${organisationFor(where)}/reports`,
      json({ submissionId: uuidv7(), month: '2026-03', report: fullReport('2026-03'), attachments: [described(bytes, '活动.png')] }, tree.admin),
    );
    expect(reported.status).toBe(201);
  }
});
afterAll(() => api.close());

/** A unit of the role's scope (inside) or not (outside), for reading. */
function unitFor(role: Role, where: Where): string {
  const inside: Record<Role, string> = {
    anonymous: tree.township,
    administrator: tree.township,
    manager: tree.township,
    secretary: tree.branch,
    researcher: tree.township,
  };
  const outside: Record<Role, string> = {
    anonymous: tree.otherTownship,
    administrator: tree.otherTownship,
    manager: tree.otherTownship,
    secretary: tree.otherBranch,
    researcher: tree.otherTownship,
  };
  return (where === 'inside' ? inside : outside)[role];
}
/** A fresh organisation to change, under the role's township (inside) or another (outside). */
async function freshOrganisation(role: Role, where: Where): Promise<string> {
  if (role === 'secretary' && where === 'inside') return tree.branch;
  return openUnit(api, tree.admin, 'organisation', where === 'inside' ? tree.township : tree.otherTownship, `临时团支部${uuidv7().slice(-6)}`, {
    organisation: { field: 'village', buildingMode: 'independent' },
  });
}
function importFile(code: string, parentCode: string, dryRun: string): FormData {
  const form = new FormData();
  form.set('file', new File([`编码,名称,层级,上级编码,领域,建团模式\n${code},导入团支部${code},团组织,${parentCode},企业,联合建团\n`], 'tree.csv'));
  form.set('dryRun', dryRun);
  return form;
}
/** An invitation sheet of one researcher of the township with this code, under a fresh login name. */
function invitationFile(townshipCode: string, dryRun: string): FormData {
  const form = new FormData();
  form.set('file', new File([`组织编码,姓名,角色,用户名\n${townshipCode},批量调研员,调研员,b${uuidv7().slice(-10)}\n`], 'invitations.csv'));
  form.set('dryRun', dryRun);
  return form;
}
const id = () => uuidv7();
/** An organisation inside every role's scope (the branch under the county, the township, itself), or outside. */
const organisationFor = (where: Where) => (where === 'inside' ? tree.branch : tree.otherBranch);
/** A fresh organisation with a submitted report for 2026-02 (and that report's id, its version), to approve or return. */
async function reported(role: Role, where: Where): Promise<{ unit: string; version: string }> {
  const unit = await freshOrganisation(role === 'secretary' ? 'manager' : role, where);
  const version = id();
  await send(api.app, `/api/units/${unit}/reports`, json({ submissionId: version, month: '2026-02', report: fullReport('2026-02') }, tree.admin));
  return { unit, version };
}
const townshipFor = (where: Where) => (where === 'inside' ? tree.township : tree.otherTownship);
const countyFor = (where: Where) => (where === 'inside' ? tree.county : tree.otherCounty);
/** A fresh drive of the county (inside or outside) with the township's summary submitted, to approve or return. */
async function deliveredSummary(where: Where): Promise<{ path: string; version: string }> {
  const drive = await declareDrive(api, tree.admin, countyFor(where));
  const version = id();
  await submitDeliverable(api, tree.admin, drive, townshipFor(where), { kind: 'summary', text: '百日集中行动总结'.repeat(20), submissionId: version });
  return { path: `/api/campaigns/${drive}/deliverables/${townshipFor(where)}/summary`, version };
}
const submitters = {
  anonymous: 'deny',
  administrator: 'allow',
  manager: { inside: 'allow', outside: 'deny' },
  secretary: { inside: 'allow', outside: 'deny' },
  researcher: 'deny',
} as const;

interface Row {
  method: string;
  path: string;
  request: (role: Role, where: Where) => Promise<Request> | Request;
  expect: Record<Role, Expected | { inside: Expected; outside: Expected }>;
}

const signedIn = { anonymous: 'deny', administrator: 'allow', manager: 'allow', secretary: 'allow', researcher: 'allow' } as const;
const everyone = (status: Expected) => ({ anonymous: status, administrator: status, manager: status, secretary: status, researcher: status });
const scoped = {
  anonymous: 'deny',
  administrator: 'allow',
  manager: { inside: 'allow', outside: 'deny' },
  secretary: { inside: 'allow', outside: 'deny' },
  researcher: { inside: 'allow', outside: 'deny' },
} as const;
const managers = { anonymous: 'deny', administrator: 'allow', manager: { inside: 'allow', outside: 'deny' }, secretary: 'deny', researcher: 'deny' } as const;
const change = (action: string, body: (where: Where) => unknown): Row => ({
  method: 'POST',
  path: `/api/units/:id/${action}`,
  expect: managers,
  request: async (role, where) => ({
    method: 'POST',
    path: `/api/units/${await freshOrganisation(role, where)}/${action}`,
    body: { submissionId: id(), ...(body(where) as object) },
  }),
});

const matrix: Row[] = [
  { method: 'GET', path: '/api/health', expect: everyone('allow'), request: () => ({ method: 'GET', path: '/api/health' }) },
  // The API reference describes routes, not data: anyone may read it.
  ...['/api/openapi.json', '/api/docs', '/api/docs/swagger-ui-bundle.js', '/api/docs/swagger-ui.css', '/api/docs/reference.js'].map(
    (path): Row => ({ method: 'GET', path, expect: everyone('allow'), request: () => ({ method: 'GET', path }) }),
  ),
  { method: 'GET', path: '/api/metrics', expect: { ...everyone('deny'), administrator: 'allow' }, request: () => ({ method: 'GET', path: '/api/metrics' }) },
  { method: 'GET', path: '/api/setup', expect: everyone('allow'), request: () => ({ method: 'GET', path: '/api/setup' }) },
  {
    method: 'POST',
    path: '/api/setup',
    expect: everyone(409),
    request: () => ({
      method: 'POST',
      path: '/api/setup',
      body: { submissionId: id(), loginName: `x${id().slice(-6)}`, displayName: 'x', password: 'a long enough password' },
    }),
  },
  {
    method: 'POST',
    path: '/api/session',
    expect: everyone(401),
    request: () => ({
      method: 'POST',
      path: '/api/session',
      body: { loginName: `nobody${id().slice(-6)}`, password: 'wrong password' },
      headers: { 'x-league-pulse-client': `10.9.${id().slice(-2)}` },
    }),
  },
  { method: 'GET', path: '/api/session', expect: signedIn, request: () => ({ method: 'GET', path: '/api/session' }) },
  { method: 'DELETE', path: '/api/session', expect: everyone('allow'), request: () => ({ method: 'DELETE', path: '/api/session' }) },
  { method: 'GET', path: '/api/users', expect: signedIn, request: () => ({ method: 'GET', path: '/api/users' }) },
  { method: 'GET', path: '/api/users/export', expect: signedIn, request: () => ({ method: 'GET', path: '/api/users/export?format=csv' }) },
  {
    method: 'POST',
    path: '/api/users',
    expect: managers,
    request: (role, where) => ({
      method: 'POST',
      path: '/api/users',
      body: {
        submissionId: id(),
        loginName: `u${id().slice(-8)}`,
        displayName: '新用户',
        role: 'secretary',
        unitIds: [unitFor(role === 'secretary' ? 'manager' : role, where) === tree.township ? tree.branch : tree.otherBranch],
      },
    }),
  },
  {
    method: 'POST',
    path: '/api/users/:id/deactivate',
    expect: managers,
    request: async (_role, where) => {
      const login = `d${id().slice(-8)}`;
      await inviteUser(api, tree.admin, login, 'secretary', [where === 'inside' ? tree.branch : tree.otherBranch]);
      const users = await send(api.app, '/api/users', { headers: tree.admin });
      const user = users.body.users.find((u: { loginName: string }) => u.loginName === login);
      return { method: 'POST', path: `/api/users/${user.userId}/deactivate`, body: { submissionId: id() } };
    },
  },
  {
    method: 'POST',
    path: '/api/users/:id/reactivate',
    expect: managers,
    request: async (_role, where) => {
      const login = `r${id().slice(-8)}`;
      await inviteUser(api, tree.admin, login, 'secretary', [where === 'inside' ? tree.branch : tree.otherBranch]);
      const users = await send(api.app, '/api/users', { headers: tree.admin });
      const user = users.body.users.find((u: { loginName: string }) => u.loginName === login);
      await send(api.app, `/api/users/${user.userId}/deactivate`, json({ submissionId: id() }, tree.admin));
      return { method: 'POST', path: `/api/users/${user.userId}/reactivate`, body: { submissionId: id() } };
    },
  },
  {
    method: 'POST',
    path: '/api/users/:id/renew-invitation',
    expect: managers,
    request: async (_role, where) => {
      // An invitation still waiting (not accepted): its link is renewed.
      const invited = await send(
        api.app,
        '/api/users',
        json(
          {
            submissionId: id(),
            loginName: `n${id().slice(-8)}`,
            displayName: '待续期',
            role: 'secretary',
            unitIds: [where === 'inside' ? tree.branch : tree.otherBranch],
          },
          tree.admin,
        ),
      );
      return { method: 'POST', path: `/api/users/${invited.body.userId}/renew-invitation`, body: { submissionId: id() } };
    },
  },
  { method: 'GET', path: '/api/invitations/:token', expect: everyone(404), request: () => ({ method: 'GET', path: '/api/invitations/no-such-token' }) },
  {
    method: 'POST',
    path: '/api/invitations/:token',
    expect: everyone(404),
    request: () => ({ method: 'POST', path: '/api/invitations/no-such-token', body: { submissionId: id(), password: 'a long enough password' } }),
  },
  { method: 'GET', path: '/api/units', expect: signedIn, request: () => ({ method: 'GET', path: '/api/units' }) },
  { method: 'GET', path: '/api/units/search', expect: signedIn, request: () => ({ method: 'GET', path: `/api/units/search?q=${encodeURIComponent('团')}` }) },
  { method: 'GET', path: '/api/units/:id', expect: scoped, request: (role, where) => ({ method: 'GET', path: `/api/units/${unitFor(role, where)}` }) },
  {
    method: 'GET',
    path: '/api/units/:id/audit',
    expect: scoped,
    request: (role, where) => ({ method: 'GET', path: `/api/units/${unitFor(role, where)}/audit` }),
  },
  {
    method: 'POST',
    path: '/api/units',
    expect: managers,
    request: (_role, where) => ({
      method: 'POST',
      path: '/api/units',
      body: {
        submissionId: id(),
        kind: 'organisation',
        parentId: where === 'inside' ? tree.township : tree.otherTownship,
        name: '新团支部',
        organisation: { field: 'village', buildingMode: 'independent' },
      },
    }),
  },
  change('rename', () => ({ name: '改名团支部', revision: '0' })),
  change('move', (where) => ({ parentId: where === 'inside' ? tree.township : tree.otherTownship, revision: '0' })),
  change('reclassify', () => ({ organisation: { field: 'enterprise', buildingMode: 'joint' } })),
  {
    method: 'POST',
    path: '/api/units/:id/profile',
    expect: managers,
    request: async (_role, where) => ({
      method: 'POST',
      path: `/api/units/${await openUnit(api, tree.admin, 'township', where === 'inside' ? tree.county : tree.otherCounty, `临时镇${id().slice(-6)}`)}/profile`,
      body: { submissionId: id(), township: { population: 1, committeeMembers: 1, annualFunding: 1 } },
    }),
  },
  change('standards', () => ({
    standards: {
      registration: { document: true, filing: true, plaque: true },
      fiveHas: { venue: true, supplies: true, rules: true, divisionOfWork: true, workPlan: true },
      fourHas: { organisation: true, venue: true, activities: true, results: true },
      sixHas: [],
    },
  })),
  change('close', () => ({ reason: '测试' })),
  {
    method: 'POST',
    path: '/api/provinces/:id/six-has',
    expect: { ...everyone('deny'), administrator: 'allow' },
    request: () => ({
      method: 'POST',
      path: `/api/provinces/${tree.province}/six-has`,
      body: { submissionId: id(), items: [{ key: 'venue', zh: '有阵地', en: 'Venue' }] },
    }),
  },
  { method: 'GET', path: '/api/imports/template', expect: signedIn, request: () => ({ method: 'GET', path: '/api/imports/template?format=csv' }) },
  {
    method: 'POST',
    path: '/api/imports',
    expect: { anonymous: 'deny', administrator: 'allow', manager: { inside: 'allow', outside: 400 }, secretary: 'deny', researcher: 'deny' },
    request: (_role, where) => ({ method: 'POST', path: '/api/imports', form: importFile(`M${id().slice(-8)}`, where === 'inside' ? 'T01' : 'T02', 'false') }),
  },
  {
    method: 'GET',
    path: '/api/units/:id/reports',
    expect: scoped,
    request: (_role, where) => ({ method: 'GET', path: `/api/units/${organisationFor(where)}/reports` }),
  },
  {
    method: 'GET',
    path: '/api/units/:id/reports/:month/versions',
    expect: scoped,
    request: (_role, where) => ({ method: 'GET', path: `/api/units/${organisationFor(where)}/reports/2026-01/versions` }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/reports',
    expect: submitters,
    request: (_role, where) => ({
      method: 'POST',
      path: `/api/units/${organisationFor(where)}/reports`,
      body: { submissionId: id(), month: '2026-01', report: fullReport('2026-01') },
    }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/reports/:month/approve',
    expect: managers,
    request: async (role, where) => {
      const { unit, version } = await reported(role, where);
      return { method: 'POST', path: `/api/units/${unit}/reports/2026-02/approve`, body: { submissionId: id(), version } };
    },
  },
  {
    method: 'POST',
    path: '/api/units/:id/reports/:month/return',
    expect: managers,
    request: async (role, where) => {
      const { unit, version } = await reported(role, where);
      return { method: 'POST', path: `/api/units/${unit}/reports/2026-02/return`, body: { submissionId: id(), reason: '请补充', version } };
    },
  },
  {
    method: 'POST',
    path: '/api/units/:id/report-decisions',
    expect: managers,
    request: async (role, where) => {
      const { unit, version } = await reported(role, where);
      return {
        method: 'POST',
        path: `/api/units/${where === 'inside' ? tree.township : tree.otherTownship}/report-decisions`,
        body: { submissionId: id(), month: '2026-02', decision: 'approve', items: [{ unitId: unit, version }] },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/units/:id/reports/:month/paper-receipt',
    expect: managers,
    request: async (role, where) => {
      const { unit } = await reported(role, where);
      return {
        method: 'POST',
        path: `/api/units/${unit}/reports/2026-02/paper-receipt`,
        body: { submissionId: id(), receivedOn: '2026-03-04', reason: '纸质报表3月4日交至乡镇团委' },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/units/:id/reporting',
    expect: scoped,
    request: (role, where) => ({ method: 'GET', path: `/api/units/${unitFor(role, where)}/reporting?month=2026-02` }),
  },
  {
    method: 'GET',
    path: '/api/units/:id/needs',
    expect: scoped,
    request: (role, where) => ({ method: 'GET', path: `/api/units/${unitFor(role, where)}/needs?month=2026-02` }),
  },
  {
    method: 'GET',
    path: '/api/units/:id/health',
    expect: scoped,
    request: (role, where) => ({ method: 'GET', path: `/api/units/${unitFor(role, where)}/health?month=2026-02` }),
  },
  {
    method: 'GET',
    path: '/api/units/:id/health/export',
    expect: scoped,
    request: (role, where) => ({ method: 'GET', path: `/api/units/${unitFor(role, where)}/health/export?month=2026-02&format=csv` }),
  },
  {
    method: 'GET',
    path: '/api/units/:id/reporting/export',
    expect: scoped,
    request: (role, where) => ({ method: 'GET', path: `/api/units/${unitFor(role, where)}/reporting/export?month=2026-02&format=csv` }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/health/override',
    expect: managers,
    request: async (role, where) => ({
      method: 'POST',
      path: `/api/units/${await freshOrganisation(role === 'secretary' ? 'manager' : role, where)}/health/override`,
      body: { submissionId: id(), month: '2026-02', healthClass: 'improve', reason: '已整改' },
    }),
  },
  {
    method: 'POST',
    path: '/api/provinces/:id/reporting-settings',
    expect: { ...everyone('deny'), administrator: 'allow' },
    request: () => ({
      method: 'POST',
      path: `/api/provinces/${tree.province}/reporting-settings`,
      body: {
        submissionId: id(),
        settings: {
          needCategories: [
            { key: 'jobs', zh: '就业创业', en: 'Jobs' },
            { key: 'skills', zh: '技能培训', en: 'Skills' },
          ],
          dueDay: 5,
          health: { window: 3, consolidateFiveOnes: 0.8, rectifyFiveOnes: 0.4, minimumMembers: 3 },
        },
      },
    }),
  },
  {
    method: 'POST',
    path: '/api/units/:id/research-rounds',
    expect: managers,
    request: (_role, where) => ({
      method: 'POST',
      path: `/api/units/${where === 'inside' ? tree.township : tree.otherTownship}/research-rounds`,
      body: { submissionId: id(), name: '调研', startsOn: '2026-07-01', endsOn: '2026-07-10' },
    }),
  },
  { method: 'GET', path: '/api/research-rounds', expect: signedIn, request: () => ({ method: 'GET', path: '/api/research-rounds' }) },
  // The county's round: its manager and the team's researcher see it; the branch's secretary does not.
  {
    method: 'GET',
    path: '/api/research-rounds/:roundId',
    expect: { anonymous: 'deny', administrator: 'allow', manager: 'allow', secretary: 'deny', researcher: 'allow' },
    request: () => ({ method: 'GET', path: `/api/research-rounds/${roundId}` }),
  },
  {
    method: 'POST',
    path: '/api/research-rounds/:roundId/teams',
    expect: { anonymous: 'deny', administrator: 'allow', manager: 'allow', secretary: 'deny', researcher: 'deny' },
    request: () => ({
      method: 'POST',
      path: `/api/research-rounds/${roundId}/teams`,
      body: { submissionId: id(), name: '二组', memberIds: [researcherId], regionIds: [tree.township] },
    }),
  },
  {
    method: 'GET',
    path: '/api/research-teams/:teamId',
    expect: { anonymous: 'deny', administrator: 'allow', manager: 'allow', secretary: 'deny', researcher: 'allow' },
    request: () => ({ method: 'GET', path: `/api/research-teams/${teamId}` }),
  },
  {
    method: 'POST',
    path: '/api/research-teams/:teamId/visits',
    expect: { anonymous: 'deny', administrator: 'allow', manager: 'deny', secretary: 'deny', researcher: 'allow' },
    request: () => ({
      method: 'POST',
      path: `/api/research-teams/${teamId}/visits`,
      body: {
        submissionId: id(),
        regionId: tree.township,
        item: 'leaderTalk',
        date: '2026-07-02',
        place: '城关镇',
        participants: { count: 3, who: '' },
        notes: '',
        findings: [{ topic: 'gathering', text: '合作社' }],
        recommendations: '',
      },
    }),
  },
  { method: 'GET', path: '/api/findings', expect: signedIn, request: () => ({ method: 'GET', path: `/api/findings?q=${encodeURIComponent('合作社')}` }) },
  { method: 'GET', path: '/api/findings/export', expect: signedIn, request: () => ({ method: 'GET', path: '/api/findings/export' }) },
  { method: 'GET', path: '/api/campaign-template', expect: signedIn, request: () => ({ method: 'GET', path: '/api/campaign-template' }) },
  { method: 'GET', path: '/api/campaigns', expect: signedIn, request: () => ({ method: 'GET', path: '/api/campaigns' }) },
  {
    method: 'POST',
    path: '/api/campaigns',
    expect: managers,
    request: (_role, where) => ({
      method: 'POST',
      path: '/api/campaigns',
      body: { submissionId: id(), unitId: countyFor(where), name: '百日集中行动', year: 2026 },
    }),
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/phases/:phase',
    expect: managers,
    request: (_role, where) => ({
      method: 'POST',
      path: `/api/campaigns/${drives[where]}/phases/summarise`,
      body: { submissionId: id(), start: '2099-01-01', end: '2099-01-02', reason: '测试' },
    }),
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/deadlines/:kind',
    expect: managers,
    request: (_role, where) => ({
      method: 'POST',
      path: `/api/campaigns/${drives[where]}/deadlines/case`,
      body: { submissionId: id(), due: driveAroundToday().phases[1]!.end, reason: '测试' },
    }),
  },
  {
    method: 'GET',
    path: '/api/campaigns/:id/timeline',
    expect: managers,
    request: (_role, where) => ({ method: 'GET', path: `/api/campaigns/${drives[where]}/timeline` }),
  },
  {
    method: 'GET',
    path: '/api/campaigns/:id/targets',
    expect: managers,
    request: (_role, where) => ({ method: 'GET', path: `/api/campaigns/${drives[where]}/targets` }),
  },
  {
    method: 'GET',
    path: '/api/campaigns/:id/bulletin',
    expect: managers,
    request: (_role, where) => ({ method: 'GET', path: `/api/campaigns/${drives[where]}/bulletin` }),
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/bulletins',
    expect: managers,
    request: async (_role, where) => {
      const drive = await declareDrive(api, tree.admin, countyFor(where));
      const month = (await send(api.app, `/api/campaigns/${drive}/bulletin`, { headers: tree.admin })).body.month;
      return { method: 'POST', path: `/api/campaigns/${drive}/bulletins`, body: { submissionId: id(), unitId: countyFor(where), month } };
    },
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/deliverables/:unitId',
    expect: managers,
    request: (_role, where) => ({
      method: 'POST',
      path: `/api/campaigns/${drives[where]}/deliverables/${townshipFor(where)}`,
      body: { submissionId: id(), kind: 'summary', text: '百日集中行动总结'.repeat(20) },
    }),
  },
  {
    method: 'GET',
    path: '/api/campaigns/:id/deliverables/:unitId',
    expect: managers,
    request: (_role, where) => ({ method: 'GET', path: `/api/campaigns/${drives[where]}/deliverables/${townshipFor(where)}` }),
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/deliverables/:unitId/:kind/approve',
    expect: managers,
    request: async (_role, where) => {
      const { path, version } = await deliveredSummary(where);
      return { method: 'POST', path: `${path}/approve`, body: { submissionId: id(), version } };
    },
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/deliverables/:unitId/:kind/return',
    expect: managers,
    request: async (_role, where) => {
      const { path, version } = await deliveredSummary(where);
      return { method: 'POST', path: `${path}/return`, body: { submissionId: id(), reason: '请补充', version } };
    },
  },
  {
    method: 'GET',
    path: '/api/campaigns/:id/deliverables/:unitId/case/attachments/:sha',
    expect: managers,
    request: (_role, where) => ({
      method: 'GET',
      path: `/api/campaigns/${drives[where]}/deliverables/${townshipFor(where)}/case/attachments/${caseFile.sha256}`,
    }),
  },
  {
    method: 'POST',
    path: '/api/attachments',
    expect: { anonymous: 'deny', administrator: 'allow', manager: 'allow', secretary: 'deny', researcher: 'deny' },
    request: () => {
      const form = new FormData();
      form.append('file', new File(['照片'], '照片.txt', { type: 'text/plain' }));
      return { method: 'POST', path: '/api/attachments', form };
    },
  },
  {
    method: 'GET',
    path: '/api/campaigns/:id/tables/:table',
    expect: managers,
    request: (_role, where) => ({ method: 'GET', path: `/api/campaigns/${drives[where]}/tables/1.xlsx` }),
  },
  { method: 'GET', path: '/api/inbox', expect: signedIn, request: () => ({ method: 'GET', path: '/api/inbox' }) },
  {
    method: 'GET',
    path: '/api/imports/:id',
    expect: { ...everyone('deny'), administrator: 'allow' },
    request: () => ({ method: 'GET', path: `/api/imports/${adminJob}` }),
  },
  // The workbench reads only the person's own units: anyone signed in has one.
  { method: 'GET', path: '/api/workbench', expect: signedIn, request: () => ({ method: 'GET', path: '/api/workbench' }) },
  // Reminders (催报) and the bell.
  {
    method: 'POST',
    path: '/api/units/:id/reminders',
    expect: managers,
    request: async (role, where) => ({
      method: 'POST',
      path: `/api/units/${await freshOrganisation(role === 'secretary' ? 'manager' : role, where)}/reminders`,
      body: { submissionId: id(), kind: 'monthlyReport', month: '2026-02' },
    }),
  },
  {
    method: 'POST',
    path: '/api/campaigns/:id/reminders',
    expect: managers,
    request: (_role, where) => ({
      method: 'POST',
      path: `/api/campaigns/${drives[where]}/reminders`,
      body: { submissionId: id(), kind: 'baseline', unitId: townshipFor(where) },
    }),
  },
  { method: 'GET', path: '/api/notifications', expect: signedIn, request: () => ({ method: 'GET', path: '/api/notifications' }) },
  { method: 'GET', path: '/api/notifications/unread', expect: signedIn, request: () => ({ method: 'GET', path: '/api/notifications/unread' }) },
  {
    method: 'POST',
    path: '/api/notifications/read',
    expect: signedIn,
    request: () => ({ method: 'POST', path: '/api/notifications/read', body: { submissionId: id(), upTo: '0' } }),
  },
  // A unit's ranks in the published bulletins: its managers and those above; secretaries and researchers take no part in drives.
  {
    method: 'GET',
    path: '/api/units/:id/ranks',
    expect: managers,
    request: (_role, where) => ({ method: 'GET', path: `/api/units/${townshipFor(where)}/ranks` }),
  },
  { method: 'GET', path: '/api/bulk-invitations/template', expect: signedIn, request: () => ({ method: 'GET', path: '/api/bulk-invitations/template' }) },
  {
    method: 'POST',
    path: '/api/bulk-invitations',
    expect: { anonymous: 'deny', administrator: 'allow', manager: { inside: 'allow', outside: 400 }, secretary: 'deny', researcher: 'deny' },
    request: (_role, where) => ({ method: 'POST', path: '/api/bulk-invitations', form: invitationFile(where === 'inside' ? 'T01' : 'T02', 'false') }),
  },
  {
    method: 'GET',
    path: '/api/bulk-invitations/:id',
    expect: { ...everyone('deny'), administrator: 'allow' },
    request: () => ({ method: 'GET', path: `/api/bulk-invitations/${adminInvitationJob}` }),
  },
  {
    method: 'GET',
    path: '/api/bulk-invitations/:id/links',
    expect: { ...everyone('deny'), administrator: 'allow' },
    request: () => ({ method: 'GET', path: `/api/bulk-invitations/${adminInvitationJob}/links` }),
  },
  // 批量审核 of deliverables, and the downloads of needs, targets and the inbox.
  {
    method: 'POST',
    path: '/api/campaigns/:id/deliverable-decisions',
    expect: managers,
    request: async (_role, where) => {
      const { path, version } = await deliveredSummary(where);
      const drive = path.split('/')[3]!;
      return {
        method: 'POST',
        path: `/api/campaigns/${drive}/deliverable-decisions`,
        body: { submissionId: id(), decision: 'approve', items: [{ unitId: townshipFor(where), kind: 'summary', version }] },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/units/:id/needs/export',
    expect: scoped,
    request: (role, where) => ({ method: 'GET', path: `/api/units/${unitFor(role, where)}/needs/export?month=2026-02&format=csv` }),
  },
  {
    method: 'GET',
    path: '/api/campaigns/:id/targets/export',
    expect: managers,
    request: (_role, where) => ({ method: 'GET', path: `/api/campaigns/${drives[where]}/targets/export?format=csv` }),
  },
  { method: 'GET', path: '/api/inbox/export', expect: signedIn, request: () => ({ method: 'GET', path: '/api/inbox/export?format=csv' }) },
  // Field attachments: anyone signed in uploads; a file is read by whoever may read the report (or visit, or case) naming it.
  {
    method: 'PUT',
    path: '/api/attachments/:sha256',
    expect: signedIn,
    request: () => {
      const bytes = png(4, 4, [uploads++ % 256, 7, 7]);
      return { method: 'PUT', path: `/api/attachments/${sha256(bytes)}`, raw: bytes };
    },
  },
  {
    method: 'GET',
    path: '/api/attachments/:sha256',
    expect: scoped,
    request: (_role, where) => ({ method: 'GET', path: `/api/attachments/${sha256(reportPhotos[where])}` }),
  },
];

describe('permission matrix', () => {
  it('has a row for every route of the app', () => {
    const routes = api.app.routes.filter((route) => route.method !== 'ALL').map((route) => `${route.method} ${route.path}`);
    const rows = new Set(matrix.map((row) => `${row.method} ${row.path}`));
    expect(routes.filter((route) => !rows.has(route))).toEqual([]);
    expect([...rows].filter((row) => !routes.includes(row))).toEqual([]);
  });

  const roles: Role[] = ['anonymous', 'administrator', 'manager', 'secretary', 'researcher'];
  for (const row of matrix) {
    for (const role of roles) {
      for (const where of ['inside', 'outside'] as const) {
        const rule = row.expect[role];
        const expected = typeof rule === 'object' ? rule[where] : rule;
        it(`${row.method} ${row.path} — ${role}, ${where} scope → ${expected}`, async () => {
          const request = await row.request(role, where);
          const headers: Record<string, string> = { ...(auth[role] ?? {}), ...request.headers };
          const init: RequestInit = { method: request.method, headers };
          if (request.form) init.body = request.form;
          else if (request.raw) init.body = request.raw;
          else if (request.body !== undefined) {
            headers['content-type'] = 'application/json';
            init.body = JSON.stringify(request.body);
          }
          // Signing out must not end the session the other rows use.
          if (request.method === 'DELETE') delete headers.authorization;
          const response = await api.app.request(request.path, init);
          const status = response.status;
          if (expected === 'allow') expect(status, await response.text()).toBeGreaterThanOrEqual(200);
          if (expected === 'allow') expect(status).toBeLessThan(300);
          if (expected === 'deny') expect(status, await response.text()).toBe(role === 'anonymous' ? 401 : 403);
          if (typeof expected === 'number') expect(status, await response.text()).toBe(expected);
        });
      }
    }
  }
});

/**
 * Existence probes: for every route the matrix denies outside a role's scope, the same request
 * with each id in its path replaced by one that exists nowhere gets the very same answer — status
 * and body — so an answer never tells what lies outside one's scope.
 */
describe('outside one’s scope answers exactly as what does not exist', () => {
  const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
  /** A file's address (attachments): replaced by the hash of content no one sent. */
  const SHA256 = '[0-9a-f]{64}';
  const send = async (role: Role, request: Request) => {
    const headers: Record<string, string> = { ...(auth[role] ?? {}), ...request.headers };
    const init: RequestInit = { method: request.method, headers };
    if (request.form) init.body = request.form;
    else if (request.raw) init.body = request.raw;
    else if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(request.body);
    }
    const response = await api.app.request(request.path, init);
    return { status: response.status, body: await response.text() };
  };
  for (const row of matrix.filter((candidate) => candidate.path.includes(':'))) {
    for (const role of ['manager', 'secretary', 'researcher'] as const) {
      const rule = row.expect[role];
      if ((typeof rule === 'object' ? rule.outside : rule) !== 'deny') continue;
      it(`${row.method} ${row.path} — ${role}: an id outside the scope answers as one that does not exist`, async () => {
        const outside = await row.request(role, 'outside');
        expect(outside.path).toMatch(new RegExp(`${UUID}|${SHA256}`)); // every such route takes an id (or a file's hash)
        const ghost = {
          ...outside,
          path: outside.path.replace(new RegExp(UUID, 'g'), () => uuidv7()).replace(new RegExp(SHA256, 'g'), () => sha256(png(2, 2, [uploads++ % 256, 1, 1]))),
        };
        const [real, none] = [await send(role, outside), await send(role, ghost)];
        expect(real).toEqual(none);
      });
    }
  }
});
