import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTable } from '../../api/tables/index.ts';
import { uuidv7 } from '../../events/ids.ts';
import { buildProvince, inviteUser, type Auth } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';
import { researchItems, visit } from './researchFixtures.ts';
import { sheetCells } from './sheetCells.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let researcher: Auth;
let outsider: Auth;
let countyManager: Auth;
let roundId = '';
let teamId = '';
let researcherId = '';
beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
  researcher = await inviteUser(api, tree.admin, 'researcher1', 'researcher', [tree.county]);
  outsider = await inviteUser(api, tree.admin, 'researcher2', 'researcher', [tree.otherCounty]);
  countyManager = await inviteUser(api, tree.admin, 'county1', 'manager', [tree.county]);
  const users = await send(api.app, '/api/users', { headers: tree.admin });
  researcherId = users.body.users.find((u: { loginName: string }) => u.loginName === 'researcher1').userId;
});
afterAll(() => api.close());

const post = (path: string, body: Record<string, unknown>, auth: Auth) => send(api.app, path, json({ submissionId: uuidv7(), ...body }, auth));
const get = (path: string, auth: Auth) => send(api.app, path, { headers: auth });

describe('field research (六个一)', () => {
  it('a province declares a round and forms a team with its regions', async () => {
    const round = await post(
      `/api/units/${tree.province}/research-rounds`,
      { name: '大团委建设大调研', startsOn: '2026-07-01', endsOn: '2026-07-15' },
      tree.admin,
    );
    expect(round.status).toBe(201);
    roundId = round.body.roundId;
    const team = await post(
      `/api/research-rounds/${roundId}/teams`,
      { name: '第一调研组', memberIds: [researcherId], regionIds: [tree.county, tree.city] },
      tree.admin,
    );
    expect(team.status).toBe(201);
    teamId = team.body.teamId;
    const notResearcher = await post(
      `/api/research-rounds/${roundId}/teams`,
      { name: '错组', memberIds: [tree.admin.authorization.length ? uuidv7() : ''], regionIds: [tree.county] },
      tree.admin,
    );
    expect(notResearcher.status).toBe(409);
  });

  it('a member records the six items for a region; the board shows 6/6 and the round its coverage', async () => {
    let last = '';
    for (const item of researchItems) {
      const { status, body } = await post(`/api/research-teams/${teamId}/visits`, visit(tree.county, item), researcher);
      expect(status).toBe(201);
      last = body.position;
    }
    const board = await get(`/api/research-teams/${teamId}?after=${last}`, researcher);
    const county = board.body.board.find((region: { regionId: string }) => region.regionId === tree.county);
    expect(county.done).toBe(6);
    expect(county.items.every((item: { done: boolean; records: Array<{ byName: string }> }) => item.done && item.records[0]!.byName === 'researcher1')).toBe(
      true,
    );
    const round = await get(`/api/research-rounds/${roundId}?today=2026-07-10`, tree.admin);
    expect(round.body.coverage).toEqual({ regions: 2, visited: 1, complete: 1 });
    expect(round.body.daysLeft).toBe(5);
    expect(round.body.status).toBe('running');
    const list = await get('/api/research-rounds', researcher);
    expect(list.body.rounds[0].teamList).toEqual([{ teamId, name: '第一调研组', member: true }]);
  });

  it('a visit is refused beside its fields, for a region not assigned, and for someone not in the team', async () => {
    const bad = await post(
      `/api/research-teams/${teamId}/visits`,
      { ...visit(tree.county, 'leaderTalk'), place: '', findings: [{ topic: 'weather', text: '' }] },
      researcher,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['findings.0.text', 'findings.0.topic', 'place']);
    const elsewhere = await post(`/api/research-teams/${teamId}/visits`, visit(tree.otherCounty, 'leaderTalk'), researcher);
    expect(elsewhere.status).toBe(409);
    expect((await post(`/api/research-teams/${teamId}/visits`, visit(tree.county, 'leaderTalk'), outsider)).status).toBe(403);
    const afterRound = await post(`/api/research-teams/${teamId}/visits`, { ...visit(tree.county, 'leaderTalk'), date: '2026-08-01' }, researcher);
    expect(afterRound.body.errors).toEqual([
      expect.objectContaining({ field: 'date', code: 'visitOutsideRound', message: '日期须在本次调研的起止日期(2026-07-01 至 2026-07-15)内' }),
    ]);
    // The team's board says where the round stands, for the form's default day.
    expect((await get(`/api/research-teams/${teamId}`, researcher)).body.round).toEqual({
      startsOn: '2026-07-01',
      endsOn: '2026-07-15',
      today: '2026-07-20',
      status: 'ended',
    });
    const noCount = await post(
      `/api/research-teams/${teamId}/visits`,
      { ...visit(tree.county, 'leaderTalk'), participants: { count: null, who: '' } },
      researcher,
    );
    expect(noCount.body.errors).toEqual([{ field: 'participants.count', code: 'required', message: '请填写人数' }]);
  });

  it('finds 合作社 inside 农村专业合作社, by topic, within scope, and exports to .xlsx', async () => {
    await post(`/api/research-teams/${teamId}/visits`, visit(tree.city, 'youthForum', [{ topic: 'prosperity', text: '返乡青年靠电商致富' }]), researcher);
    const found = await get(`/api/findings?q=${encodeURIComponent('合作社')}&topic=gathering`, countyManager);
    expect(found.body.total).toBe(6);
    expect(found.body.findings[0]).toMatchObject({
      text: '青年多在农村专业合作社和电商基地聚集',
      topic: 'gathering',
      teamName: '第一调研组',
      regionName: '示范县',
    });
    const prosperity = await get(`/api/findings?q=${encodeURIComponent('电商')}&topic=prosperity`, tree.admin);
    expect(prosperity.body.findings.map((f: { text: string }) => f.text)).toEqual(['返乡青年靠电商致富']);
    // The city's record is outside the county manager's scope.
    expect((await get(`/api/findings?q=${encodeURIComponent('致富')}`, countyManager)).body.total).toBe(0);
    expect((await get(`/api/findings?q=${encodeURIComponent('合作社')}`, outsider)).body.total).toBe(0);
    const response = await api.app.request(`/api/findings/export?q=${encodeURIComponent('合作社')}`, { headers: tree.admin });
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const table = parseTable('findings.xlsx', new Uint8Array(await response.arrayBuffer()));
    expect(table.headers).toEqual(['日期', '调研组', '地区', '调研事项', '地点', '主题', '发现', '建议', '记录人', '照片与附件(链接)']);
    // Six county findings, and the city's record whose participants (合作社负责人) match.
    expect(table.rows).toHaveLength(7);
    expect(table.rows[0]!.cells['发现']).toBe('青年多在农村专业合作社和电商基地聚集');
    // The day is a date cell; the same list as .csv, header first, the day as yyyy-mm-dd, in the order asked.
    const xlsxDates = sheetCells(
      new Uint8Array(await (await api.app.request(`/api/findings/export?q=${encodeURIComponent('合作社')}&sort=date`, { headers: tree.admin })).arrayBuffer()),
    )
      .slice(1)
      .map((row) => row[0]);
    const csv = await api.app.request(`/api/findings/export?q=${encodeURIComponent('合作社')}&sort=date&format=csv`, { headers: tree.admin });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = parseTable('findings.csv', new Uint8Array(await csv.arrayBuffer())).rows;
    expect(rows).toHaveLength(7);
    expect(rows.map((row) => row.cells['日期'])).toEqual([...rows.map((row) => row.cells['日期'])].sort());
    expect(xlsxDates).toEqual(rows.map((row) => ({ date: row.cells['日期'] })));

    // Paged: four at a time, the same six findings, each once; sorted by region or date either way.
    const base = `/api/findings?q=${encodeURIComponent('合作社')}&topic=gathering`;
    const first = (await get(`${base}&limit=4`, countyManager)).body;
    expect(first).toMatchObject({ total: 6, nextCursor: '4' });
    const second = (await get(`${base}&limit=4&cursor=4`, countyManager)).body;
    expect(second).toMatchObject({ total: 6, nextCursor: null });
    expect([...first.findings, ...second.findings]).toEqual(found.body.findings);
    const oldest = (await get(`${base}&sort=date`, countyManager)).body.findings.map((f: { date: string }) => f.date);
    expect(oldest).toEqual([...oldest].sort());
    expect((await get(`${base}&sort=mood`, countyManager)).status).toBe(400);
  });
});
