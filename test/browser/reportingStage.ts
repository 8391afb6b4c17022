/**
 * The stage both monthly-report browser tests play on: the built app, a tree (示范省 … 东风村团支部),
 * the branch's secretary and the township's manager each signed in through their invitation,
 * and the administrator signed in.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, startApp } from './harness.ts';
import { buildTree, condition, invitedPerson, keptByServiceWorker, serviceWorkerReady, signedInAdmin } from './helpers.ts';

export const SECRETARY = { loginName: 'branch.liu', displayName: '刘书记', password: 'a long enough password' };
export const MANAGER = { loginName: 'town.zhao', displayName: '赵镇委', password: 'another long password' };

export interface ReportingStage {
  app: Awaited<ReturnType<typeof startApp>>;
  browser: Browser;
  tree: Awaited<ReturnType<typeof buildTree>>;
  secretary: BrowserContext;
  manager: BrowserContext;
  admin: BrowserContext;
}

/** Sets the stage up before the file's tests and takes it down after; its fields are filled in `beforeAll`. */
export function reportingStage(): ReportingStage {
  const stage = {} as ReportingStage;
  beforeAll(async () => {
    [stage.app, stage.browser] = await Promise.all([startApp(), launchBrowser()]);
    stage.tree = await buildTree(stage.app.url);
    const person = (who: typeof SECRETARY, role: string, unitId: string) => invitedPerson(stage.browser, stage.app.url, stage.tree.token, who, role, unitId);
    stage.secretary = await person(SECRETARY, 'secretary', stage.tree.branch);
    stage.manager = await person(MANAGER, 'manager', stage.tree.township);
    stage.admin = await signedInAdmin(stage.browser, stage.app.url);
  });
  afterAll(async () => {
    await stage.browser?.close();
    await stage.app?.stop();
  });
  return stage;
}

export const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim();
export const submitReport = (page: Page) => page.click('form.report-form button[type=submit]');

/** The statuses of the POSTs of the unit's monthly reports the browser context made (to count them: "sent exactly once"). */
export function reportPostsOf(context: BrowserContext, unitId: string): number[] {
  const statuses: number[] = [];
  context.on('response', (response) => {
    if (response.request().method() === 'POST' && new URL(response.url()).pathname === `/api/units/${unitId}/reports`) statuses.push(response.status());
  });
  return statuses;
}

/** The page is controlled by the service worker, which has kept it (to open offline). */
export async function keptForOffline(page: Page) {
  await serviceWorkerReady(page);
  await keptByServiceWorker(page);
}

export async function goOffline(context: BrowserContext, page: Page) {
  await context.setOffline(true);
  await page.waitForFunction(condition('!navigator.onLine'));
}
