/**
 * The offline outbox in the browser: a form submitted with no network is kept on the device,
 * the page opens again offline from the service worker, and the submission is sent once when
 * the network is back — once, whatever the number of tabs, and even when the exported backup is
 * loaded on another device. A submission the API refuses is corrected in its form.
 *
 * (Browser code is given as strings: the test project's TypeScript has no DOM types.)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startApp } from './harness.ts';
import { ADMIN, buildTree, condition, keptByServiceWorker, newContext, SERVICE_WORKER_TIMEOUT, serviceWorkerReady, shot, signIn } from './helpers.ts';

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let tree: Awaited<ReturnType<typeof buildTree>>;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  tree = await buildTree(app.url);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const text = (page: Page, selector: string) => page.locator(selector).first().textContent();

/** The township's children, as the administrator sees them through the API. */
async function childNames(): Promise<string[]> {
  const response = await fetch(`${app.url}/api/units/${tree.township}`, { headers: { authorization: `Bearer ${tree.token}` } });
  return ((await response.json()) as { children: { name: string }[] }).children.map((child) => child.name);
}

/** The statuses of the POSTs to /api/units the browser context made. */
function postsOf(context: BrowserContext): number[] {
  const statuses: number[] = [];
  context.on('response', (response) => {
    if (response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/units') statuses.push(response.status());
  });
  return statuses;
}

/** Signed in, on the township's "new organisation" form, which the service worker has kept. */
async function openFormOnline(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await signIn(page, app.url, ADMIN.loginName, ADMIN.password);
  await page.waitForURL(`${app.url}/`);
  await page.goto(`${app.url}/units/${tree.township}/new`);
  await expect(text(page, 'h1')).resolves.toBe('新建团组织');
  await serviceWorkerReady(page);
  await keptByServiceWorker(page);
  return page;
}

async function goOffline(context: BrowserContext, page: Page) {
  await context.setOffline(true);
  await page.waitForFunction(condition('!navigator.onLine'));
}

describe('the offline outbox', { timeout: 30_000 + SERVICE_WORKER_TIMEOUT }, () => {
  it('keeps a form submitted offline, opens the page offline, and sends it exactly once when back online', async () => {
    const context = await newContext(browser, { acceptDownloads: true });
    const posts = postsOf(context);
    const page = await openFormOnline(context);

    await goOffline(context, page);
    await expect(text(page, 'header .offline')).resolves.toBe('离线');
    await page.fill('#name', '东风二村团支部');
    await page.selectOption('#field', 'village');
    await page.selectOption('#buildingMode', 'independent');
    await page.click('button[type=submit]');
    await expect(text(page, '.outbox-notice')).resolves.toBe('已保存到待发送箱,联网后自动发送。');
    // Shown as waiting, read-only; "再填一份" starts the next one, with its defaults.
    await expect(page.locator('#name').inputValue()).resolves.toBe('东风二村团支部');
    await expect(page.locator('#name').isDisabled()).resolves.toBe(true);
    await page.click('.outbox-another');
    await expect(page.locator('#name').inputValue()).resolves.toBe('');
    await expect(page.locator('#name').isDisabled()).resolves.toBe(false);
    await expect(page.locator('#on').inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect(text(page, 'header .toggle')).resolves.toBe('待发送 1');
    await page.click('header .toggle');
    const pending = page.locator('#outbox-panel li[data-status=pending]');
    await expect(pending.count()).resolves.toBe(1);
    await expect(pending.locator('strong').textContent()).resolves.toBe('东风二村团支部 · 新建团组织');
    await expect(pending.locator('.tag').textContent()).resolves.toBe('待发送');
    await expect(pending.textContent()).resolves.toContain('已尝试 1 次 · 网络不可用');
    const submissionId = (await pending.getAttribute('data-id'))!;
    await shot(page, 'outbox-pending');

    // The backup file holds the entry, body and all.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#outbox-panel .export')]);
    expect(download.suggestedFilename()).toMatch(/^league-pulse-outbox-[\d-]+\.json$/);
    const backup = join(mkdtempSync(join(tmpdir(), 'league-pulse-outbox-')), download.suggestedFilename());
    await download.saveAs(backup); // the run's shared browser holds the file (harness.ts): a copy here
    const exported = JSON.parse(readFileSync(backup, 'utf8'));
    expect(exported).toMatchObject({ format: 'league-pulse-outbox', version: 1 });
    expect(exported.entries).toEqual([
      expect.objectContaining({
        submissionId,
        url: '/api/units',
        status: 'pending',
        label: '东风二村团支部 · 新建团组织',
        body: expect.objectContaining({ submissionId, kind: 'organisation', parentId: tree.township, name: '东风二村团支部' }),
      }),
    ]);

    // Still offline: the page opens from the service worker, and the outbox still holds the entry.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await expect(text(page, 'h1')).resolves.toBe('新建团组织');
    await expect(text(page, 'header .toggle')).resolves.toBe('待发送 1');
    // A page never opened on this device says it cannot be shown offline.
    const other = await context.newPage();
    await other.goto(`${app.url}/search`);
    await expect(text(other, 'h1')).resolves.toBe('当前离线');
    await shot(other, 'offline-page');
    // A second tab on the form, waiting with the first one.
    const second = await context.newPage();
    await second.goto(`${app.url}/units/${tree.township}/new`);
    await expect(text(second, 'header .toggle')).resolves.toBe('待发送 1');
    expect(posts).toEqual([]);
    expect(await childNames()).not.toContain('东风二村团支部');

    // Back online: both tabs hear `online`; one sends, once.
    await context.setOffline(false);
    await page.click('header .toggle');
    const sent = page.locator('#outbox-panel li[data-status=sent]');
    await sent.waitFor();
    await expect(sent.locator('.delivered').textContent()).resolves.toMatch(/^已送达 · \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    await expect(text(page, 'header .toggle')).resolves.toBe('待发送箱');
    await expect(text(second, 'header .toggle')).resolves.toBe('待发送箱');
    await shot(page, 'outbox-sent');
    // Once: one POST answered 201, and the log holds one such organisation (counted below).
    expect(posts).toEqual([201]);
    expect((await childNames()).filter((name) => name === '东风二村团支部')).toHaveLength(1);

    // The same submission again — the backup loaded on a reset device — is delivered as a duplicate and writes nothing.
    const device = await newContext(browser);
    const devicePosts = postsOf(device);
    const fresh = await device.newPage();
    await signIn(fresh, app.url, ADMIN.loginName, ADMIN.password);
    await fresh.waitForURL(`${app.url}/`);
    await fresh.goto(`${app.url}/outbox`);
    await expect(text(fresh, '.outbox-page .empty')).resolves.toBe('待发送箱是空的。');
    await fresh.setInputFiles('.outbox-page input[type=file]', backup);
    await expect(text(fresh, '.outbox-page [role=status]')).resolves.toBe('已导入 1 条。');
    const duplicate = fresh.locator('.outbox-page li[data-status=sent]');
    await duplicate.waitFor();
    await expect(duplicate.locator('.duplicate').textContent()).resolves.toBe('服务器此前已收到这份提交,未重复记录。');
    await shot(fresh, 'outbox-page-duplicate');
    expect(devicePosts).toEqual([200]);
    expect((await childNames()).filter((name) => name === '东风二村团支部')).toHaveLength(1);
    await device.close();
    await context.close();
  });

  it('shows why a submission sent later was refused, and reopens it in its form to correct it', async () => {
    const context = await newContext(browser);
    const page = await openFormOnline(context);
    await goOffline(context, page);
    await page.selectOption('#field', 'enterprise'); // no name: the API will refuse it
    await page.selectOption('#buildingMode', 'regional');
    await page.click('button[type=submit]');
    await page.locator('.outbox-notice').waitFor();

    await context.setOffline(false);
    await page.click('header .toggle');
    const refused = page.locator('#outbox-panel li[data-status=rejected]');
    await refused.waitFor();
    await expect(refused.locator('.tag').textContent()).resolves.toBe('未被接收');
    await expect(refused.locator('.refused').textContent()).resolves.toMatch(/未被接收的原因: 提交的内容有误,请按提示修改\s*请填写名称/);
    await shot(page, 'outbox-refused');

    await refused.locator('a:text("修改后重新提交")').click();
    await page.waitForURL(/\?outbox=/);
    await expect(text(page, '#name-error')).resolves.toBe('请填写名称');
    // The refusal takes the focus: this form has no summary, so its first invalid field.
    await expect.poll(() => page.evaluate<string>('document.activeElement?.id ?? ""')).toBe('name');
    await expect(page.locator('#field').inputValue()).resolves.toBe('enterprise');
    await expect(page.locator('#buildingMode').inputValue()).resolves.toBe('regional');
    await page.fill('#name', '工业园团支部');
    await page.click('button[type=submit]');
    await page.waitForURL(/opened=/);
    await expect(text(page, '[role=status]')).resolves.toBe('已新建「工业园团支部」。');
    await expect(text(page, 'tr.fresh td a')).resolves.toBe('工业园团支部');
    // Delivered while the user waited: an ordinary submission, nothing left in the outbox.
    await expect(page.locator('header .toggle').count()).resolves.toBe(0);

    // Signing out forgets the pages kept for offline use (they show the user's name and data).
    const form = `${app.url}/units/${tree.township}/new`;
    await expect(page.evaluate(`caches.match(${JSON.stringify(form)}).then(Boolean)`)).resolves.toBe(true);
    await page.click('button.signout');
    await page.waitForURL(/\/login/);
    await expect(page.evaluate(`caches.match(${JSON.stringify(form)}).then(Boolean)`)).resolves.toBe(false);
    await context.close();
  });
});
