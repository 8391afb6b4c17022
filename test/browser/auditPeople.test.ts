/**
 * The audit trail read by people: each line names who did it, to which unit (a link that narrows
 * the trail to that unit), and what changed, before → after — a rename, a reclassification, a
 * move, an override of a branch's class, a report returned with its reason. On a phone too.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { chinaDate, monthBefore } from '../../projections/calendar.ts';
import { fullReport } from '../api/reportFixtures.ts';
import { TEST_NOW } from './harness.ts';
import { follow, post, shot } from './helpers.ts';
import { reportingStage } from './reportingStage.ts';

const stage = reportingStage();
const month = monthBefore(chinaDate(TEST_NOW));

describe('the audit trail for people', () => {
  it('shows each change before → after, with the unit it concerns, and narrows to one unit', async () => {
    const { url } = stage.app;
    const { token, county, branch } = stage.tree;
    const revision = async () =>
      ((await (await fetch(`${url}/api/units/${branch}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { unit: { revision: string } }).unit
        .revision;
    await post(url, `/api/units/${branch}/rename`, { submissionId: uuidv7(), name: '东风社区团支部', revision: await revision() }, token);
    await post(url, `/api/units/${branch}/reclassify`, { submissionId: uuidv7(), organisation: { field: 'enterprise', buildingMode: 'joint' } }, token);
    const { unitId: hekou } = await post<{ unitId: string }>(
      url,
      '/api/units',
      { submissionId: uuidv7(), kind: 'township', parentId: county, name: '河口镇团委', on: '2026-01-01' },
      token,
    );
    await post(url, `/api/units/${branch}/move`, { submissionId: uuidv7(), parentId: hekou, revision: await revision() }, token);
    await post(url, `/api/units/${branch}/health/override`, { submissionId: uuidv7(), month, healthClass: 'improve', reason: '已制定整改计划' }, token);
    const version = uuidv7();
    await post(url, `/api/units/${branch}/reports`, { submissionId: version, month, report: fullReport(month) }, token);
    await post(url, `/api/units/${branch}/reports/${month}/return`, { submissionId: uuidv7(), version, reason: '请补充活动照片' }, token);

    const page = await stage.admin.newPage();
    await page.goto(`${url}/units/${county}/audit?sort=time&limit=50`);
    const rows = () => page.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    const lines = (await rows()).map((row) => row.slice(1));
    expect(lines).toEqual(
      expect.arrayContaining([
        ['王管理', '东风社区团支部', '更名', expect.stringContaining('「东风村团支部」 → 「东风社区团支部」')],
        ['王管理', '东风社区团支部', '变更领域或建团模式', expect.stringContaining('村团支部 · 独立建团 → 企业 · 联合建团')],
        ['王管理', '东风社区团支部', '调整隶属', expect.stringContaining('「城关镇团委」 → 「河口镇团委」')],
        ['王管理', '东风社区团支部', '调整健康分类', `${month} 月报 · 按规则分类 → 提高 · 原因:已制定整改计划`],
        ['王管理', '东风社区团支部', '退回月报', `${month} 月报 · 退回原因:请补充活动照片`],
      ]),
    );
    // Time order, oldest first: the rename comes before the move, the move before the return.
    const actions = lines.map((line) => line[2]);
    expect(actions.indexOf('更名')).toBeLessThan(actions.indexOf('调整隶属'));
    expect(actions.indexOf('调整隶属')).toBeLessThan(actions.indexOf('退回月报'));
    await shot(page, 'audit-before-after');
    // The unit's name narrows the trail to that unit, keeping the order.
    await follow(page, 'tbody tr td a:text("东风社区团支部")');
    expect(page.url()).toContain(`/units/${branch}/audit?sort=time`);
    const narrowed = await rows();
    expect(new Set(narrowed.map((row) => row[2]))).toEqual(new Set(['东风社区团支部']));
    expect(narrowed.length).toBeGreaterThanOrEqual(6);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await shot(page, 'audit-before-after-phone');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  }, 60_000);
});
