/**
 * 批量邀请 in the browser: a township manager downloads the invitation template, fills it in,
 * uploads it, reads the dry run (a bad row named with its row number), uploads the corrected
 * sheet and invites; the result shows one card per person with a QR code that scans to the
 * person's link, prints, and downloads as .xlsx. One invited person opens their link and sets
 * a password. On a 390 px phone the pages fit the screen.
 */
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { parseTable, writeXlsx } from '../../api/tables/index.ts';
import { readZip } from '../../api/tables/zip.ts';
import { downloaded, newContext, post, shot } from './helpers.ts';
import { reportingStage, text } from './reportingStage.ts';

const stage = reportingStage();
/** jsqr is CommonJS: under Node's rules the default import is its exports, whose `default` is the decoder; vite hands over the decoder itself. */
const jsQR: typeof jsQRModule.default = (jsQRModule as { default?: typeof jsQRModule.default }).default ?? (jsQRModule as unknown as typeof jsQRModule.default);

/** The template as the browser downloaded it, its rows as a spreadsheet program shows them. */
async function downloadTemplate(page: Page): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/api/bulk-invitations/template"]')]);
  const bytes = new Uint8Array(await downloaded(download));
  expect(new TextDecoder().decode(readZip(bytes).read('xl/workbook.xml'))).toContain('name="填写说明"');
  const table = parseTable('template.xlsx', bytes);
  return [table.headers, ...table.rows.map((row) => table.headers.map((header) => row.cells[header] ?? ''))];
}

/** Chooses the file and presses one of the form's buttons (预检 or 邀请). */
async function upload(page: Page, rows: string[][], button: '预检' | '邀请') {
  const buffer = Buffer.from(writeXlsx([{ name: '批量邀请', rows }]));
  await page.setInputFiles('#file', { name: '邀请名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
  await page.click(`button:has-text("${button}")`);
}

const noOverflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

describe('批量邀请 in the browser', () => {
  it('a township manager invites two secretaries from a spreadsheet, prints their cards and downloads their links', async () => {
    const { url } = stage.app;
    const { token, township } = stage.tree;
    for (const [code, name] of [
      ['OB01', '青山村团支部'],
      ['OB02', '绿水村团支部'],
    ]) {
      await post(
        url,
        '/api/units',
        {
          submissionId: uuidv7(),
          kind: 'organisation',
          parentId: township,
          name,
          code,
          on: '2026-01-01',
          organisation: { field: 'village', buildingMode: 'independent' },
        },
        token,
      );
    }
    const page = await stage.manager.newPage();
    await page.goto(`${url}/users`);
    await page.click('a[href="/users/bulk"]');
    await page.waitForURL(`${url}/users/bulk`);
    const template = await downloadTemplate(page);
    expect(template[0]).toEqual(['组织编码', '姓名', '角色', '手机号', '电子邮箱', '用户名']);

    // Filled in below the template's notes and samples (left in: they are skipped); one row is wrong.
    const good = [
      ['OB01', '周青', '团支部书记', '13900000001', 'zhouqing@example.cn', ''],
      ['OB02', '吴绿', '团支部书记', '', '', 'wulv'],
    ];
    await upload(page, [...template, ...good, ['OB02', '郑错', '调研员', '', '', '']], '预检');
    await expect(text(page, '.result .banner')).resolves.toBe('发现 1 处错误,请修改文件后重新上传:');
    await expect(text(page, 'table.errors tbody tr')).resolves.toContain('第 8 行「角色」:角色与组织层级不符');
    await shot(page, 'bulk-invite-dry-run-errors');

    await upload(page, [...template, ...good], '预检');
    await expect(text(page, 'p.notice[role=status]')).resolves.toBe('没有发现错误,可以邀请。');
    await expect(page.locator('table.planned tbody tr').allTextContents()).resolves.toEqual([
      expect.stringContaining('ob01.sj'),
      expect.stringContaining('wulv'),
    ]);
    await expect(text(page, '.summary')).resolves.toContain('3 跳过示例行');

    await upload(page, [...template, ...good], '邀请');
    await page.waitForURL(/\/users\/bulk\/[\w-]+$/);
    await expect.poll(() => text(page, 'p.notice[role=status]'), { timeout: 20_000 }).toBe('邀请完成:共 2 人。请打印邀请卡或下载链接表,发给本人。');
    await expect(page.locator('li.invitation').count()).resolves.toBe(2);
    await expect(text(page, '.kept')).resolves.toContain('24 小时');
    await shot(page, 'bulk-invite-cards');

    // Each card's QR code, as the browser draws it, scans to the link printed under it.
    const links = (await page.locator('li.invitation .link').allTextContents()).map((link) => link.trim());
    expect(links).toHaveLength(2);
    for (const [i, link] of links.entries()) {
      expect(link).toMatch(new RegExp(`^${url}/invite/[\\w-]+$`));
      const png = PNG.sync.read(await page.locator('li.invitation .qr svg').nth(i).screenshot());
      expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(link);
    }

    // Printed: A4 cards, the page's controls left out.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.no-print').isVisible()).resolves.toBe(false);
    await expect(page.locator('li.invitation').first().isVisible()).resolves.toBe(true);
    await shot(page, 'bulk-invite-print');
    await page.emulateMedia({ media: 'screen' });

    // The links as a spreadsheet.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("下载链接表")')]);
    const sheet = new TextDecoder().decode(readZip(new Uint8Array(await downloaded(download))).read('xl/worksheets/sheet1.xml'));
    for (const link of links) expect(sheet).toContain(link);
    expect(sheet).toContain('周青');

    // On a phone the cards stack and fit the screen; so does the upload page.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await shot(page, 'bulk-invite-cards-phone');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await page.goto(`${url}/users/bulk`);
    await upload(page, [...template, ...good, ['NOPE', '无码', '团支部书记', '', '', '']], '预检');
    await expect(text(page, 'table.errors tbody tr')).resolves.toContain('您管理的范围内没有这个组织编码');
    await expect(text(page, '.summary')).resolves.toContain('2 已邀请过(不再邀请)');
    await shot(page, 'bulk-invite-dry-run-phone');
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await page.close();

    // 周青 opens her link and sets a password: she is signed in.
    const person = await newContext(stage.browser, { viewport: { width: 390, height: 844 } });
    const invited = await person.newPage();
    await invited.goto(links[0]!);
    await expect(invited.locator('body').textContent()).resolves.toContain('周青');
    await invited.fill('#password', 'zhou qing long password');
    await invited.click('button[type=submit]');
    await invited.waitForURL(`${url}/`);
    await expect(invited.locator('header .who').textContent()).resolves.toContain('周青');
    await person.close();
  }, 180_000);
});
