/**
 * Accounts in the browser: the administrator invites a county manager, who accepts, signs out
 * and in again, sees only the county's subtree, and gets the 403 page above it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startApp } from './harness.ts';
import { ADMIN, buildTree, follow, newContext, post, shot, signIn } from './helpers.ts';
import { uuidv7 } from '../../events/ids.ts';

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

const MANAGER = { loginName: 'county.li', displayName: '李县委', password: 'a long enough password' };

describe('accounts in the browser', () => {
  let invitation = '';

  it('sends a signed-out visitor to sign in, and refuses a wrong password with the API’s words', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${app.url}/users`);
    await page.waitForURL(`${app.url}/login?next=%2Fusers`);
    await page.fill('#loginName', ADMIN.loginName);
    await page.fill('#password', 'not the password');
    await page.click('button[type=submit]');
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('用户名或密码不正确');
    await expect(page.locator('#loginName').inputValue()).resolves.toBe(ADMIN.loginName);
    await shot(page, 'login-failed');
    await page.fill('#password', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${app.url}/users`);
    await expect(page.locator('h1').textContent()).resolves.toBe('用户');
    await context.close();
  });

  it('lets the administrator invite a county manager from the county’s page', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, app.url, ADMIN.loginName, ADMIN.password, `/login?next=/units/${tree.county}`);
    await page.waitForURL(`${app.url}/units/${tree.county}`);
    await page.click('text=邀请用户');
    await page.waitForURL(`${app.url}/users?unit=${tree.county}`);
    await expect(page.locator('#unitIds').inputValue()).resolves.toBe(tree.county);
    await page.fill('#loginName', MANAGER.loginName);
    await page.fill('#displayName', MANAGER.displayName);
    await page.click('button[type=submit]');
    await expect(page.locator('#role-error').textContent()).resolves.toBe('请从列表中选择角色');
    await expect(page.locator('#displayName').inputValue()).resolves.toBe(MANAGER.displayName);
    await page.selectOption('#role', 'manager');
    await page.click('button[type=submit]');
    await expect(page.locator('[role=status] p').first().textContent()).resolves.toBe(`已邀请「${MANAGER.displayName}」。`);
    invitation = await page.locator('#invitation-link').inputValue();
    expect(invitation).toMatch(new RegExp(`^${app.url}/invite/[\\w-]+$`));
    await shot(page, 'users-invited');

    // The list, one per page: the pager walks it; the role filter keeps only managers.
    await page.goto(`${app.url}/users?limit=1`);
    await expect(page.locator('nav.pager .muted').textContent()).resolves.toMatch(/^第 1–1 条,共 2 条$/);
    const firstLogin = await page.locator('tbody tr td').first().textContent();
    await follow(page, 'nav.pager a[rel=next]');
    await expect(page.locator('nav.pager .muted').textContent()).resolves.toMatch(/^第 2–2 条,共 2 条$/);
    expect(await page.locator('tbody tr td').first().textContent()).not.toBe(firstLogin);
    await page.selectOption('#users-role', 'manager');
    await page.click('form.filters button.apply');
    await page.waitForURL(/role=manager/);
    await expect(page.locator('tbody tr td:nth-child(2)').allTextContents()).resolves.toEqual([MANAGER.displayName]);
    await context.close();
  });

  it('lets the manager accept, sign out and in again, and drill down within the county only', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(invitation);
    await expect(page.locator('dl.facts').textContent()).resolves.toMatch(/county\.li.*管理员\(团委\).*示范县/);
    await page.fill('#password', 'short');
    await page.click('button[type=submit]');
    await expect(page.locator('#password-error').textContent()).resolves.toBe('密码至少 10 位');
    await shot(page, 'invitation-error');
    await page.fill('#password', MANAGER.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${app.url}/`);
    await expect(page.locator('.who').textContent()).resolves.toBe(`${MANAGER.displayName}管理员(团委)`);

    await page.click('text=退出登录');
    await page.waitForURL(`${app.url}/login`);
    await page.goto(`${app.url}/`);
    await page.waitForURL(`${app.url}/login`);
    await signIn(page, app.url, MANAGER.loginName, MANAGER.password);
    await page.waitForURL(`${app.url}/`);
    await expect(page.locator('.cards a').allTextContents()).resolves.toEqual(['示范县']);
    await expect(page.locator('header nav').textContent()).resolves.toContain('用户');
    await shot(page, 'manager-home');
    await page.click('.cards a');
    await page.click('a:text("城关镇团委")');
    await page.click('a:text("东风村团支部")');
    await page.waitForURL(`${app.url}/units/${tree.branch}`);
    // Above the county, the breadcrumbs name the units without linking them.
    await expect(page.locator('nav.crumbs a').allTextContents()).resolves.toEqual(['组织架构', '示范县', '城关镇团委']);
    await shot(page, 'manager-organisation');

    // Search finds only what lies inside the county.
    await page.goto(`${app.url}/search`);
    await page.fill('#q', '团');
    await page.click('form[role=search] button');
    await page.waitForURL(/q=/);
    await expect(page.locator('.results li > a').allTextContents()).resolves.toEqual(['城关镇团委', '东风村团支部']);
    await expect(page.locator('.results .path').last().textContent()).resolves.toBe('示范省 › 示范市 › 示范县 › 城关镇团委');
    await shot(page, 'manager-search');

    const response = await page.goto(`${app.url}/units/${tree.city}`);
    expect(response?.status()).toBe(403);
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('无权访问或对象不存在');
    await shot(page, 'forbidden');
    await context.close();
  });

  it('shows a clear message for an unknown invitation', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const response = await page.goto(`${app.url}/invite/not-a-real-token`);
    expect(response?.status()).toBe(404);
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('邀请链接无效或已过期');
    await context.close();
  });

  it('gives an invitation still waiting a new link from the users page (on a phone); the old link stops working', async () => {
    const { invitation } = await post<{ invitation: { token: string } }>(
      app.url,
      '/api/users',
      { submissionId: uuidv7(), loginName: 'lost.link', displayName: '丢了链接', role: 'secretary', unitIds: [tree.branch] },
      tree.token,
    );
    const context = await newContext(browser, { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, app.url, ADMIN.loginName, ADMIN.password);
    await page.waitForURL(`${app.url}/`);
    await page.goto(`${app.url}/users?q=lost`);
    await page.click('td.row-actions[data-user="lost.link"] form[action="?/renew"] button');
    await expect(page.locator('[data-testid=renewed] p').first().textContent()).resolves.toBe('已为「丢了链接」生成新的邀请链接,旧链接已失效。');
    const link = await page.locator('#renewed-link').inputValue();
    await shot(page, 'users-renewed-link-phone');
    expect((await page.goto(`${app.url}/invite/${invitation.token}`))?.status()).toBe(404);
    expect((await page.goto(link))?.status()).toBe(200);
    await context.close();
  });
});
