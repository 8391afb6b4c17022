/**
 * Photos on a visit, offline (issue 15). A researcher on a 390 px phone goes offline, records a
 * visit with two real pictures (PNG files larger than 1,600 px, made here with node:zlib): the
 * phone shows them as thumbnails, made smaller (1,600 px at most) and kept in the outbox with the
 * record. Back online, each picture is uploaded once and the record posted once: the team board
 * shows the visit once, with its two thumbnails. The county's manager sees the photos on the board.
 * Without JavaScript a branch secretary posts the month's report with a photo (multipart, uploaded
 * by the form's action), and the county's manager sees it on the report, then corrects the report
 * with JavaScript, adding a photo: only that one is uploaded, the first kept.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaDate } from '../../projections/calendar.ts';
import { uuidv7 } from '../../events/ids.ts';
import { png, sha256 } from '../api/images.ts';
import { launchBrowser, startApp, TEST_NOW } from './harness.ts';
import { buildTree, condition, invitedPerson, keptByServiceWorker, newContext, post, SERVICE_WORKER_TIMEOUT, serviceWorkerReady, shot } from './helpers.ts';

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let tree: Awaited<ReturnType<typeof buildTree>>;
let researcher: BrowserContext;
let manager: BrowserContext;
let teamId = '';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const RESEARCHER = { loginName: 'photo.li', displayName: '李调研', password: 'a long enough password' };
const MANAGER = { loginName: 'county.zhao', displayName: '赵县委', password: 'a long enough password' };
const SECRETARY = { loginName: 'branch.sun', displayName: '孙书记', password: 'a long enough password' };
const today = () => chinaDate(TEST_NOW);
/** How long a retried assertion may take on a loaded machine. */
const WAIT = { timeout: 15_000, interval: 100 };
/** Two pictures as a phone's camera would give them: wider than 1,600 px. */
const photos = [
  { name: '青年座谈会.png', mimeType: 'image/png', buffer: Buffer.from(png(2400, 1200, [200, 60, 40])) },
  { name: '合作社合影.png', mimeType: 'image/png', buffer: Buffer.from(png(1800, 2400, [40, 120, 200])) },
];

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  tree = await buildTree(app.url);
  researcher = await invitedPerson(browser, app.url, tree.token, RESEARCHER, 'researcher', tree.county, PHONE);
  manager = await invitedPerson(browser, app.url, tree.token, MANAGER, 'manager', tree.county, PHONE);
  const users = await get<{ users: { userId: string; loginName: string }[] }>('/api/users');
  const researcherId = users.users.find((user) => user.loginName === RESEARCHER.loginName)!.userId;
  const { roundId } = await post<{ roundId: string }>(
    app.url,
    `/api/units/${tree.province}/research-rounds`,
    { submissionId: uuidv7(), name: '青年调研', startsOn: addDays(today(), -3), endsOn: addDays(today(), 10) },
    tree.token,
  );
  ({ teamId } = await post<{ teamId: string }>(
    app.url,
    `/api/research-rounds/${roundId}/teams`,
    { submissionId: uuidv7(), name: '影像调研组', memberIds: [researcherId], regionIds: [tree.county] },
    tree.token,
  ));
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function get<Answer>(path: string): Promise<Answer> {
  const response = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${tree.token}` } });
  return response.json() as Promise<Answer>;
}

/** The API requests that reached the server from the page (uploads and record posts), with their answers. */
function serverAnswers(page: Page) {
  const answers: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    const method = response.request().method();
    if ((method === 'PUT' && url.pathname.startsWith('/api/attachments/')) || (method === 'POST' && url.pathname.endsWith('/visits'))) {
      answers.push(`${method} ${url.pathname} ${response.status()}`);
    }
  });
  return answers;
}

/** How many of the pictures in `selector` the browser has loaded (a thumbnail that failed has no width). */
const loaded = (page: Page, selector: string) =>
  page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].filter((img) => img.complete && img.naturalWidth > 0).length`);

describe('photos on a visit, offline', { timeout: 60_000 + SERVICE_WORKER_TIMEOUT }, () => {
  it('two photos recorded offline reach the board once each, with the visit once, and the manager sees them', async () => {
    const page = await researcher.newPage();
    const answers = serverAnswers(page);
    await page.goto(`${app.url}/research/teams/${teamId}/visit?region=${tree.county}&item=youthForum`);
    await serviceWorkerReady(page);
    await keptByServiceWorker(page);

    await researcher.setOffline(true);
    await page.waitForFunction(condition('!navigator.onLine'));
    await page.fill('#place', '城关镇青年之家');
    await page.fill('#participants-count', '14');
    await page.fill('#findings-0-text', '返乡青年多在电商服务站聚集。');
    await page.setInputFiles('.attachment-picker input[type=file]', photos);
    const thumbs = page.locator('.attachment-picker li[data-sha256]');
    await expect.poll(() => thumbs.count(), WAIT).toBe(2);
    await expect.poll(() => loaded(page, '.attachment-picker img'), WAIT).toBe(2);
    // Made smaller on the phone: 1,600 px on the longest side, as JPEG.
    const sizes = await page.evaluate(`[...document.querySelectorAll('.attachment-picker img')].map((img) => [img.naturalWidth, img.naturalHeight])`);
    expect(sizes).toEqual([
      [1600, 800],
      [1200, 1600],
    ]);
    await expect(page.locator('.attachment-picker .name').allTextContents()).resolves.toEqual(['青年座谈会.jpg', '合作社合影.jpg']);
    const hashes = await thumbs.evaluateAll((items) => items.map((item) => item.getAttribute('data-sha256')));
    await shot(page, 'visit-photos-offline-form');

    await page.click('form.visit-form button[type=submit]');
    await expect(page.locator('.outbox-notice').textContent()).resolves.toBe('已保存到待发送箱,联网后自动发送。');
    // The record waits on the form, read-only, its photos with it; "再填一份" starts the next one.
    await expect(thumbs.count()).resolves.toBe(2);
    await page.click('.outbox-another');
    await expect.poll(() => thumbs.count(), WAIT).toBe(0);
    await expect(page.locator('header .toggle').textContent()).resolves.toBe('待发送 1');
    expect(answers).toEqual([]);

    // Back online: each photo uploaded once, then the record posted once.
    await researcher.setOffline(false);
    await page.click('header .toggle');
    await page.locator('#outbox-panel li[data-status=sent]').waitFor();
    expect(answers).toEqual([
      `PUT /api/attachments/${hashes[0]} 201`,
      `PUT /api/attachments/${hashes[1]} 201`,
      `POST /api/research-teams/${teamId}/visits 201`,
    ]);

    // The board: the visit once, with its two thumbnails (once the read models have it).
    await expect
      .poll(
        async () =>
          (await get<{ board: { items: { item: string; done: boolean }[] }[] }>(`/api/research-teams/${teamId}`)).board[0]!.items.find(
            (item) => item.item === 'youthForum',
          )!.done,
        WAIT,
      )
      .toBe(true);
    await page.goto(`${app.url}/research/teams/${teamId}`);
    const cell = page.locator(`tr[data-region="${tree.county}"] td[data-item=youthForum]`);
    await expect(cell.locator('.mark').textContent()).resolves.toBe('✓');
    await cell.locator('.attachment-list').scrollIntoViewIfNeeded(); // thumbnails load as they come into view
    await expect.poll(() => loaded(page, `tr[data-region="${tree.county}"] td[data-item=youthForum] .attachment-list img`), WAIT).toBe(2);
    await expect(cell.locator('.attachment-list li').evaluateAll((items) => items.map((item) => item.getAttribute('data-sha256')))).resolves.toEqual(hashes);
    await shot(page, 'visit-photos-board-phone');
    const board = await get<{ board: { regionId: string; items: { item: string; records: { attachments: { sha256: string; type: string }[] }[] }[] }[] }>(
      `/api/research-teams/${teamId}`,
    );
    const records = board.board.find((region) => region.regionId === tree.county)!.items.find((item) => item.item === 'youthForum')!.records;
    expect(records).toHaveLength(1);
    expect(records[0]!.attachments.map((file) => [file.sha256, file.type])).toEqual(hashes.map((sha) => [sha, 'image/jpeg']));
    await page.close();

    // The county's manager sees the photos on the visit, and opens one.
    const managerPage = await manager.newPage();
    await managerPage.goto(`${app.url}/research/teams/${teamId}`);
    await managerPage.locator('td[data-item=youthForum] .attachment-list').scrollIntoViewIfNeeded();
    await expect.poll(() => loaded(managerPage, `td[data-item=youthForum] .attachment-list img`), WAIT).toBe(2);
    const opened = await managerPage.request.get(`${app.url}/api/attachments/${hashes[0]}`);
    expect(opened.status()).toBe(200);
    expect(opened.headers()['content-type']).toBe('image/jpeg');
    await shot(managerPage, 'visit-photos-board-manager');
    await managerPage.close();
  });

  it('on a desktop the board shows the photos too', async () => {
    const desktop = await newContext(browser, { viewport: { width: 1280, height: 800 } });
    await desktop.addCookies(await manager.cookies());
    const page = await desktop.newPage();
    await page.goto(`${app.url}/research/teams/${teamId}`);
    await page.locator('td[data-item=youthForum] .attachment-list').scrollIntoViewIfNeeded();
    await expect.poll(() => loaded(page, `td[data-item=youthForum] .attachment-list img`), WAIT).toBe(2);
    await shot(page, 'visit-photos-board-desktop');
    await desktop.close();
  });

  it('without JavaScript, a secretary posts the month’s report with a photo; the county’s manager sees it on the report', async () => {
    const plain = await invitedPerson(browser, app.url, tree.token, SECRETARY, 'secretary', tree.branch, { ...PHONE, javaScriptEnabled: false });
    const page = await plain.newPage();
    await page.goto(`${app.url}/units/${tree.branch}/reports`);
    const month = await page.locator('form.report-form input[name=month]').inputValue();
    await page.fill('#activity-title', '青年电商培训');
    await page.check('#activity-held');
    await page.fill('#activity-date', `${month}-12`);
    await page.fill('#activity-participants', '18');
    await page.fill('#survey-respondents', '20');
    await page.fill('#members-leagueMembers', '12');
    await page.fill('#members-youthUnder35', '40');
    const photo = { name: '培训现场.png', mimeType: 'image/png', buffer: Buffer.from(png(640, 480, [30, 150, 70])) };
    await page.setInputFiles('.attachment-picker input[name=attachment-files]', [photo]);
    await page.click('form.report-form button[type=submit]');
    await page.waitForURL(/sent=/);
    await plain.close();
    await expect
      .poll(async () => (await get<{ months: { month: string }[] }>(`/api/units/${tree.branch}/reports`)).months.some((record) => record.month === month), WAIT)
      .toBe(true);

    const managerPage = await manager.newPage();
    await managerPage.goto(`${app.url}/units/${tree.branch}/reports?month=${month}`);
    // A manager may correct the report: its photos are in the form (kept unless removed), loaded from the server.
    const shown = managerPage.locator('.attachment-picker li[data-sha256]');
    await expect.poll(() => shown.evaluateAll((items) => items.map((item) => item.getAttribute('data-sha256'))), WAIT).toEqual([sha256(photo.buffer)]);
    await shown.first().scrollIntoViewIfNeeded();
    await expect.poll(() => loaded(managerPage, '.attachment-picker li[data-sha256] img'), WAIT).toBe(1);
    await shot(managerPage, 'report-photo-manager');

    // With JavaScript the manager corrects it, adding a photo: only the new one is uploaded, the first is kept.
    const puts: string[] = [];
    managerPage.on('response', (response) => {
      if (response.request().method() === 'PUT') puts.push(`${new URL(response.url()).pathname} ${response.status()}`);
    });
    const added = { name: '结对帮扶.png', mimeType: 'image/png', buffer: Buffer.from(png(900, 600, [160, 90, 20])) };
    await managerPage.setInputFiles('.attachment-picker input[type=file]', [added]);
    await expect.poll(() => shown.count(), WAIT).toBe(2);
    const hashes = await shown.evaluateAll((items) => items.map((item) => item.getAttribute('data-sha256')));
    await managerPage.click('form.report-form button[type=submit]');
    await managerPage.waitForURL(/sent=/);
    expect(puts).toEqual([`/api/attachments/${hashes[1]} 201`]);
    const history = await get<{ months: { month: string; attachments: { sha256: string; type: string }[] }[] }>(`/api/units/${tree.branch}/reports`);
    expect(history.months.find((record) => record.month === month)!.attachments.map((file) => [file.sha256, file.type])).toEqual([
      [sha256(photo.buffer), 'image/png'],
      [hashes[1], 'image/jpeg'],
    ]);
    await managerPage.close();
  });
});
