import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as readModels from '../../../projections/index.ts';
import { buildProvince, inviteUser } from '../../../test/api/fixtures.ts';
import { send, startTestApi } from '../../../test/api/harness.ts';
import type { Actor } from '../../auth/scope.ts';
import type { Table } from '../../tables/index.ts';
import { invitationTemplateRows, parseRole } from './layout.ts';
import { derivedLoginNames, planInvitations } from './plan.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let world: Awaited<ReturnType<typeof buildProvince>>;
let countyManager: Actor;
let admin: Actor;
beforeAll(async () => {
  api = await startTestApi();
  world = await buildProvince(api);
  const auth = await inviteUser(api, world.admin, 'county1', 'manager', [world.county]);
  await inviteUser(api, world.admin, 'taken1', 'secretary', [world.otherBranch]);
  const me = async (headers: Record<string, string>) => (await send(api.app, '/api/session', { headers })).body.user;
  const asActor = (user: { userId: string; loginName: string; displayName: string; role: Actor['role']; units: { id: string }[] }): Actor => ({
    userId: user.userId,
    loginName: user.loginName,
    displayName: user.displayName,
    role: user.role,
    unitIds: user.units.map((unit) => unit.id),
  });
  countyManager = asActor(await me(auth));
  admin = asActor(await me(world.admin));
});
afterAll(() => api.close());

const header = ['组织编码', '姓名', '角色', '手机号', '电子邮箱', '用户名'];
/** A sheet as the reader gives it: the header on line 1, data rows from line 2. */
function sheet(rows: string[][], headers = header): Table {
  return { headers, rows: rows.map((cells, i) => ({ line: i + 2, cells: Object.fromEntries(headers.map((h, j) => [h, cells[j] ?? ''])) })) };
}
const plan = (rows: string[][], actor = countyManager, headers = header) =>
  planInvitations(sheet(rows, headers), api.runtime.runner.state(readModels.organisationTree), api.runtime.runner.state(readModels.accounts), actor);
const problems = (result: Awaited<ReturnType<typeof plan>>) => result.errors.map((error) => `${error.line}:${error.column}:${error.problem}`);

describe('checking the rows of an invitation sheet', () => {
  it('plans a secretary of an organisation and a researcher of a township, deriving their login names', async () => {
    const result = await plan([
      ['O01', '张晓明', '团支部书记', '13800000001', 'ZXM@example.cn', ''],
      ['T01', '李娜', '调研员', '', '', ''],
    ]);
    expect(result.errors).toEqual([]);
    expect(result.invitations).toEqual([
      expect.objectContaining({
        line: 2,
        unitId: world.branch,
        unitName: '东风村团支部',
        displayName: '张晓明',
        role: 'secretary',
        loginName: 'o01.sj',
        derived: true,
        email: 'zxm@example.cn',
        phone: '13800000001',
      }),
      expect.objectContaining({ line: 3, unitId: world.township, role: 'researcher', loginName: 't01.dy', derived: true }),
    ]);
    expect(result.summary).toEqual({ invite: 2, alreadyInvited: 0, samples: 0 });
  });

  it('answers a code outside the inviter’s scope exactly as a code that does not exist', async () => {
    const result = await plan([
      ['O02', '外县书记', '团支部书记'],
      ['NOPE', '无此组织', '团支部书记'],
    ]);
    expect(result.errors.map(({ line, problem, value }) => ({ line, problem, value }))).toEqual([
      { line: 2, problem: 'unknownCode', value: 'O02' },
      { line: 3, problem: 'unknownCode', value: 'NOPE' },
    ]);
    // An administrator sees the other county: the same row is fine.
    expect((await plan([['O02', '外县书记', '团支部书记']], admin)).errors).toEqual([]);
  });

  it('refuses a secretary of a township, a bad role, bad contacts, and a missing name', async () => {
    expect(
      problems(
        await plan([
          ['T01', '王强', '团支部书记'],
          ['O01', '赵六', '队长'],
          ['O01', '孙七', '团支部书记', '12ab', 'not-an-email'],
          ['O01', '', '团支部书记'],
          ['', '无编码', ''],
        ]),
      ),
    ).toEqual([
      '2:role:wrongRoleForUnit',
      '3:role:badRole',
      '4:phone:badPhone',
      '4:email:badEmail',
      '5:displayName:required',
      '6:role:required',
      '6:unitCode:required',
    ]);
  });

  it('refuses login names that are invalid, written twice in the sheet, or someone else’s', async () => {
    expect(
      problems(
        await plan([
          ['O01', '甲', '团支部书记', '', '', 'Ab'],
          ['O01', '乙', '团支部书记', '', '', 'same.name'],
          ['T01', '丙', '调研员', '', '', 'same.name'],
          ['O01', '丁', '团支部书记', '', '', 'taken1'],
        ]),
      ),
    ).toEqual(['2:loginName:invalidLogin', '4:loginName:duplicateLogin', '5:loginName:loginTaken']);
  });

  it('gives two people of one unit and role different derived names, never one written in the sheet', async () => {
    const result = await plan([
      ['O01', '甲', '团支部书记'],
      ['O01', '乙', '团支部书记', '', '', 'o01.sj-2'],
      ['O01', '丙', '团支部书记'],
    ]);
    expect(result.invitations.map((row) => row.loginName)).toEqual(['o01.sj', 'o01.sj-2', 'o01.sj-3']);
  });

  it('skips the template’s notes and sample rows, and names the missing columns', async () => {
    const [headers, ...rows] = invitationTemplateRows();
    const result = await plan(rows, countyManager, headers);
    expect(result.summary).toEqual({ invite: 0, alreadyInvited: 0, samples: 3 });
    expect(result.errors).toEqual([]);
    expect(problems(await plan([['O01']], countyManager, ['组织编码']))).toEqual(['1:displayName:missingColumn', '1:role:missingColumn']);
  });

  it('reads roles and headers in Chinese or English', async () => {
    expect(['团支部书记', 'secretary', 'Researcher', '调研组成员', '管理员', 'manager'].map(parseRole)).toEqual([
      'secretary',
      'secretary',
      'researcher',
      'researcher',
      'manager',
      'manager',
    ]);
    const result = await plan([['O01', 'Zhang', 'Secretary']], countyManager, ['Unit code', 'Name', 'Role']);
    expect(result.invitations).toHaveLength(1);
  });

  it('derives valid, stable names from any code', () => {
    const loginName = /^[a-z0-9][a-z0-9._-]{2,31}$/;
    for (const code of ['O01', '示例-东风村', '4201-0001-0002-0003-0004-0005-0006', '---', 'A']) {
      const first = derivedLoginNames(code, 'manager').next().value!;
      expect(first).toMatch(loginName);
      expect(derivedLoginNames(code, 'manager').next().value).toBe(first);
    }
    expect(derivedLoginNames('东风村', 'secretary').next().value).not.toBe(derivedLoginNames('西风村', 'secretary').next().value);
  });
});
