/**
 * The issue's own check: a county looks at its drive as of 9/21 of a past drive — that day's
 * phase and its overdue case — on a desktop and on a 390 px phone. The drive is lived day by
 * day through the API on its own clock (test/api/pastDrive.ts), then the built app is started
 * on that data folder on 10/10, and the county's manager picks 9/21 in the date picker.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../api/harness.ts';
import { COUNTY_LOGIN, livePastDrive, PAST_DRIVE_NOW } from '../api/pastDrive.ts';
import { launchBrowser, startApp } from './harness.ts';
import { follow, newContext, shot, signIn } from './helpers.ts';
import { text } from './reportingStage.ts';

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let drive: Awaited<ReturnType<typeof livePastDrive>>;

beforeAll(async () => {
  const api = await startTestApi();
  drive = await livePastDrive(api);
  await api.close();
  [app, browser] = await Promise.all([startApp({ now: PAST_DRIVE_NOW, dataDir: api.dataDir }), launchBrowser({ now: PAST_DRIVE_NOW })]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('a drive as of a past day', () => {
  for (const [device, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`on a ${device}, the county sees its drive as it stood on 9/21: the summarising phase, the case overdue`, async () => {
      const context = await newContext(browser, { viewport });
      const page = await context.newPage();
      await signIn(page, app.url, COUNTY_LOGIN.loginName, COUNTY_LOGIN.password, '/login?next=/campaigns');
      await page.waitForURL(`${app.url}/campaigns`);
      // Today (10/10) the drive is over.
      await expect(text(page, 'table.drives tbody tr')).resolves.toContain('已结束');

      await page.fill('#asOf', '2026-09-21');
      await page.click('form.asof button');
      await page.waitForURL(/asOf=2026-09-21/);
      await expect(text(page, '.asof-note')).resolves.toContain('2026年9月21日');
      await expect(text(page, 'table.drives tbody tr')).resolves.toContain('第三阶段 总结和巩固提高');

      await follow(page, 'table.drives tbody td.name a');
      expect(new URL(page.url()).searchParams.get('asOf')).toBe('2026-09-21');
      await expect(text(page, '.meta .tag.now')).resolves.toBe('当前:第三阶段 总结和巩固提高');
      await expect(text(page, '.today-flag')).resolves.toBe('截至 9月21日');
      const township = page.locator(`.row.units[data-unit="${drive.tree.township}"]`);
      await expect(township.locator('.tag.bad').textContent()).resolves.toMatch(/逾期/);
      // No rescheduling from a past day's view.
      await expect(page.locator('section.manage').count()).resolves.toBe(0);
      await shot(page, `drive-as-of-timeline-${device}`);

      // The township's deliverables that day: the case due 9/20 overdue, the tables still due 9/25 (moved to 9/30 only on 9/22).
      await page.goto(`${app.url}/campaigns/${drive.campaignId}/units/${drive.tree.township}?asOf=2026-09-21`);
      await expect(text(page, '.asof-note')).resolves.toContain('2026年9月21日');
      await expect(page.locator('#case .due').getAttribute('class')).resolves.toContain('overdue');
      await expect(text(page, '#tables .due')).resolves.toContain('2026-09-25');
      await expect(page.locator('form[action*="approve"]').count()).resolves.toBe(0);
      await shot(page, `drive-as-of-deliverables-${device}`);

      // Back to today: the case is in (late), the tables due 9/30.
      await page.click('.asof a.now');
      await page.waitForURL((url) => !url.searchParams.has('asOf'));
      await expect(page.locator('#case .due').getAttribute('class')).resolves.not.toContain('overdue');
      await expect(text(page, '#tables .due')).resolves.toContain('2026-09-30');
      await context.close();
    });
  }

  it('a day still to come is refused beside the date, and today is shown', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(
      page,
      app.url,
      COUNTY_LOGIN.loginName,
      COUNTY_LOGIN.password,
      `/login?next=${encodeURIComponent(`/campaigns/${drive.campaignId}?asOf=2026-10-11`)}`,
    );
    await expect(text(page, '#asOf-error')).resolves.toBe('截至日期不能晚于今天(2026-10-10)');
    await expect(page.locator('.asof-note').count()).resolves.toBe(0);
    await context.close();
  });
});
