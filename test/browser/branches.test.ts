import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshots, startApp } from './harness.ts';

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('registering a branch in the browser', () => {
  it('registers through the form and sees it in the township list', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/branches/new`);
    await expect(page.locator('h1').textContent()).resolves.toBe('登记团组织');
    await page.fill('#name', '东风村团支部');
    await page.fill('#township', '城关镇团委');
    await page.selectOption('#field', 'village');
    await page.selectOption('#buildingMode', 'joint');
    await page.screenshot({ path: join(screenshots, 'branch-form.png'), fullPage: true });
    await page.click('button[type=submit]');
    await page.waitForURL(/\/townships\//);
    await expect(page.locator('[role=status]').textContent()).resolves.toBe('已登记「东风村团支部」。');
    const row = page.locator('tbody tr.fresh');
    await expect(row.locator('td').allTextContents()).resolves.toEqual(expect.arrayContaining(['东风村团支部', '村团支部', '联合建团']));
    await page.screenshot({ path: join(screenshots, 'township-list.png'), fullPage: true });
    await page.close();
  });

  it('shows each error beside its field and keeps what was typed', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/branches/new`);
    await page.fill('#township', '城关镇团委');
    await page.selectOption('#buildingMode', 'regional');
    await page.click('button[type=submit]');
    await expect(page.locator('#name-error').textContent()).resolves.toBe('请填写团组织名称');
    await expect(page.locator('#field-error').textContent()).resolves.toBe('请从列表中选择所在领域');
    await expect(page.locator('#name').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#township').inputValue()).resolves.toBe('城关镇团委');
    await expect(page.locator('#buildingMode').inputValue()).resolves.toBe('regional');
    await expect(page.locator('#township-error').count()).resolves.toBe(0);
    await page.screenshot({ path: join(screenshots, 'branch-form-errors.png'), fullPage: true });
    // Correcting the fields and submitting again registers it.
    await page.fill('#name', '创业园团支部');
    await page.selectOption('#field', 'enterprise');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/townships\//);
    await expect(page.locator('tbody tr.fresh td').first().textContent()).resolves.toBe('创业园团支部');
    await page.close();
  });

  it('works without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.url}/branches/new`);
    await page.click('button[type=submit]');
    await expect(page.locator('#name-error').textContent()).resolves.toBe('请填写团组织名称');
    await page.fill('#name', '无脚本团支部');
    await page.fill('#township', '安平镇团委');
    await page.selectOption('#field', 'community');
    await page.selectOption('#buildingMode', 'regional');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/townships\//);
    await expect(page.locator('tbody tr.fresh td').first().textContent()).resolves.toBe('无脚本团支部');
    await context.close();
  });

  it('switches to English and back', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await page.click('a.lang');
    await expect(page.locator('h1').textContent()).resolves.toBe('Township committees');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.locator('.townships').textContent()).resolves.toContain('城关镇团委');
    await page.screenshot({ path: join(screenshots, 'home-en.png'), fullPage: true });
    await page.click('a.lang');
    await expect(page.locator('h1').textContent()).resolves.toBe('乡镇(街道)团委');
    await page.screenshot({ path: join(screenshots, 'home-zh.png'), fullPage: true });
    await context.close();
  });
});
