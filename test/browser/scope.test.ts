/**
 * The issue's own check: a fresh store, the administrator imports a province from the
 * downloaded template, invites a county manager and a branch secretary; each sees exactly
 * their part of the tree in the browser, and nothing above it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { parseTable, writeXlsx } from '../../api/tables/index.ts';
import { launchBrowser, startApp } from './harness.ts';
import { ADMIN, newContext, post, shot } from './helpers.ts';

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function unitByName(token: string, name: string): Promise<string> {
  const response = await fetch(`${app.url}/api/units/search?q=${encodeURIComponent(name)}`, { headers: { authorization: `Bearer ${token}` } });
  const { units } = (await response.json()) as { units: Array<{ id: string; name: string }> };
  return units.find((unit) => unit.name === name)!.id;
}

describe('each role sees exactly its part of an imported province', () => {
  it('imports the template, invites a county manager and a secretary, and scopes what each sees', async () => {
    const admin = await newContext(browser);
    const page = await admin.newPage();
    await page.goto(`${app.url}/setup`);
    await page.fill('#loginName', ADMIN.loginName);
    await page.fill('#displayName', ADMIN.displayName);
    await page.fill('#password', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${app.url}/`);

    // The template, downloaded as a user would; its sample rows, kept as the user's own (the 示例- mark taken off), are a valid province.
    await page.goto(`${app.url}/import`);
    const download = await Promise.all([page.waitForEvent('download'), page.click('a[href*="format=xlsx"]')]).then(([d]) => d);
    const dir = mkdtempSync(join(tmpdir(), 'lp-template-'));
    await download.saveAs(join(dir, 'template.xlsx'));
    const template = parseTable('template.xlsx', new Uint8Array(readFileSync(join(dir, 'template.xlsx'))));
    const own = (cell: string) => cell.replace(/^示例-/, '');
    const file = join(dir, 'filled.xlsx');
    writeFileSync(
      file,
      writeXlsx([
        { name: '组织架构', rows: [template.headers, ...template.rows.map((row) => template.headers.map((header) => own(row.cells[header] ?? '')))] },
      ]),
    );
    await page.setInputFiles('input[type=file]', file);
    await page.click('button[name=dryRun][value=false]');
    await page.waitForURL(/\/import\/[\w-]+/);
    await page.locator('[role=status]').waitFor({ timeout: 20_000 });
    await shot(page, 'scope-import-done');

    const { session } = await post<{ session: { token: string } }>(app.url, '/api/session', { loginName: ADMIN.loginName, password: ADMIN.password });
    const county = await unitByName(session.token, '示范县');
    const branch = await unitByName(session.token, '东风村团支部');
    const township = await unitByName(session.token, '城关镇团委');
    const province = await unitByName(session.token, '示范省');
    const invite = async (loginName: string, role: string, unitId: string) =>
      (
        await post<{ invitation: { token: string } }>(
          app.url,
          '/api/users',
          { submissionId: uuidv7(), loginName, displayName: loginName, role, unitIds: [unitId] },
          session.token,
        )
      ).invitation.token;
    const people = [
      { loginName: 'county.zhang', role: 'manager', unitId: county, sees: ['示范县'], canOpen: [township, branch], refused: [province] },
      { loginName: 'branch.liu', role: 'secretary', unitId: branch, sees: ['东风村团支部'], canOpen: [branch], refused: [township, county, province] },
    ];
    for (const person of people) {
      const token = await invite(person.loginName, person.role, person.unitId);
      const context = await newContext(browser);
      const them = await context.newPage();
      await them.goto(`${app.url}/invite/${token}`);
      await them.fill('#password', 'a long enough password');
      await them.click('button[type=submit]');
      // Accepting signs the person in and lands on their part of the tree.
      await them.waitForURL(`${app.url}/`);
      const fresh = them;
      const cards = await fresh.locator('main a[href^="/units/"]').allTextContents();
      expect(cards.join(' ')).toContain(person.sees[0]);
      for (const other of ['示范省', '示范市']) expect(cards.join(' ')).not.toContain(other);
      await shot(fresh, `scope-${person.role}-home`);
      for (const id of person.canOpen) {
        const response = await fresh.goto(`${app.url}/units/${id}`);
        expect(response!.status()).toBe(200);
      }
      for (const id of person.refused) {
        const response = await fresh.goto(`${app.url}/units/${id}`);
        expect(response!.status()).toBe(403);
        await expect(fresh.locator('main').textContent()).resolves.toContain('无权访问或对象不存在');
      }
      await context.close();
    }
    await admin.close();
  }, 90_000);
});
