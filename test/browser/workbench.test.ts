/**
 * The workbench (工作台) in the browser, at the app's today (TEST_NOW, 20 July: June's reports
 * were due 5 July): a secretary sees their overdue report and opens the form from it, then the
 * township's reason once it is returned; the township's manager sees who is missing and what
 * awaits approval and goes to review; the administrator sees the province's children most
 * behind. On a 390 px phone the cards fit the screen.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { chinaDate, monthBefore } from '../../projections/calendar.ts';
import { fullReport } from '../api/reportFixtures.ts';
import { TEST_NOW } from './harness.ts';
import { follow, post, shot } from './helpers.ts';
import { reportingStage, text } from './reportingStage.ts';

const stage = reportingStage();
const month = monthBefore(chinaDate(TEST_NOW));

describe('the workbench in the browser', () => {
  it('each role sees what waits for them and acts from it', async () => {
    const { url } = stage.app;
    const { token, township, branch } = stage.tree;
    const other = await post<{ unitId: string }>(
      url,
      '/api/units',
      {
        submissionId: uuidv7(),
        kind: 'organisation',
        parentId: township,
        name: '南湾村团支部',
        on: '2026-01-01',
        organisation: { field: 'village', buildingMode: 'independent' },
      },
      token,
    );
    await post(
      url,
      '/api/units',
      {
        submissionId: uuidv7(),
        kind: 'organisation',
        parentId: township,
        name: '西岭村团支部',
        on: '2026-01-01',
        organisation: { field: 'village', buildingMode: 'independent' },
      },
      token,
    );
    const sent = await post<{ position: string }>(
      url,
      `/api/units/${other.unitId}/reports`,
      { submissionId: uuidv7(), month, report: fullReport(month) },
      token,
    );

    // The secretary, on a phone: their report is overdue; one tap opens the month's form.
    const secretary = await stage.secretary.newPage();
    await secretary.setViewportSize({ width: 390, height: 844 });
    await secretary.goto(`${url}/`);
    await expect(text(secretary, 'h1')).resolves.toBe('工作台');
    const report = secretary.locator('[data-todo=report]');
    await expect(report.locator('h2').textContent()).resolves.toBe('东风村团支部 · 月报');
    await expect(report.locator('.standing').textContent()).resolves.toBe('尚未提交 · 已逾期 15 天');
    await shot(secretary, 'workbench-secretary-phone');
    expect(await secretary.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
    await follow(secretary, '[data-todo=report] a.button');
    expect(new URL(secretary.url()).pathname).toBe(`/units/${branch}/reports`);
    expect(new URL(secretary.url()).searchParams.get('month')).toBe(month);

    // The township's manager: two branches missing and overdue, one report to approve.
    const manager = await stage.manager.newPage();
    await manager.goto(`${url}/?after=${sent.position}`);
    const area = manager.locator('[data-todo=area]');
    await expect(area.locator('h2 a').textContent()).resolves.toBe('城关镇团委');
    const lines = (await area.locator('.actions li').allTextContents()).map((line) => line.replace(/\s+/g, ' ').trim());
    expect(lines[0]).toMatch(/^逾期未报 2 个 查看未报名单 (东风村团支部、西岭村团支部|西岭村团支部、东风村团支部)$/);
    expect(lines[1]).toBe('催报全部未报(2)');
    expect(lines[2]).toBe('待审核 1 份 去审核');
    await shot(manager, 'workbench-township');
    // 催报 in one tap: the month view opens with what was sent.
    await manager.click('[data-todo=area] li.remind button');
    await manager.waitForURL((address) => address.pathname === `/units/${township}/month`);
    await expect(text(manager, '[data-testid=reminded]')).resolves.toBe('已提醒 2 个团组织,1 人。');
    await manager.goto(`${url}/`);
    await follow(manager, '[data-todo=area] .actions a:text("查看未报名单")');
    expect(new URL(manager.url()).searchParams.get('status')).toBe('missing');

    await manager.goto(`${url}/`);
    await follow(manager, '[data-todo=area] .actions a:text("去审核")');
    expect(new URL(manager.url()).pathname).toBe(`/units/${township}/month`);

    // Branches entered today could not have reported June (due 5 July): the health page shows them 未评定, not 重建.
    await manager.goto(`${url}/units/${township}/health?month=${month}`);
    await expect(manager.locator('.class-card.unassessed dd').textContent()).resolves.toBe('2');
    await expect(manager.locator('.class-card.rebuild dd').textContent()).resolves.toBe('0');
    await shot(manager, 'health-unassessed');

    // The administrator sees the province: the city is the child most behind.
    const admin = await stage.admin.newPage();
    await admin.goto(`${url}/`);
    const province = admin.locator('[data-todo=area]');
    await expect(province.locator('h2 a').textContent()).resolves.toBe('示范省');
    await expect(province.locator('.behind li').allTextContents()).resolves.toEqual(['示范市 未报 2 / 3']);
    await shot(admin, 'workbench-province');

    // Returned: the secretary reads the reason on their workbench.
    // A report's version is the submission id it was sent with.
    const version = uuidv7();
    await post(url, `/api/units/${branch}/reports`, { submissionId: version, month, report: fullReport(month) }, token);
    const returned = await post<{ position: string }>(
      url,
      `/api/units/${branch}/reports/${month}/return`,
      { submissionId: uuidv7(), version, reason: '请补充团课照片' },
      token,
    );
    await secretary.goto(`${url}/?after=${returned.position}`);
    await expect(report.locator('.standing').textContent()).resolves.toBe('被乡镇退回,请修改后重新提交 · 已逾期 15 天');
    await expect(report.locator('.reason').textContent()).resolves.toBe('退回理由:请补充团课照片');
    await expect(report.locator('a.button').textContent()).resolves.toBe('修改并重新提交');
    await Promise.all([secretary.close(), manager.close(), admin.close()]);
  }, 120_000);
});
