/**
 * 未评定 through the API: organisations entered on TEST_NOW (20 July) could not have reported
 * June (due 5 July), so June's health shows them not yet assessed, not 重建, with the day their
 * first report is due; one that sends June's report late is judged by it; 附件2 counts them as the
 * health page does; once the first due day has passed with nothing sent, silence is 重建 again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { parseTable } from '../../api/tables/index.ts';
import { declareDrive, submitDeliverable } from './campaignFixtures.ts';
import { buildProvince, openUnit } from './fixtures.ts';
import { at, json, send, startTestApi } from './harness.ts';
import { fullReport } from './reportFixtures.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let reporter: string;
beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
  reporter = await openUnit(api, tree.admin, 'organisation', tree.township, '南湾村团支部', {
    organisation: { field: 'village', buildingMode: 'independent' },
  });
});
afterAll(() => api.close());

const health = async (unitId: string, query: string, auth = tree.admin) => {
  const { status, body } = await send(api.app, `/api/units/${unitId}/health?${query}`, { headers: auth });
  expect(status).toBe(200);
  return body;
};

describe('not yet assessed (未评定)', () => {
  it('an organisation entered after June’s due day is 未评定 for June, with the day its first report is due', async () => {
    const june = await health(tree.township, 'month=2026-06');
    expect(june.distribution).toEqual({ consolidate: 0, improve: 0, rectify: 0, rebuild: 0, unassessed: 2 });
    const branch = june.branches.find((b: { unitId: string }) => b.unitId === tree.branch);
    expect(branch).toMatchObject({ healthClass: 'unassessed', computedClass: 'unassessed', why: ['新纳入系统,首次月报 2026-08-05 截止,届时再评定'] });
    // Counted the same at every level above.
    expect((await health(tree.province, 'month=2026-06')).distribution).toMatchObject({ rebuild: 0, unassessed: 3 });
    const en = await send(api.app, `/api/units/${tree.township}/health?month=2026-06`, { headers: { ...tree.admin, 'accept-language': 'en' } });
    expect(en.body.branches[0].why).toEqual(['New here: its first report is due 2026-08-05; assessed after that']);
  });

  it('one that sends June’s report late is judged by it; the list filters and downloads 未评定', async () => {
    const sent = await send(
      api.app,
      `/api/units/${reporter}/reports`,
      json({ submissionId: uuidv7(), month: '2026-06', report: fullReport('2026-06') }, tree.admin),
    );
    expect(sent.status).toBe(201);
    const june = await health(tree.township, `month=2026-06&after=${sent.body.position}`);
    expect(june.distribution.unassessed).toBe(1);
    expect(june.branches.find((b: { unitId: string }) => b.unitId === reporter).healthClass).not.toBe('unassessed');
    const only = await health(tree.township, 'month=2026-06&class=unassessed');
    expect(only.branches.map((b: { unitId: string }) => b.unitId)).toEqual([tree.branch]);
    const download = await api.app.request(`/api/units/${tree.township}/health/export?month=2026-06&class=unassessed&format=csv`, { headers: tree.admin });
    const { rows } = parseTable('health.csv', new Uint8Array(await download.arrayBuffer()));
    expect(rows.map((row) => [row.cells['团组织'], row.cells['分类'], row.cells['按规则']])).toEqual([['东风村团支部', '未评定', '未评定']]);
  });

  it('附件2 counts them apart from 重建, as the health page does', async () => {
    const campaignId = await declareDrive(api, tree.admin, tree.city);
    const submitted = await submitDeliverable(api, tree.admin, campaignId, tree.township, { kind: 'tables' });
    expect(submitted.status).toBe(201);
    const { body } = await send(api.app, `/api/campaigns/${campaignId}/deliverables/${tree.township}`, { headers: tree.admin });
    const totals = body.deliverables.find((d: { kind: string }) => d.kind === 'tables').content.table2;
    // 附件2's "now" columns describe June (the last full month on 20 July).
    const june = (await health(tree.township, 'month=2026-06')).distribution;
    expect(june.unassessed).toBe(1);
    expect(totals).toMatchObject({ organisations: 2, ...june });
  });

  it('after its first due day has passed with nothing sent, silence is 重建', async () => {
    const later = await at(api, '2026-08-06T09:00:00+08:00', async () => {
      const session = await send(api.app, '/api/session', json({ loginName: 'admin', password: 'correct horse battery' }));
      const auth = { authorization: `Bearer ${session.body.session.token}` };
      return { july: await health(tree.township, 'month=2026-07', auth), june: await health(tree.township, 'month=2026-06', auth) };
    });
    expect(later.july.branches.find((b: { unitId: string }) => b.unitId === tree.branch)).toMatchObject({
      healthClass: 'rebuild',
      why: ['近 3 个月没有上报月报'],
    });
    // June stays 未评定: it could never have been reported on time here.
    expect(later.june.branches.find((b: { unitId: string }) => b.unitId === tree.branch).healthClass).toBe('unassessed');
    // Its trend shows when it became assessable.
    expect(later.july.trend.slice(-2).map((m: { month: string; unassessed: number; rebuild: number }) => [m.month, m.unassessed, m.rebuild])).toEqual([
      ['2026-06', 1, 0],
      ['2026-07', 0, 1],
    ]);
  });
});
