/**
 * One set of rules on the phone and on the server (issue 15), in the browser on a 390 px phone
 * (and once at desktop width): a report with two format errors and one rule between fields shows
 * all three at once — a summary at the top with a link to each field, the focus on it, in view —
 * without a request (and, without JavaScript, from the server in one answer); offline, a report with a mistake is not kept to send; a refusal only the
 * server knows (the month approved meanwhile) comes back later as "未被接收", with an alert in
 * the header; a visit with a format error and a day outside the round shows both at once. And the
 * form page's JavaScript stays within its budget (bench/RESULTS.md).
 *
 * (Browser code is given as strings: the test project's TypeScript has no DOM types.)
 */
import { gzipSync } from 'node:zlib';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { addDays, chinaDate } from '../../projections/calendar.ts';
import { TEST_NOW } from './harness.ts';
import {
  condition,
  hydrated,
  invitedPerson,
  keptByServiceWorker,
  newContext,
  post,
  SERVICE_WORKER_TIMEOUT,
  serviceWorkerReady,
  shot,
  signIn,
} from './helpers.ts';
import { SECRETARY, reportingStage, submitReport, text } from './reportingStage.ts';

const stage = reportingStage();
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
/** The form page's JavaScript, gzip'd, must stay under this (issue 15's budget). */
const BUDGET = 150 * 1024;

const reportsPage = () => `${stage.app.url}/units/${stage.tree.branch}/reports`;

async function secretaryOn(options: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(stage.browser, options);
  const page = await context.newPage();
  await signIn(page, stage.app.url, SECRETARY.loginName, SECRETARY.password);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { context, page };
}

/** The POSTs of reports the context made. */
function reportPostsOf(context: BrowserContext): number[] {
  const statuses: number[] = [];
  context.on('response', (response) => {
    if (response.request().method() === 'POST' && new URL(response.url()).pathname === `/api/units/${stage.tree.branch}/reports`)
      statuses.push(response.status());
  });
  return statuses;
}

/** A correct month, as a secretary types it. */
async function fillReport(page: Page, month: string) {
  await page.check('#activity-held');
  await page.fill('#activity-title', '青年志愿服务日');
  await page.fill('#activity-date', `${month}-12`);
  await page.fill('#activity-participants', '18');
  await page.fill('#survey-respondents', '20');
  await page.fill('#survey-needs-jobs', '9');
  await page.fill('#members-leagueMembers', '12');
  await page.fill('#members-youthUnder35', '40');
  await page.fill('#volunteers', '8');
}

/** The element with the focus: its id. */
const focused = (page: Page) => page.evaluate<string>('document.activeElement?.id ?? ""');
/** The whole of the element's top within the viewport (a phone shows it, not the submit button). */
const inView = (page: Page, selector: string) =>
  page.evaluate<boolean>(`(() => {
  const box = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
  return box.top >= 0 && box.top < window.innerHeight && box.height > 0;
})()`);
/** Entries kept in the outbox (IndexedDB), whatever their state. */
const outboxEntries = (page: Page) =>
  page.evaluate<number>(`new Promise((resolve, reject) => {
  const open = indexedDB.open('league-pulse');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (![...db.objectStoreNames].includes('outbox')) return resolve(0);
    const count = db.transaction('outbox').objectStore('outbox').count();
    count.onsuccess = () => resolve(count.result);
  };
})`);

/** Two format errors (a count that is not a number, one below zero) and a rule between fields (members above youth). */
async function threeMistakes(page: Page) {
  await page.fill('#talks-count', '三次');
  await page.fill('#volunteers', '-2');
  await page.fill('#members-leagueMembers', '50');
  await page.fill('#members-youthUnder35', '40');
}

describe('one set of rules on the phone and on the server', { timeout: 30_000 + SERVICE_WORKER_TIMEOUT }, () => {
  for (const [width, options] of [
    ['a 390 px phone', PHONE],
    ['desktop width', DESKTOP],
  ] as const) {
    it(`on ${width}: two format errors and a rule between fields show at once, the summary focused and in view, nothing sent`, async () => {
      const { context, page } = await secretaryOn(options);
      const posts = reportPostsOf(context);
      await page.goto(reportsPage());
      const month = await page.locator('form.report-form input[name=month]').inputValue();
      await fillReport(page, month);
      await threeMistakes(page);
      await submitReport(page);

      const summary = page.locator('#error-summary');
      await summary.waitFor();
      await expect(summary.getAttribute('role')).resolves.toBe('alert');
      await expect(text(page, '#error-summary h2')).resolves.toBe('有 3 处需要修改');
      await expect(summary.locator('a').evaluateAll((links) => links.map((link) => [link.getAttribute('href'), link.textContent]))).resolves.toEqual([
        ['#talks-count', '人数格式不正确'],
        ['#volunteers', '志愿者人数不能小于 0'],
        ['#members-leagueMembers', '团员人数不能超过35岁以下青年人数'],
      ]);
      // Beside each field too, tied to it for a screen reader.
      for (const field of ['talks-count', 'volunteers', 'members-leagueMembers']) {
        await expect(page.locator(`#${field}`).getAttribute('aria-invalid')).resolves.toBe('true');
        await expect(page.locator(`#${field}`).getAttribute('aria-describedby')).resolves.toBe(`${field}-error`);
      }
      await expect.poll(() => focused(page)).toBe('error-summary');
      await expect.poll(() => inView(page, '#error-summary')).toBe(true);
      await shot(page, `form-rules-summary-${options === PHONE ? 'phone' : 'desktop'}`);
      // Checked on the device: the API was not asked.
      expect(posts).toEqual([]);

      // A link takes the secretary to its field; corrected, the report goes (the API agrees).
      await summary.locator('a[href="#volunteers"]').click();
      await expect.poll(() => focused(page)).toBe('volunteers');
      if (options === PHONE) {
        await page.fill('#talks-count', '3');
        await page.fill('#volunteers', '2');
        await page.fill('#members-leagueMembers', '12');
        await submitReport(page);
        await page.waitForURL(/sent=1/);
        expect(posts).toEqual([201]);
      }
      await context.close();
    });
  }

  it('without JavaScript: the server answers all three at once, and the same summary takes the focus', async () => {
    const { context, page } = await secretaryOn({ ...PHONE, javaScriptEnabled: false });
    const posts = reportPostsOf(context); // (none from the page: its action posts to the API on the server)
    await page.goto(reportsPage());
    const month = await page.locator('form.report-form input[name=month]').inputValue();
    await fillReport(page, month);
    await threeMistakes(page);
    await submitReport(page);
    await page.locator('#error-summary').waitFor();
    await expect(text(page, '#error-summary h2')).resolves.toBe('有 3 处需要修改');
    await expect(page.locator('#error-summary a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).resolves.toEqual([
      '#talks-count',
      '#volunteers',
      '#members-leagueMembers',
    ]);
    await expect.poll(() => focused(page)).toBe('error-summary');
    await expect.poll(() => inView(page, '#error-summary')).toBe(true);
    await expect(page.locator('#members-leagueMembers').inputValue()).resolves.toBe('50');
    expect(posts).toEqual([]);
    await shot(page, 'form-rules-summary-nojs');
    await context.close();
  });

  it('offline, a report with a mistake is not kept to send: its errors show at once', async () => {
    const { context, page } = await secretaryOn(PHONE);
    await page.goto(reportsPage());
    await serviceWorkerReady(page);
    await keptByServiceWorker(page);
    await context.setOffline(true);
    await page.waitForFunction(condition('!navigator.onLine'));
    await page.fill('#members-leagueMembers', '50');
    await page.fill('#members-youthUnder35', '40');
    await page.fill('#talks-count', 'x');
    await submitReport(page);
    await page.locator('#error-summary').waitFor();
    await expect(text(page, '#error-summary h2')).resolves.toBe('有 2 处需要修改');
    await expect(text(page, '#members-leagueMembers-error')).resolves.toBe('团员人数不能超过35岁以下青年人数');
    await expect.poll(() => focused(page)).toBe('error-summary');
    await expect(page.locator('.outbox-notice').count()).resolves.toBe(0);
    expect(await outboxEntries(page)).toBe(0);
    await expect(page.locator('header .toggle:text("待发送 1")').count()).resolves.toBe(0);
    await shot(page, 'form-rules-offline-refused');
    await context.close();
  });

  it('a refusal only the server knows, coming back later, is "未被接收" with an alert and its count in the header', async () => {
    const { context, page } = await secretaryOn(PHONE);
    const posts = reportPostsOf(context);
    // A month before: its report is sent, then a correction is made offline.
    await page.goto(reportsPage());
    const current = await page.locator('form.report-form input[name=month]').inputValue();
    const [year, m] = current.split('-').map(Number) as [number, number];
    const month = m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
    await page.goto(`${reportsPage()}?month=${month}`);
    await fillReport(page, month);
    await submitReport(page);
    await page.waitForURL(/sent=1/);
    await serviceWorkerReady(page);
    await keptByServiceWorker(page);
    await context.setOffline(true);
    await page.waitForFunction(condition('!navigator.onLine'));
    await page.fill('#volunteers', '11');
    await submitReport(page);
    await expect(text(page, '.outbox-notice')).resolves.toBe('已保存到待发送箱,联网后自动发送。');

    // Meanwhile the township approves the month: it is locked, which only the server knows.
    const reports = (await (
      await fetch(`${stage.app.url}/api/units/${stage.tree.branch}/reports`, { headers: { authorization: `Bearer ${stage.tree.token}` } })
    ).json()) as { months: { month: string; history: { reportId: string }[] }[] };
    const version = reports.months.find((record) => record.month === month)!.history.at(-1)!.reportId;
    await post(stage.app.url, `/api/units/${stage.tree.branch}/reports/${month}/approve`, { submissionId: uuidv7(), version }, stage.tree.token);

    await context.setOffline(false);
    const alert = page.locator('header a.not-accepted');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toBe('未被接收 1');
    await expect(alert.getAttribute('href')).resolves.toBe('/outbox');
    await expect(page.locator('header [role=alert] a.not-accepted').count()).resolves.toBe(1);
    expect(posts).toEqual([201, 409]);
    await shot(page, 'form-rules-not-accepted-header');
    await alert.click();
    await page.waitForURL(`${stage.app.url}/outbox`);
    const refused = page.locator('.outbox-page li[data-status=rejected]');
    await expect(refused.locator('.tag').textContent()).resolves.toBe('未被接收');
    await expect(refused.textContent()).resolves.toContain('未被接收的原因: 该月月报已审核通过并锁定');
    await expect(refused.textContent()).resolves.not.toContain('退回');
    await shot(page, 'form-rules-not-accepted-outbox');
    await context.close();
  });

  it('a visit with a format error and a day outside the round shows both at once', async () => {
    const today = chinaDate(TEST_NOW);
    const researcher = { loginName: 'research.rules', displayName: '规则调研', password: 'a long enough password' };
    const context = await invitedPerson(stage.browser, stage.app.url, stage.tree.token, researcher, 'researcher', stage.tree.county, PHONE);
    const users = (await (await fetch(`${stage.app.url}/api/users`, { headers: { authorization: `Bearer ${stage.tree.token}` } })).json()) as {
      users: { userId: string; loginName: string }[];
    };
    const researcherId = users.users.find((user) => user.loginName === researcher.loginName)!.userId;
    const { roundId } = await post<{ roundId: string }>(
      stage.app.url,
      `/api/units/${stage.tree.province}/research-rounds`,
      { submissionId: uuidv7(), name: '规则调研', startsOn: addDays(today, -1), endsOn: addDays(today, 14) },
      stage.tree.token,
    );
    const { teamId } = await post<{ teamId: string }>(
      stage.app.url,
      `/api/research-rounds/${roundId}/teams`,
      { submissionId: uuidv7(), name: '规则组', memberIds: [researcherId], regionIds: [stage.tree.county] },
      stage.tree.token,
    );
    const posts: number[] = [];
    context.on('response', (response) => {
      if (response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/visits')) posts.push(response.status());
    });
    const page = await context.newPage();
    await page.goto(`${stage.app.url}/research/teams/${teamId}/visit?region=${stage.tree.county}&item=youthForum`);
    await hydrated(page);
    await page.fill('#date', addDays(today, -5)); // before the round began
    await page.fill('#participants-count', '12');
    await page.fill('#findings-0-text', '青年多在合作社。');
    // No place: a format error.
    await page.click('form.visit-form button[type=submit]');
    await page.locator('#error-summary').waitFor();
    await expect(text(page, '#error-summary h2')).resolves.toBe('有 2 处需要修改');
    await expect(text(page, '#place-error')).resolves.toBe('请填写地点');
    await expect(text(page, '#date-error')).resolves.toBe(`日期须在本次调研的起止日期(${addDays(today, -1)} 至 ${addDays(today, 14)})内`);
    await expect.poll(() => focused(page)).toBe('error-summary');
    await expect.poll(() => inView(page, '#error-summary')).toBe(true);
    expect(posts).toEqual([]);
    await shot(page, 'form-rules-visit');

    await page.fill('#place', '东风村村委会');
    await page.fill('#date', today);
    await page.click('form.visit-form button[type=submit]');
    await page.waitForURL(/recorded=/);
    expect(posts).toEqual([201]);
    await context.close();
  });

  it(`the report form page's JavaScript stays under ${BUDGET / 1024} KB gzip'd`, async () => {
    // Signed in, then a fresh context with the same session: nothing cached, every script the page needs is fetched.
    const { context: signedIn } = await secretaryOn(PHONE);
    const storageState = await signedIn.storageState();
    await signedIn.close();
    const fresh = await newContext(stage.browser, { ...PHONE, storageState, serviceWorkers: 'block' });
    const form = await fresh.newPage();
    const scripts = new Map<string, Buffer>();
    fresh.on('response', async (response) => {
      if (/\.m?js($|\?)/.test(new URL(response.url()).pathname) || (response.headers()['content-type'] ?? '').includes('javascript')) {
        scripts.set(response.url(), await response.body());
      }
    });
    await form.goto(reportsPage(), { waitUntil: 'networkidle' });
    await form.locator('form.report-form').waitFor();
    await expect.poll(() => scripts.size).toBeGreaterThan(0);
    const raw = [...scripts.values()].reduce((sum, body) => sum + body.length, 0);
    const gzipped = [...scripts.values()].reduce((sum, body) => sum + gzipSync(body).length, 0);
    console.log(`report form page JavaScript: ${scripts.size} files, ${(raw / 1024).toFixed(1)} KB raw, ${(gzipped / 1024).toFixed(1)} KB gzip`);
    expect(gzipped).toBeLessThan(BUDGET);
    await fresh.close();
  });
});
