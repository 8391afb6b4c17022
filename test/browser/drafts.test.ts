/**
 * Field forms that never lose or hide work, on a 390 px phone: a half-filled monthly report
 * survives closing the tab (a draft on the device, offered with "继续填写 / 放弃草稿"); a report
 * queued offline stays visible — shown as waiting, after a reload offline too, with 待发送 in the
 * history — and "修改" changes it before it goes, the outbox still sending exactly one; the
 * outbox's own page opens offline, styled, with the entry; once delivered, the receipt reads
 * "已送达 · <date time>".
 *
 * (Browser code is given as strings: the test project's TypeScript has no DOM types.)
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hydrated, keptByServiceWorker, SERVICE_WORKER_TIMEOUT, shot } from './helpers.ts';
import { goOffline, keptForOffline, reportingStage, reportPostsOf, submitReport, text } from './reportingStage.ts';

const stage = reportingStage();
const PHONE = { width: 390, height: 844 };
const RECEIPT = /^已送达 · \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/;

const reportsOf = (m?: string) => `${stage.app.url}/units/${stage.tree.branch}/reports${m ? `?month=${m}` : ''}`;

async function phonePage(): Promise<Page> {
  const page = await stage.secretary.newPage();
  await page.setViewportSize(PHONE);
  return page;
}

/** The page fits the phone's width (nothing pushed sideways). */
async function fitsPhone(page: Page) {
  await expect(page.evaluate<number>('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(PHONE.width);
}

interface MonthRecord {
  month: string;
  history: unknown[];
  report: { volunteers: number; members: { leagueMembers: number } };
}
async function monthOf(m: string): Promise<MonthRecord | undefined> {
  const response = await fetch(`${stage.app.url}/api/units/${stage.tree.branch}/reports`, { headers: { authorization: `Bearer ${stage.tree.token}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { months: MonthRecord[] }).months.find((record) => record.month === m);
}

describe('drafts and waiting reports on a phone', { timeout: 40_000 + SERVICE_WORKER_TIMEOUT }, () => {
  it('keeps a half-filled report when the tab closes: offered again, continued or discarded', async () => {
    const posts = reportPostsOf(stage.secretary, stage.tree.branch);
    const first = await phonePage();
    await first.goto(reportsOf());
    await hydrated(first);
    const blankVolunteers = await first.locator('#volunteers').inputValue(); // the form as the page first shows it
    await first.check('#activity-held');
    await first.fill('#activity-title', '青年志愿服务日');
    await first.fill('#volunteers', '8');
    // Kept on the device a moment after the last keystroke, and the page says so.
    await expect.poll(() => text(first, '.draft-status')).toMatch(/^草稿已保存在本设备 · \d{4}年/);
    await first.close();

    // A new tab: the draft is offered, with when it was saved; "继续填写" puts the fields back.
    const second = await phonePage();
    await second.goto(reportsOf());
    await expect(text(second, '.draft-offer p')).resolves.toMatch(/^有一份未提交的草稿\(\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} 保存在本设备\)。$/);
    await expect(second.locator('#activity-title').inputValue()).resolves.toBe('');
    await fitsPhone(second);
    await shot(second, 'drafts-offered-phone');
    await second.click('.draft-continue');
    await expect(second.locator('.draft-offer').count()).resolves.toBe(0);
    await expect(second.locator('#activity-title').inputValue()).resolves.toBe('青年志愿服务日');
    await expect(second.locator('#volunteers').inputValue()).resolves.toBe('8');
    await expect(second.locator('#activity-held').isChecked()).resolves.toBe(true);
    await second.close();

    // Still kept (continuing is not sending); "放弃草稿" leaves the form blank, and it is not offered again.
    const third = await phonePage();
    await third.goto(reportsOf());
    await third.click('.draft-discard');
    await expect(third.locator('.draft-offer').count()).resolves.toBe(0);
    await expect(third.locator('#activity-title').inputValue()).resolves.toBe('');
    await expect(third.locator('#volunteers').inputValue()).resolves.toBe(blankVolunteers);
    await expect(third.locator('#activity-held').isChecked()).resolves.toBe(false);
    await third.reload();
    await third.locator('form.report-form').waitFor();
    await expect(
      third.evaluate<number>(`new Promise((resolve) => {
      const open = indexedDB.open('league-pulse-drafts');
      open.onsuccess = () => { const all = open.result.transaction('drafts').objectStore('drafts').count(); all.onsuccess = () => resolve(all.result); };
    })`),
    ).resolves.toBe(0);
    await expect(third.locator('.draft-offer').count()).resolves.toBe(0);
    await third.close();
    expect(posts).toEqual([]);
  });

  it('shows a report queued offline as waiting, after a reload offline too; "修改" replaces it; the outbox page opens offline; sent once', async () => {
    const posts = reportPostsOf(stage.secretary, stage.tree.branch);
    const page = await phonePage();
    await page.goto(reportsOf());
    const month = await page.locator('form.report-form input[name=month]').inputValue();
    await keptForOffline(page);
    // The outbox's own page is kept too, having used the app online once.
    await keptByServiceWorker(page, `new URL('/outbox', location.href).href`);

    await goOffline(stage.secretary, page);
    await page.fill('#members-leagueMembers', '12');
    await page.fill('#members-youthUnder35', '40');
    await page.fill('#volunteers', '8');
    await submitReport(page);
    // Not reset: the report as typed, read-only, waiting, with "修改".
    await expect(text(page, '.outbox-notice')).resolves.toBe('已保存到待发送箱,联网后自动发送。');
    await expect(page.locator('#volunteers').inputValue()).resolves.toBe('8');
    await expect(page.locator('#volunteers').isDisabled()).resolves.toBe(true);
    await expect(page.locator('form.report-form button[type=submit]').isDisabled()).resolves.toBe(true);
    await expect(text(page, '.outbox-edit')).resolves.toBe('修改');
    await expect(text(page, `table.history tr[data-month="${month}"] .tag.queued`)).resolves.toBe('待发送');
    // Queued, so no longer a draft (the outbox holds it).
    await expect(page.locator('.draft-status').count()).resolves.toBe(0);

    // Reloaded offline: from the service worker, still shown as waiting, from the outbox on the device.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await expect(text(page, '.outbox-notice')).resolves.toBe('已保存到待发送箱,联网后自动发送。');
    await expect.poll(() => page.locator('#volunteers').inputValue()).toBe('8');
    await expect(page.locator('#members-leagueMembers').inputValue()).resolves.toBe('12');
    await expect(page.locator('#volunteers').isDisabled()).resolves.toBe(true);
    await expect(text(page, `table.history tr[data-month="${month}"] .tag.queued`)).resolves.toBe('待发送');
    await expect(page.locator('.draft-offer').count()).resolves.toBe(0);
    await fitsPhone(page);
    await shot(page, 'drafts-waiting-reloaded-phone');

    // "修改": editable again; submitted, it replaces the waiting one.
    await page.click('.outbox-edit');
    await expect(page.locator('#volunteers').isDisabled()).resolves.toBe(false);
    await page.fill('#volunteers', '9');
    await submitReport(page);
    await expect.poll(() => page.locator('#volunteers').isDisabled()).toBe(true);
    await expect(text(page, '.outbox-notice')).resolves.toBe('已保存到待发送箱,联网后自动发送。');
    await expect(page.locator('#volunteers').inputValue()).resolves.toBe('9');
    await expect(text(page, 'header .toggle')).resolves.toBe('待发送 1');

    // The outbox's page, offline: the real page (styled, with the header), listing the one entry.
    const box = await phonePage();
    const opened = await box.goto(`${stage.app.url}/outbox`);
    expect(opened?.fromServiceWorker()).toBe(true);
    expect(opened?.status()).toBe(200);
    await expect(text(box, 'h1')).resolves.toBe('待发送箱');
    await expect.poll(() => box.locator('header .offline').count()).toBe(1); // once the page has started
    const waiting = box.locator('.outbox-page li[data-status=pending]');
    await expect.poll(() => waiting.count()).toBe(1); // read from IndexedDB once the page has started
    await expect(box.evaluate<string>(`getComputedStyle(document.querySelector('.outbox-page .tag')).borderRadius`)).resolves.toBe('999px'); // the app's stylesheet
    await expect(waiting.locator('strong').textContent()).resolves.toMatch(/^东风村团支部 · \d{4}年\d{1,2}月月报$/);
    await fitsPhone(box);
    await shot(box, 'drafts-outbox-offline-phone');
    expect(posts).toEqual([]);

    // Back online: delivered once, with the change; the receipt in words for people.
    await stage.secretary.setOffline(false);
    const sent = box.locator('.outbox-page li[data-status=sent]');
    await sent.waitFor();
    await expect(sent.locator('.delivered').textContent()).resolves.toMatch(RECEIPT);
    await shot(box, 'drafts-outbox-delivered-phone');
    await expect.poll(() => monthOf(month)).toMatchObject({ history: [expect.anything()], report: { volunteers: 9, members: { leagueMembers: 12 } } });
    expect(posts).toEqual([201]);

    // The report's page, which was showing it as waiting, now has it from the server.
    await expect.poll(() => page.locator('.versions li').count()).toBe(1);
    await expect(page.locator('table.history .tag.queued').count()).resolves.toBe(0);
    await expect(page.locator('#volunteers').isDisabled()).resolves.toBe(false);
    expect(posts).toEqual([201]);
    await box.close();
    await page.close();
  });
});
