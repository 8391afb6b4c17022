/**
 * The API reference page (/api/docs) in Chromium: with no internet, under its own policy, the
 * viewer served by this server renders the document: the capabilities, and the routes under one
 * opened. Nothing is fetched from elsewhere, and the policy blocks nothing (newContext fails the
 * test on any violation).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startApp } from './harness.ts';
import { newContext, shot } from './helpers.ts';

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the API reference page', () => {
  it('shows every capability and, opened, its routes, from this server alone', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!/^(data|blob):/.test(request.url()) && new URL(request.url()).origin !== app.url) elsewhere.push(request.url());
    });
    await page.goto(`${app.url}/api/docs`);
    await expect.poll(() => page.getByRole('heading', { name: /League Pulse 团建速报 API/ }).isVisible(), { timeout: 20_000 }).toBe(true);
    // Every capability is listed with its routes' summaries.
    for (const tag of ['units', 'reports', 'research', 'campaigns', 'deliverables', 'attachments', 'operations']) {
      await page
        .getByRole('heading', { name: new RegExp(`^${tag}\\b`) })
        .first()
        .waitFor();
    }
    await page.getByText('Sign in (登录)').first().waitFor();
    await page.getByText('Rename a unit (更名)').first().waitFor();
    // A route opens to show its body schema, from the zod schema the route validates with.
    await page.getByText('Rename a unit (更名)').first().click();
    await page.getByText('Request body').first().waitFor();
    await shot(page, 'api-reference');
    expect(elsewhere).toEqual([]);
    await context.close();
  });
});
