/**
 * 批量审核 in the browser: a township's manager ticks every report awaiting approval in the month
 * view and approves twenty at once; the page says how many, and the list shows them approved. On a
 * phone the boxes and buttons fit the screen.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { chinaDate, monthBefore } from '../../projections/calendar.ts';
import { fullReport } from '../api/reportFixtures.ts';
import { TEST_NOW } from './harness.ts';
import { post, shot } from './helpers.ts';
import { reportingStage, text } from './reportingStage.ts';

const stage = reportingStage();
/** The month being reported on the app's today. */
const month = monthBefore(chinaDate(TEST_NOW));

describe('批量审核 in the browser', () => {
  it('a township manager approves twenty reports at once from the month view', async () => {
    const { url } = stage.app;
    const { token, township } = stage.tree;
    for (let i = 1; i <= 20; i++) {
      const { unitId } = await post<{ unitId: string }>(
        url,
        '/api/units',
        {
          submissionId: uuidv7(),
          kind: 'organisation',
          parentId: township,
          name: `第${String(i).padStart(2, '0')}团支部`,
          on: '2026-01-01',
          organisation: { field: 'village', buildingMode: 'independent' },
        },
        token,
      );
      await post(url, `/api/units/${unitId}/reports`, { submissionId: uuidv7(), month, report: fullReport(month) }, token);
    }
    const page = await stage.manager.newPage();
    await page.goto(`${url}/units/${township}/month?month=${month}&limit=50`);
    await page.waitForSelector('form#decide-many[data-ready=true]');
    await expect(page.locator('input[name=item]').count()).resolves.toBe(20);
    await page.locator('th.tick input').check();
    await expect(text(page, '.decide-bar .muted')).resolves.toBe('已选 20 / 20 份待审核');
    await shot(page, 'bulk-approval-ticked');
    await page.click('.decide-bar button[value=approve]');
    await expect(text(page, 'p.notice[role=status]')).resolves.toBe('已审核通过 20 份月报。');
    // Every report is approved, none is left to tick.
    await expect(page.locator('input[name=item]').count()).resolves.toBe(0);
    const approvals = await page.locator('td[data-label="审核"]').allTextContents();
    expect(approvals.filter((cell) => cell.trim() === '已审核')).toHaveLength(20);

    // A phone: the table becomes cards, the boxes and the bar fit the screen.
    const phone = await post<{ unitId: string }>(
      url,
      '/api/units',
      {
        submissionId: uuidv7(),
        kind: 'organisation',
        parentId: township,
        name: '手机团支部',
        on: '2026-01-01',
        organisation: { field: 'village', buildingMode: 'independent' },
      },
      token,
    );
    await post(url, `/api/units/${phone.unitId}/reports`, { submissionId: uuidv7(), month, report: fullReport(month) }, token);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/units/${township}/month?month=${month}&q=${encodeURIComponent('手机')}`);
    await page.waitForSelector('form#decide-many[data-ready=true]');
    await page.locator('input[name=item]').check();
    // Returned with one reason, which is asked for.
    await page.click('.decide-bar button[value=return]');
    await expect(text(page, '#reason-error')).resolves.toContain('原因');
    await expect(page.locator('.decide-bar input[name=reason]').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.waitForSelector('form#decide-many[data-ready=true]');
    await page.fill('.decide-bar input[name=reason]', '请补充活动照片');
    await page.locator('input[name=item]').check();
    await page.click('.decide-bar button[value=return]');
    await expect(text(page, 'p.notice[role=status]')).resolves.toBe('已退回 1 份月报。');
    await shot(page, 'bulk-approval-phone');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  }, 120_000);
});
