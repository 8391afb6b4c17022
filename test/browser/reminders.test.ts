/**
 * 催报 in the browser: a township's manager reminds all missing branches from the month view (a
 * second click reminds nobody twice) and one branch from its row; the branch's secretary then sees
 * the bell's count, opens the notification and goes from it to the month's report form, on a
 * 390 px phone. Desktop and phone screenshots land in test-results/.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { chinaDate, monthBefore } from '../../projections/calendar.ts';
import { driveAroundToday } from '../api/campaignFixtures.ts';
import { fullReport } from '../api/reportFixtures.ts';
import { TEST_NOW } from './harness.ts';
import { post, shot } from './helpers.ts';
import { reportingStage, text } from './reportingStage.ts';

const stage = reportingStage();
/** The month being reported on the app's today (June: due on 5 July, so overdue). */
const month = monthBefore(chinaDate(TEST_NOW));
const noOverflow = async (page: import('playwright-core').Page) =>
  expect(page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).resolves.toBeLessThanOrEqual(0);

describe('催报 in the browser', () => {
  it('a township manager reminds all missing branches; the secretary sees the bell and opens the form from the notification', async () => {
    const { url } = stage.app;
    const { token, township, branch } = stage.tree;
    const open = (name: string) =>
      post<{ unitId: string }>(
        url,
        '/api/units',
        {
          submissionId: uuidv7(),
          kind: 'organisation',
          parentId: township,
          name,
          on: '2026-01-01',
          organisation: { field: 'village', buildingMode: 'independent' },
        },
        token,
      );
    await open('红旗村团支部');
    const reported = await open('新华社区团支部');
    await post(url, `/api/units/${reported.unitId}/reports`, { submissionId: uuidv7(), month, report: fullReport(month) }, token);

    const page = await stage.manager.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${url}/units/${township}/month?month=${month}`);
    await expect(text(page, 'form#remind button[name=target]')).resolves.toBe('催报全部未报(2)');
    await expect(page.locator('button.remind-one').count()).resolves.toBe(2);
    await page.click('form#remind button[name=target]');
    // The branch without a secretary is reminded too; one person is told.
    await expect(text(page, '[data-testid=reminded]')).resolves.toBe('已提醒 2 个团组织,1 人。');
    await shot(page, 'reminders-month-view');
    await page.click('form#remind button[name=target]');
    await expect(text(page, '[data-testid=reminded]')).resolves.toBe('今天已提醒过,不会重复提醒。');
    // One branch from its row: it was reminded with the township today, so not again.
    await page.click('button.remind-one[aria-label="催报 红旗村团支部"]');
    await expect(text(page, '[data-testid=reminded]')).resolves.toBe('今天已提醒过,不会重复提醒。');

    // The audit says who reminded whom, in people's words.
    await page.goto(`${url}/units/${township}/audit`);
    const line = page.locator('tbody tr', { hasText: '城关镇团委 · 月报 2026-06' }).first();
    await expect(line.textContent()).resolves.toContain('2 个单位未报,已提醒 1 人(截止 2026-07-05)');
    await expect(line.locator('td[data-label="操作人"]').textContent()).resolves.toBe('赵镇委');
    await expect(page.locator('tbody tr', { hasText: '红旗村团支部 · 月报 2026-06' }).count()).resolves.toBe(0);
    await shot(page, 'reminders-audit');

    // On a phone the buttons fit the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}/units/${township}/month?month=${month}`);
    await expect(page.locator('button.remind-one').first().isVisible()).resolves.toBe(true);
    await shot(page, 'reminders-month-view-phone');
    await noOverflow(page);
    await page.close();

    // The secretary, on a phone: the bell counts one (the second click sent nothing), the page names the branch and the month.
    const phone = await stage.secretary.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${url}/`);
    await expect(text(phone, 'header a.bell [data-testid=unread]')).resolves.toBe('1');
    await shot(phone, 'reminders-bell-phone');
    await phone.click('header a.bell');
    await phone.waitForURL(`${url}/notifications`);
    const notice = phone.locator('ul.notifications li').first();
    await expect(notice.textContent()).resolves.toContain('东风村团支部 2026年6月月报尚未上报(截止 2026-07-05)');
    await expect(notice.locator('.new-tag').count()).resolves.toBe(1);
    // Opening the page read it: the bell has no count.
    await expect(phone.locator('header a.bell [data-testid=unread]').count()).resolves.toBe(0);
    await shot(phone, 'reminders-notifications-phone');
    await noOverflow(phone);
    await notice.locator('a.button').click();
    await phone.waitForURL(`${url}/units/${branch}/reports?month=${month}`);
    await phone.waitForSelector('form.report-form');
    await expect(phone.locator('header a.bell [data-testid=unread]').count()).resolves.toBe(0);
    await phone.close();

    // On a desktop the page lists it as read.
    const desk = await stage.secretary.newPage();
    await desk.goto(`${url}/notifications`);
    await expect(desk.locator('ul.notifications li').count()).resolves.toBe(1);
    await expect(desk.locator('ul.notifications li .new-tag').count()).resolves.toBe(0);
    await shot(desk, 'reminders-notifications');
    await desk.close();
  }, 120_000);

  it('the county reminds the townships that have not sent a deliverable from the timeline, and one from its deliverables; the township’s manager is told', async () => {
    const { url } = stage.app;
    const { token, county, township } = stage.tree;
    const { campaignId } = await post<{ campaignId: string }>(
      url,
      '/api/campaigns',
      { submissionId: uuidv7(), unitId: county, name: '百日集中行动', ...driveAroundToday(chinaDate(TEST_NOW)) },
      token,
    );
    const page = await stage.admin.newPage();
    await page.goto(`${url}/campaigns/${campaignId}?unit=${county}`);
    // The baseline is overdue at the one township: its row in the totals offers 催报.
    const baseline = page.locator('.totals tbody tr').first();
    await expect(baseline.locator('form.remind button').textContent()).resolves.toBe('催报未交(1)');
    await baseline.locator('form.remind button').click();
    await expect(text(page, '[data-testid=reminded]')).resolves.toContain('已提醒 1 个单位,1 人。');
    await shot(page, 'reminders-timeline');
    await page.locator('.totals tbody tr').first().locator('form.remind button').click();
    await expect(text(page, '[data-testid=reminded]')).resolves.toContain('今天已提醒过');
    // From the township's deliverables: the list of branches to rectify.
    await page.goto(`${url}/campaigns/${campaignId}/units/${township}`);
    await page.click('#rectification form.remind button');
    await expect(text(page, '#rectification p.notice[role=status]')).resolves.toBe('已提醒 1 个单位,1 人。');
    await page.close();

    const phone = await stage.manager.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${url}/`);
    await expect(text(phone, 'header a.bell [data-testid=unread]')).resolves.toBe('2');
    await phone.click('header a.bell');
    const newest = phone.locator('ul.notifications li').first();
    await expect(newest.getAttribute('data-kind')).resolves.toBe('deliverable');
    await newest.locator('a.button').click();
    await phone.waitForURL(`${url}/campaigns/${campaignId}/units/${township}#rectification`);
    await shot(phone, 'reminders-deliverable-phone');
    await noOverflow(phone);
    await phone.close();
  }, 120_000);
});
