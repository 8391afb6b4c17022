/**
 * 批量审核 of deliverables in the browser: a county manager ticks all twenty townships' summaries
 * waiting in the 审核 inbox and approves them at once; on a 390 px phone without JavaScript,
 * another manager ticks all (a link then) and returns two with one reason.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { chinaDate } from '../../projections/calendar.ts';
import { driveAroundToday } from '../api/campaignFixtures.ts';
import { launchBrowser, startApp, TEST_NOW } from './harness.ts';
import { buildTree, invitedPerson, post, shot } from './helpers.ts';
import { text } from './reportingStage.ts';

const COUNTY = { loginName: 'county.zhou', displayName: '周县委', password: 'county manager password' };
const OTHER_COUNTY = { loginName: 'county.wu', displayName: '吴县委', password: 'other county password' };
const summary = '本镇百日集中行动期间新建直属团组织,开展五个一活动,整顿软弱涣散团支部。'.repeat(5);

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let county: BrowserContext;
let phone: BrowserContext;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  const tree = await buildTree(app.url);
  const open = async (parentId: string, kind: string, name: string) =>
    (await post<{ unitId: string }>(app.url, '/api/units', { submissionId: uuidv7(), kind, parentId, name, on: '2026-01-01' }, tree.token)).unitId;
  const otherCounty = await open(tree.city, 'county', '邻县');
  const deliver = async (countyId: string, townships: number, prefix: string) => {
    const { campaignId } = await post<{ campaignId: string }>(
      app.url,
      '/api/campaigns',
      { submissionId: uuidv7(), unitId: countyId, name: `${prefix}百日集中行动`, ...driveAroundToday(chinaDate(TEST_NOW)) },
      tree.token,
    );
    for (let i = 1; i <= townships; i++) {
      const township = await open(countyId, 'township', `${prefix}第${String(i).padStart(2, '0')}镇团委`);
      await post(app.url, `/api/campaigns/${campaignId}/deliverables/${township}`, { submissionId: uuidv7(), kind: 'summary', text: summary }, tree.token);
    }
  };
  await deliver(tree.county, 20, '');
  await deliver(otherCounty, 2, '邻县');
  county = await invitedPerson(browser, app.url, tree.token, COUNTY, 'manager', tree.county);
  phone = await invitedPerson(browser, app.url, tree.token, OTHER_COUNTY, 'manager', otherCounty, {
    viewport: { width: 390, height: 844 },
    javaScriptEnabled: false,
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('批量审核 of deliverables in the inbox', () => {
  it('a county manager ticks all twenty summaries and approves them at once', async () => {
    const page = await county.newPage();
    await page.goto(`${app.url}/inbox?limit=50`);
    await page.waitForSelector('form.decide-bar[data-ready=true]');
    await expect(page.locator('input.tick[name=item]').count()).resolves.toBe(20);
    await page.locator('.tick-all input').check();
    await expect(text(page, '.decide-bar .count')).resolves.toBe('已选 20 / 20 份');
    await shot(page, 'bulk-deliverables-ticked');
    await page.click('.decide-bar button[value=approve]');
    await expect(text(page, 'p.notice[role=status]')).resolves.toBe('已审核通过 20 份材料。');
    await expect(page.locator('input.tick[name=item]').count()).resolves.toBe(0);
    await expect(text(page, '#waiting-title')).resolves.toBe('待审核(0)');
    await page.close();
  }, 60_000);

  it('on a 390 px phone without JavaScript: ticks all by the link, and returning asks for one reason, then returns both', async () => {
    const page = await phone.newPage();
    await page.goto(`${app.url}/inbox`);
    await expect(page.locator('input.tick[name=item]:checked').count()).resolves.toBe(0);
    await page.click('.tick-all a');
    await expect(page.locator('input.tick[name=item]:checked').count()).resolves.toBe(2);
    await page.click('.decide-bar button[value=return]');
    await expect(text(page, '.decide-bar .error[role=alert][id$=reason-error]')).resolves.toContain('原因');
    await page.click('.tick-all a');
    await page.fill('.decide-bar input[name=reason]', '请补充活动数据');
    await page.click('.decide-bar button[value=return]');
    await expect(text(page, 'p.notice[role=status]')).resolves.toBe('已退回 2 份材料。');
    await expect(text(page, '#returned-title')).resolves.toBe('已退回、待修改(2)');
    await expect(page.locator('table.returned td', { hasText: '请补充活动数据' }).count()).resolves.toBe(2);
    await shot(page, 'bulk-deliverables-phone');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  }, 60_000);
});
