/**
 * Bulk invitations from a spreadsheet (批量邀请): the template, the dry run's row errors, the
 * invitations made once however often the sheet is sent, the inviter's scope, and the links kept
 * for the inviter alone for 24 hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { parseTable, writeXlsx } from '../../api/tables/index.ts';
import { readZip } from '../../api/tables/zip.ts';
import { buildProvince, inviteUser, type Auth } from './fixtures.ts';
import { json, send, startTestApi, TEST_NOW } from './harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let world: Awaited<ReturnType<typeof buildProvince>>;
let manager: Auth;
let otherManager: Auth;
beforeAll(async () => {
  api = await startTestApi();
  world = await buildProvince(api);
  manager = await inviteUser(api, world.admin, 'county1', 'manager', [world.county]);
  otherManager = await inviteUser(api, world.admin, 'county2', 'manager', [world.county]);
});
afterAll(() => api.close());

const header = ['组织编码', '姓名', '角色', '手机号', '电子邮箱', '用户名'];
const upload = (auth: Auth, rows: string[][], dryRun: boolean) => {
  const form = new FormData();
  form.set('file', new File([writeXlsx([{ name: '批量邀请', rows: [header, ...rows] }]) as Uint8Array<ArrayBuffer>], '邀请.xlsx'));
  form.set('dryRun', String(dryRun));
  return send(api.app, '/api/bulk-invitations', { method: 'POST', body: form, headers: auth });
};
const invitedEvents = async () => (await api.runtime.store.readAll({ maxCount: 100_000 })).filter((event) => event.type === 'UserInvited').length;
async function finished(auth: Auth, jobId: string) {
  await expect
    .poll(async () => (await send(api.app, `/api/bulk-invitations/${jobId}`, { headers: auth })).body.job.status, { timeout: 20_000 })
    .not.toBe('running');
  return (await send(api.app, `/api/bulk-invitations/${jobId}?limit=500`, { headers: auth })).body;
}

describe('the invitation template', () => {
  it('is a workbook with a drop-down for 角色, a 填写说明 sheet, and sample rows a dry run skips', async () => {
    const response = await api.app.request('/api/bulk-invitations/template', { headers: manager });
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const zip = readZip(bytes);
    const workbook = new TextDecoder().decode(zip.read('xl/workbook.xml'));
    expect(workbook).toContain('name="批量邀请"');
    expect(workbook).toContain('name="填写说明"');
    const sheet = new TextDecoder().decode(zip.read('xl/worksheets/sheet1.xml'));
    expect(sheet).toContain('sqref="C3:C50000"><formula1>"团支部书记,调研员,管理员"</formula1>');
    expect(parseTable('t.xlsx', bytes).headers).toEqual(header);
    const form = new FormData();
    form.set('file', new File([bytes], 'template.xlsx'));
    const checked = await send(api.app, '/api/bulk-invitations', { method: 'POST', body: form, headers: manager });
    expect(checked.body).toMatchObject({ dryRun: true, summary: { invite: 0, samples: 3 }, errors: [] });
  });
});

describe('a dry run', () => {
  it('lists every bad row with its row number and the allowed values, and writes nothing', async () => {
    const before = await invitedEvents();
    const { status, body } = await upload(
      manager,
      [
        ['O01', '张晓明', '团支部书记', '13800000001', '', ''],
        ['T01', '李娜', '团支部书记', '', '', ''],
        ['O02', '外县书记', '团支部书记', '', '', ''],
        ['O01', '王强', '队长', '', '', ''],
        ['O01', '赵六', '团支部书记', '123', 'x@', ''],
        ['O01', '钱七', '团支部书记', '', '', 'county1'],
      ],
      true,
    );
    expect(status).toBe(200);
    expect(body.summary).toEqual({ invite: 1, alreadyInvited: 0, samples: 0 });
    expect(body.invitations).toEqual([expect.objectContaining({ line: 2, loginName: 'o01.sj', unitName: '东风村团支部' })]);
    expect(body.errors.map((error: { message: string }) => error.message)).toEqual([
      '第 3 行「角色」:角色与组织层级不符:团支部书记只能邀请到团组织,调研员和管理员邀请到省、市、县或乡镇(“团支部书记”)',
      '第 4 行「组织编码」:您管理的范围内没有这个组织编码(“O02”)',
      '第 5 行「角色」:角色不在列表中,可选:团支部书记、调研员、管理员(“队长”)',
      '第 6 行「手机号」:不是有效的手机号(6–20 位数字,可含空格、短横线或 +)(“123”)',
      '第 6 行「电子邮箱」:不是有效的电子邮箱(“x@”)',
      '第 7 行「用户名」:用户名已被他人使用,请换一个或留空自动生成(“county1”)',
    ]);
    expect(await invitedEvents()).toBe(before);
  });

  it('refuses to invite from a sheet with bad rows', async () => {
    const before = await invitedEvents();
    const { status, body } = await upload(
      manager,
      [
        ['O01', '张晓明', '团支部书记'],
        ['NOPE', '李娜', '调研员'],
      ],
      false,
    );
    expect(status).toBe(400);
    expect(body.errorCount).toBe(1);
    expect(await invitedEvents()).toBe(before);
  });

  it('is for managers and administrators only', async () => {
    const secretary = await inviteUser(api, world.admin, 'secretary9', 'secretary', [world.branch]);
    expect((await upload(secretary, [['O01', '张晓明', '团支部书记']], true)).status).toBe(403);
    expect((await api.app.request('/api/bulk-invitations', { method: 'POST', body: new FormData() })).status).toBe(401);
  });
});

describe('inviting', () => {
  const sheet = [
    ['O01', '张晓明', '团支部书记', '13800000001', 'zxm@example.cn', ''],
    ['T01', '李娜', '调研员', '', '', ''],
    ['T01', '陈刚', '管理员', '', '', 'chengang'],
  ];
  let jobId = '';
  let links: Array<{ loginName: string; link: string; token: string; unitCode: string; displayName: string; expiresAt: string }> = [];

  it('invites each good row once through the account decider, and keeps the links for the inviter', async () => {
    const before = await invitedEvents();
    const started = await upload(manager, sheet, false);
    expect(started.status).toBe(202);
    jobId = started.body.job.id;
    const result = await finished(manager, jobId);
    expect(result.job).toMatchObject({ status: 'done', done: 3, total: 3 });
    expect(await invitedEvents()).toBe(before + 3);
    links = result.links;
    expect(links.map((link) => link.loginName)).toEqual(['o01.sj', 't01.dy', 'chengang']);
    expect(links[0]!.link).toBe(`http://localhost/invite/${links[0]!.token}`);
    expect(result.keptUntil).toBe(new Date(Date.parse(TEST_NOW) + 24 * 3_600_000).toISOString());
    // Only the hash reaches the log.
    const logged = JSON.stringify(await api.runtime.store.readAll({ maxCount: 100_000 }), (_key, value) => (typeof value === 'bigint' ? String(value) : value));
    expect(logged).not.toContain(links[0]!.token);
    const users = await send(api.app, '/api/users?q=o01.sj', { headers: manager });
    expect(users.body.users[0]).toMatchObject({ loginName: 'o01.sj', role: 'secretary', status: 'invited', email: 'zxm@example.cn', phone: '13800000001' });
  });

  it('invites no one twice when the same sheet is sent again', async () => {
    const before = await invitedEvents();
    const checked = await upload(manager, sheet, true);
    expect(checked.body.summary).toEqual({ invite: 0, alreadyInvited: 3, samples: 0 });
    const again = await upload(manager, sheet, false);
    const result = await finished(manager, again.body.job.id);
    expect(result).toMatchObject({ job: { status: 'done', total: 0 }, linkCount: 0 });
    expect(await invitedEvents()).toBe(before);
  });

  it('downloads the links as a spreadsheet (.xlsx, or .csv)', async () => {
    const xlsx = await api.app.request(`/api/bulk-invitations/${jobId}/links`, { headers: manager });
    expect(xlsx.status).toBe(200);
    const sheet = new TextDecoder().decode(readZip(new Uint8Array(await xlsx.arrayBuffer())).read('xl/worksheets/sheet1.xml'));
    for (const link of links) expect(sheet).toContain(link.link);
    const csv = await api.app.request(`/api/bulk-invitations/${jobId}/links?format=csv`, { headers: manager });
    const table = parseTable('links.csv', new Uint8Array(await csv.arrayBuffer()));
    expect(table.headers).toEqual(['组织编码', '组织名称', '姓名', '角色', '用户名', '邀请链接', '有效期至']);
    expect(table.rows.map((row) => [row.cells['组织编码'], row.cells['姓名'], row.cells['用户名'], row.cells['邀请链接']])).toEqual(
      links.map((link) => [link.unitCode, link.displayName, link.loginName, link.link]),
    );
  });

  it('shows the job and its links to the person who ran it only', async () => {
    expect((await send(api.app, `/api/bulk-invitations/${jobId}`, { headers: otherManager })).status).toBe(403);
    expect((await send(api.app, `/api/bulk-invitations/${jobId}`, { headers: world.admin })).status).toBe(403);
    expect((await api.app.request(`/api/bulk-invitations/${jobId}/links`, { headers: otherManager })).status).toBe(403);
    expect((await send(api.app, `/api/bulk-invitations/${uuidv7()}`, { headers: manager })).status).toBe(403);
  });

  it('lets an invited person open their link and set a password', async () => {
    const token = links[0]!.token;
    expect((await send(api.app, `/api/invitations/${token}`)).body.invitation).toMatchObject({ loginName: 'o01.sj', displayName: '张晓明' });
    const accepted = await send(api.app, `/api/invitations/${token}`, json({ submissionId: uuidv7(), password: 'a long enough password' }));
    expect(accepted.status).toBe(201);
  });

  it('forgets the links after 24 hours', async () => {
    api.clock.advance(24 * 3_600_000 + 60_000);
    try {
      // A day later the session has ended too: the manager signs in again.
      const session = await send(api.app, '/api/session', json({ loginName: 'county1', password: 'county1 long password' }));
      const again = { authorization: `Bearer ${session.body.session.token}` };
      const result = await send(api.app, `/api/bulk-invitations/${jobId}`, { headers: again });
      expect(result.body).toMatchObject({ links: [], linkCount: 0, linksGone: true });
      expect((await api.app.request(`/api/bulk-invitations/${jobId}/links`, { headers: again })).status).toBe(403);
    } finally {
      api.clock.set(TEST_NOW);
    }
  });
});
