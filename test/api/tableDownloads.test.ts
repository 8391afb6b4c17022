/**
 * The downloads of youth needs, the drive's targets and the 审核 inbox: every row the page's filter
 * keeps, in Chinese (or English when asked), as .csv (header first) and .xlsx (title lines, then
 * the header; numbers as number cells, days and times as date cells).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { parseTable } from '../../api/tables/index.ts';
import { declareDrive, submitDeliverable } from './campaignFixtures.ts';
import { buildProvince, inviteUser, openUnit, type Auth } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';
import { fullReport } from './reportFixtures.ts';
import { sheetCells } from './sheetCells.ts';

const month = '2026-06';
let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let county: Auth;
let drive = '';
let quiet = '';
let last = '';

beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
  county = await inviteUser(api, tree.admin, 'county1', 'manager', [tree.county]);
  const village = { organisation: { field: 'village', buildingMode: 'independent' } };
  const second = await openUnit(api, tree.admin, 'organisation', tree.township, '西岭村团支部', village);
  await openUnit(api, tree.admin, 'organisation', tree.township, '南山村团支部', village); // never reports
  // A township without a population: no total target, so never "missing" it.
  quiet = await openUnit(api, tree.admin, 'township', tree.county, '青山镇团委');
  await send(api.app, `/api/units/${tree.branch}/reports`, json({ submissionId: uuidv7(), month, report: fullReport(month) }, tree.admin));
  const sent = await send(
    api.app,
    `/api/units/${second}/reports`,
    json(
      {
        submissionId: uuidv7(),
        month,
        report: fullReport(month, {
          survey: {
            respondents: 7,
            needs: [
              { category: 'jobs', count: 2 },
              { category: 'rights', count: 4 },
            ],
            freeText: '',
          },
        }),
      },
      tree.admin,
    ),
  );
  drive = await declareDrive(api, tree.admin, tree.county);
  await submitDeliverable(api, tree.admin, drive, tree.township, { kind: 'summary', text: '本镇百日集中行动总结。'.repeat(12) });
  const returned = uuidv7();
  await submitDeliverable(api, tree.admin, drive, quiet, { kind: 'summary', text: '青山镇百日集中行动总结。'.repeat(12), submissionId: returned });
  const decided = await send(
    api.app,
    `/api/campaigns/${drive}/deliverables/${quiet}/summary/return`,
    json({ submissionId: uuidv7(), version: returned, reason: '请补充数据' }, county),
  );
  last = decided.body.position ?? sent.body.position;
});
afterAll(() => api.close());

async function download(path: string, auth: Auth, headers: Record<string, string> = {}) {
  const response = await api.app.request(`${path}${path.includes('?') ? '&' : '?'}after=${last}`, { headers: { ...auth, ...headers } });
  expect(response.status, path).toBe(200);
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}
const csv = async (path: string, auth: Auth, headers: Record<string, string> = {}) =>
  parseTable('x.csv', (await download(`${path}&format=csv`, auth, headers)).bytes);

describe('youth needs downloaded', () => {
  it('one row per organisation that reported the month, each need a number, summing to the page’s counts', async () => {
    const table = await csv(`/api/units/${tree.county}/needs/export?month=${month}`, county);
    expect(table.headers.slice(0, 4)).toEqual(['团组织', '乡镇(街道)', '县(区)', '调查人数']);
    expect(table.headers.at(-1)).toBe('青年原话');
    expect(table.rows.map((row) => [row.cells['团组织'], row.cells['乡镇(街道)'], row.cells['调查人数'], row.cells['青年原话']])).toEqual([
      ['东风村团支部', '城关镇团委', '20', '希望开展电商培训'],
      ['西岭村团支部', '城关镇团委', '7', ''],
    ]);
    const page = (await send(api.app, `/api/units/${tree.county}/needs?month=${month}`, { headers: county })).body;
    const categories = table.headers.slice(4, -1);
    expect(categories).toEqual(page.categories.map((category: { zh: string }) => category.zh));
    for (const category of page.categories as Array<{ zh: string; count: number }>) {
      expect(
        table.rows.reduce((sum, row) => sum + Number(row.cells[category.zh]), 0),
        category.zh,
      ).toBe(category.count);
    }
    // As .xlsx: the title, then the header; the counts are number cells.
    const cells = sheetCells((await download(`/api/units/${tree.county}/needs/export?month=${month}`, county)).bytes);
    expect(cells[0]![0]).toContain('青年需求');
    expect(cells[1]!.slice(0, 4)).toEqual(['团组织', '乡镇(街道)', '县(区)', '调查人数']);
    expect(cells[2]!.slice(0, 5)).toEqual(['东风村团支部', '城关镇团委', '示范县', 20, 9]);
    // Another month (the filter): nothing reported, only the header.
    expect((await csv(`/api/units/${tree.county}/needs/export?month=2026-05`, county)).rows).toEqual([]);
    expect((await csv(`/api/units/${tree.county}/needs/export?month=${month}`, county, { 'accept-language': 'en' })).headers[3]).toBe('Surveyed');
  });
});

describe('the drive’s targets downloaded', () => {
  it('every township of the area, or only those missing a target; figures as numbers, met as 1/0', async () => {
    const all = await csv(`/api/campaigns/${drive}/targets/export?unit=${tree.county}&sort=name`, county);
    expect(all.headers.slice(0, 4)).toEqual(['市(州)', '县(区)', '乡镇(街道)', '人口']);
    expect(all.rows.map((row) => row.cells['乡镇(街道)']).sort()).toEqual(['城关镇团委', '青山镇团委'].sort());
    const chengguan = all.rows.find((row) => row.cells['乡镇(街道)'] === '城关镇团委')!;
    expect([
      chengguan.cells['市(州)'],
      chengguan.cells['人口'],
      chengguan.cells['总数目标(按人口)'],
      chengguan.cells['总数达标'],
      chengguan.cells['团组织数'],
    ]).toEqual(['示范市', '52000', '40', '0', '3']);
    const qingshan = all.rows.find((row) => row.cells['乡镇(街道)'] === '青山镇团委')!;
    expect([qingshan.cells['人口'], qingshan.cells['总数目标(按人口)'], qingshan.cells['总数达标']]).toEqual(['', '', '']);
    // The page's filter: those missing the total target (a township without a population is not one of them).
    const missing = await csv(`/api/campaigns/${drive}/targets/export?unit=${tree.county}&unmet=total`, county);
    expect(missing.rows.map((row) => row.cells['乡镇(街道)'])).toEqual(['城关镇团委']);
    const cells = sheetCells((await download(`/api/campaigns/${drive}/targets/export?unit=${tree.county}&unmet=total`, county)).bytes);
    expect(cells[1]![0]).toContain('筛选:未达总数目标');
    expect(cells[3]!.slice(0, 7)).toEqual(['示范市', '示范县', '城关镇团委', 52000, 7, 3, 3]);
  });
});

describe('the 审核 inbox downloaded', () => {
  it('what waits and what was returned, of the kind asked; days and times as date cells', async () => {
    const table = await csv('/api/inbox/export?kind=summary', county);
    expect(table.headers).toEqual([
      '行动',
      '单位',
      '材料',
      '状态',
      '截止日期',
      '提交日期',
      '逾期提交',
      '收到时间',
      '修改次数',
      '案例标题',
      '整顿名单支部数',
      '退回原因',
    ]);
    expect(table.rows.map((row) => [row.cells['单位'], row.cells['材料'], row.cells['状态'], row.cells['退回原因']])).toEqual([
      ['城关镇团委', '书面总结', '待审核', ''],
      ['青山镇团委', '书面总结', '已退回', '请补充数据'],
    ]);
    expect(table.rows[0]!.cells['截止日期']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.rows[0]!.cells['收到时间']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    // Another kind (the filter): nothing.
    expect((await csv('/api/inbox/export?kind=case', county)).rows).toEqual([]);
    const cells = sheetCells((await download('/api/inbox/export?kind=summary', county)).bytes);
    const row = cells[3]!;
    expect(row.slice(0, 4)).toEqual(['百日集中行动', '城关镇团委', '书面总结', '待审核']);
    expect(row[4]).toEqual({ date: table.rows[0]!.cells['截止日期'] });
    expect(row[7]).toEqual({ date: table.rows[0]!.cells['收到时间'] });
    expect(row[8]).toBe(0);
  });
});
