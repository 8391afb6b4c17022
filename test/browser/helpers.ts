/** Steps the browser tests share: the administrator's set-up, a tree built through the API, signing in. */
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Download, Page } from 'playwright-core';
import { afterEach, expect } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { browserNow, screenshots } from './harness.ts';

export const ADMIN = { loginName: 'admin', displayName: '王管理', password: 'correct horse battery' };

/**
 * A full-page screenshot into test-results/, to look at. SCREENSHOTS=off skips them (CI, where
 * nobody looks and the suite's time is budgeted; nothing is asserted on them), except those a
 * test promises (`always`: the 360 px pass over every page).
 */
export const shot = async (page: Page, name: string, options: { always?: boolean } = {}) => {
  if (process.env.SCREENSHOTS === 'off' && !options.always) return;
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
};

/** Once the page has hydrated (the root layout marks <html data-hydrated>): its forms are live, so what is typed next stays. */
export const hydrated = (page: Page) => page.locator('html[data-hydrated=true]').waitFor({ state: 'attached' }); // a selector: no script the page's CSP would refuse

/**
 * A download's bytes, read through Playwright's connection: the browser is the run's shared one
 * (harness.ts), so its file is not on a path this process could read (`download.path()` throws).
 */
export async function downloaded(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A POST to the running app's API, as the holder of `token`. */
export async function post<Answer>(url: string, path: string, body: unknown, token?: string): Promise<Answer> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer as Answer;
}

/** The administrator and a small tree (示范省 → 示范市 → 示范县 → 城关镇团委 → 东风村团支部), through the API. */
export async function buildTree(url: string) {
  const { session } = await post<{ session: { token: string } }>(url, '/api/setup', { submissionId: uuidv7(), ...ADMIN });
  const open = async (kind: string, parentId: string | null, name: string, extra: object = {}) =>
    (await post<{ unitId: string }>(url, '/api/units', { submissionId: uuidv7(), kind, parentId, name, on: '2026-01-01', ...extra }, session.token)).unitId;
  const province = await open('province', null, '示范省');
  const city = await open('city', province, '示范市');
  const county = await open('county', city, '示范县', { code: 'X01' });
  const township = await open('township', county, '城关镇团委', { township: { population: 52_000, committeeMembers: 7, annualFunding: 20_000 } });
  const branch = await open('organisation', township, '东风村团支部', { organisation: { field: 'village', buildingMode: 'independent' } });
  return { token: session.token, province, city, county, township, branch };
}

/**
 * A condition for `page.waitForFunction`, written as the page's code (this project is compiled
 * without the DOM's types). Handed over as a function, not a string: Playwright compiles a
 * function once, but evaluates a string again at every poll, with `eval`, which the pages'
 * Content-Security-Policy (no 'unsafe-eval') refuses, so a condition not yet true at the first
 * look failed instead of being waited for.
 */
export const condition = (expression: string) => new Function(`return (${expression});`) as () => unknown;

/**
 * Waits until the service worker controls the page. It installs with the app's shell only (a
 * handful of files), so this takes about a second; the bound is for a machine under heavy load.
 */
export const SERVICE_WORKER_TIMEOUT = 30_000;
export async function serviceWorkerReady(page: Page): Promise<void> {
  await page.waitForFunction(condition('navigator.serviceWorker.controller !== null'), undefined, { timeout: SERVICE_WORKER_TIMEOUT });
}

/**
 * Waits until the service worker has kept the page at `url` (the page's own, by default), so it
 * opens offline. Asked again until it is (a condition answering a promise would be taken as true
 * at once: the promise itself is truthy).
 */
export async function keptByServiceWorker(page: Page, url = 'location.href'): Promise<void> {
  await expect.poll(() => page.evaluate(`caches.match(${url}).then(Boolean)`), { timeout: SERVICE_WORKER_TIMEOUT }).toBe(true);
}

export async function signIn(page: Page, url: string, loginName: string, password: string, path = '/login') {
  await page.goto(`${url}${path}`);
  await page.fill('#loginName', loginName);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
}

/**
 * A fresh browser context whose steps fail within 10 s, naming the step (well inside the test's
 * own timeout). Its pages' clock starts at the app's time and runs on, as a phone's would.
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  context.setDefaultTimeout(10_000);
  await context.clock.install({ time: new Date(browserNow.get(browser) ?? Date.now()) });
  await context.exposeBinding('__cspViolation', (_source, what: string) => void blockedByPolicy.push(what));
  // Runs in the page (a script's text: this file is compiled without the DOM's types).
  await context.addInitScript(`document.addEventListener('securitypolicyviolation', (event) =>
    window.__cspViolation(event.documentURI + ': ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline code')))`);
  return context;
}

/**
 * What the pages' Content-Security-Policy blocked, in any context of this file: every test ends
 * with none, so a policy too strict for the app (or a page reaching for something foreign) fails.
 */
const blockedByPolicy: string[] = [];
afterEach(() => {
  expect(blockedByPolicy.splice(0), 'the Content-Security-Policy blocked part of a page').toEqual([]);
});

/** Clicks a link and waits until the page has left the URL it was on. */
export async function follow(page: Page, selector: string) {
  const before = page.url();
  await page.click(selector);
  await page.waitForURL((url) => url.href !== before);
}

export interface Person {
  loginName: string;
  displayName: string;
  password: string;
}

/**
 * Sends a page's form into `context` as a browser without JavaScript would (same origin, form
 * encoding), through the context's own request client, whose cookies are the context's: the
 * server's action runs as for a click, its session cookie lands in the context, and no page is
 * rendered. For setting a test's stage only: the sign-in and invitation pages themselves are
 * driven through their forms in accounts.test.ts (and tree, scope, research, bulkInvitations).
 */
async function submitForm(context: BrowserContext, url: string, path: string, form: Record<string, string>, landsOn = '/') {
  const response = await context.request.post(`${url}${path}`, { form, headers: { origin: url, accept: 'text/html' }, maxRedirects: 0 });
  if (response.status() !== 303 || response.headers().location !== landsOn) {
    throw new Error(`${path}: ${response.status()} (to ${response.headers().location}) ${await response.text()}`);
  }
}

/** Invites through the API as the administrator, accepts the invitation in a browser context of its own: the person is signed in there. */
export async function invitedPerson(
  browser: Browser,
  url: string,
  adminToken: string,
  who: Person,
  role: string,
  unitId: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const { invitation } = await post<{ invitation: { token: string } }>(
    url,
    '/api/users',
    { submissionId: uuidv7(), loginName: who.loginName, displayName: who.displayName, role, unitIds: [unitId] },
    adminToken,
  );
  const context = await newContext(browser, options);
  await submitForm(context, url, `/invite/${invitation.token}`, { submissionId: uuidv7(), password: who.password });
  return context;
}

/** A browser context in which the administrator is signed in. */
export async function signedInAdmin(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await newContext(browser, options);
  await submitForm(context, url, '/login', { loginName: ADMIN.loginName, password: ADMIN.password });
  return context;
}
