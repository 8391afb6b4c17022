/**
 * Field research (六个一) in the browser. A round declared on the province and a team of one
 * researcher with the county as its region (through the API); the researcher, on a phone,
 * records the six items for the county through the visit form — the first without JavaScript
 * (refused beside its fields, then accepted), the last OFFLINE: kept in the outbox, the page
 * reopened offline from the service worker, sent once when the network is back — and the
 * board shows 6/6. The administrator sees the round's coverage, finds 合作社 inside
 * 农村专业合作社 by topic (marked, and a finding's HTML shown as text), and exports to .xlsx.
 * The round and team forms are tried too, refused beside their fields first.
 *
 * (Browser code is given as strings: the test project's TypeScript has no DOM types.)
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTable } from '../../api/tables/index.ts';
import { addDays, chinaDate } from '../../projections/calendar.ts';
import { uuidv7 } from '../../events/ids.ts';
import { launchBrowser, startApp, TEST_NOW } from './harness.ts';
import {
  ADMIN,
  buildTree,
  condition,
  downloaded,
  follow,
  hydrated,
  keptByServiceWorker,
  newContext,
  post,
  SERVICE_WORKER_TIMEOUT,
  serviceWorkerReady,
  shot,
  signIn,
} from './helpers.ts';

let app: Awaited<ReturnType<typeof startApp>>;
let browser: Browser;
let tree: Awaited<ReturnType<typeof buildTree>>;
let researcher: BrowserContext;
let admin: BrowserContext;
let manager: BrowserContext;
let roundId = '';
let teamId = '';

const RESEARCHER = { loginName: 'research.chen', displayName: '陈调研', password: 'a long enough password' };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const TEAM = '第一调研组';
const ROUND = '大团委建设大调研';
/** The app's today (its clock starts at TEST_NOW), and a day counted from it (the round runs around the days the test records). */
const today = () => chinaDate(TEST_NOW);
const daysFrom = (days: number) => addDays(today(), days);

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  tree = await buildTree(app.url);
  const { invitation } = await post<{ invitation: { token: string } }>(
    app.url,
    '/api/users',
    {
      submissionId: uuidv7(),
      loginName: RESEARCHER.loginName,
      displayName: RESEARCHER.displayName,
      role: 'researcher',
      unitIds: [tree.county],
    },
    tree.token,
  );
  researcher = await newContext(browser, PHONE);
  const page = await researcher.newPage();
  await page.goto(`${app.url}/invite/${invitation.token}`);
  await page.fill('#password', RESEARCHER.password);
  await page.click('button[type=submit]');
  await page.waitForURL(`${app.url}/`);
  await page.close();
  const users = await get<{ users: { userId: string; loginName: string }[] }>('/api/users');
  const researcherId = users.users.find((user) => user.loginName === RESEARCHER.loginName)!.userId;
  ({ roundId } = await post<{ roundId: string }>(
    app.url,
    `/api/units/${tree.province}/research-rounds`,
    { submissionId: uuidv7(), name: ROUND, startsOn: daysFrom(-1), endsOn: daysFrom(14) },
    tree.token,
  ));
  ({ teamId } = await post<{ teamId: string }>(
    app.url,
    `/api/research-rounds/${roundId}/teams`,
    { submissionId: uuidv7(), name: TEAM, memberIds: [researcherId], regionIds: [tree.county] },
    tree.token,
  ));

  // The manager of the county: the issue's reader of findings.
  const invited = await post<{ invitation: { token: string } }>(
    app.url,
    '/api/users',
    {
      submissionId: uuidv7(),
      loginName: 'county.wang',
      displayName: '王县委',
      role: 'manager',
      unitIds: [tree.county],
    },
    tree.token,
  );
  manager = await newContext(browser);
  const managerPage = await manager.newPage();
  await managerPage.goto(`${app.url}/invite/${invited.invitation.token}`);
  await managerPage.fill('#password', 'a long enough password');
  await managerPage.click('button[type=submit]');
  await managerPage.waitForURL(`${app.url}/`);
  await managerPage.close();

  admin = await newContext(browser);
  const adminPage = await admin.newPage();
  await signIn(adminPage, app.url, ADMIN.loginName, ADMIN.password);
  await adminPage.waitForURL(`${app.url}/`);
  await adminPage.close();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function get<Answer>(path: string): Promise<Answer> {
  const response = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${tree.token}` } });
  expect(response.status, path).toBe(200);
  return (await response.json()) as Answer;
}

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim();
const boardUrl = () => `${app.url}/research/teams/${teamId}`;
const cell = (page: Page, item: string) => page.locator(`tr[data-region="${tree.county}"] td[data-item=${item}]`);

/** The statuses of the visit records the browser context POSTed to the API (and their bodies). */
function visitPostsOf(context: BrowserContext): number[] & { bodies: Record<string, unknown>[] } {
  const statuses = Object.assign([] as number[], { bodies: [] as Record<string, unknown>[] });
  context.on('response', (response) => {
    if (response.request().method() !== 'POST' || new URL(response.url()).pathname !== `/api/research-teams/${teamId}/visits`) return;
    statuses.push(response.status());
    statuses.bodies.push(response.request().postDataJSON());
  });
  return statuses;
}

/** One visit, as a researcher types it: the place, who took part, notes and findings by row. */
async function fillVisit(page: Page, visit: { place: string; count: string; findings: Partial<Record<number, string>> }) {
  await page.fill('#place', visit.place);
  await page.fill('#participants-count', visit.count);
  await page.fill('#participants-who', '乡镇党委书记、团委书记、合作社负责人');
  await page.fill('#notes', '座谈会记录:与会人员围绕农村青年工作逐一发言。');
  for (const [row, finding] of Object.entries(visit.findings)) await page.fill(`#findings-${row}-text`, finding!);
  await page.fill('#recommendations', '依托合作社和产业基地建团');
}

/** The page is controlled by the service worker, which has kept it (to open offline). */
async function keptForOffline(page: Page) {
  await serviceWorkerReady(page);
  await keptByServiceWorker(page);
}

describe('field research (六个一)', { timeout: 30_000 + SERVICE_WORKER_TIMEOUT }, () => {
  it('a researcher on a phone records the six items for the county — the first without JavaScript, the last offline — and the board shows 6/6', async () => {
    // Without JavaScript: refused beside its fields, what was typed kept; then accepted.
    const plain = await newContext(browser, { ...PHONE, javaScriptEnabled: false });
    const noJs = await plain.newPage();
    await signIn(
      noJs,
      app.url,
      RESEARCHER.loginName,
      RESEARCHER.password,
      `/login?next=${encodeURIComponent(`/research/teams/${teamId}/visit?region=${tree.county}&item=leaderTalk`)}`,
    );
    await noJs.waitForURL(/\/visit\?/);
    await expect(noJs.locator('#regionId').inputValue()).resolves.toBe(tree.county);
    await expect(noJs.locator('#item').inputValue()).resolves.toBe('leaderTalk');
    await expect(noJs.locator('#date').inputValue()).resolves.toBe(today());
    // One row per topic, no "add" button (that needs JavaScript).
    await expect(noJs.locator('.finding').count()).resolves.toBe(4);
    await expect(noJs.locator('#findings-1-topic').inputValue()).resolves.toBe('gathering');
    await expect(noJs.locator('button.add').count()).resolves.toBe(0);
    await noJs.fill('#participants-who', '县委副书记');
    await noJs.click('form.visit-form button[type=submit]');
    await noJs.waitForSelector('#place-error');
    await expect(text(noJs, '[role=alert]')).resolves.toContain('提交的内容有误,请按提示修改'); // in the summary of what to correct
    await expect(text(noJs, '#place-error')).resolves.toBe('请填写地点');
    await expect(noJs.locator('#findings-error').count()).resolves.toBe(1);
    await expect(noJs.locator('#participants-count-error').count()).resolves.toBe(1);
    await expect(noJs.locator('#participants-who').inputValue()).resolves.toBe('县委副书记');
    await shot(noJs, 'research-visit-refused-nojs');
    await fillVisit(noJs, { place: '县委会议室', count: '3', findings: { 0: '全县农村青年约 4.2 万人,六成在外务工。', 3: '部分乡镇已试行区域建团。' } });
    await noJs.click('form.visit-form button[type=submit]');
    await noJs.waitForURL(/recorded=/);
    await expect(text(noJs, '[role=status]')).resolves.toBe('已提交调研记录。');
    await expect(text(noJs, `tr[data-region="${tree.county}"] td[data-item=leaderTalk] .by .date`)).resolves.toBe(today());
    await expect(text(noJs, `tr[data-region="${tree.county}"] td[data-item=leaderTalk] .by .name`)).resolves.toBe(RESEARCHER.displayName);
    await plain.close();

    // With JavaScript, on the phone: from the nav to the round, the team, the board.
    const posts = visitPostsOf(researcher);
    const page = await researcher.newPage();
    await page.goto(app.url);
    await page.click('header nav a:text("调研")');
    await page.waitForURL(`${app.url}/research`);
    await expect(text(page, '.rounds li')).resolves.toContain(ROUND);
    await expect(text(page, '.rounds li .mine')).resolves.toBe(`我的调研组:${TEAM}`);
    await expect(page.locator('form.declare').count()).resolves.toBe(0); // a researcher declares no rounds
    await shot(page, 'research-list-researcher');
    await page.click(`.rounds h2 a:text("${ROUND}")`);
    await page.waitForURL(`${app.url}/research/${roundId}`);
    await expect(page.locator('.team-form').count()).resolves.toBe(0);
    await page.click(`h3 a:text("${TEAM}")`);
    await page.waitForURL(boardUrl());
    await expect(text(page, 'h1')).resolves.toBe(`${TEAM} · 六个一完成情况`);
    await expect(text(page, `tr[data-region="${tree.county}"] td.progress`)).resolves.toContain('1/6');
    await shot(page, 'research-board-phone-1of6');

    const items = [
      { item: 'partySecretariesForum', place: '城关镇党委会议室', count: '8', findings: { 1: '青年多在农村专业合作社和电商基地聚集。' } },
      {
        item: 'leagueCadresForum',
        place: '城关镇团委',
        count: '10',
        findings: { 1: '合作社带头人说:<b>抱团</b>发展最要紧。', 3: '联合建团、依托合作社建团两种模式并行。' },
      },
      { item: 'youthForum', place: '东风村村委会', count: '15', findings: { 2: '返乡青年靠电商和特色种植致富。' } },
      { item: 'grassrootsVisit', place: '东风村团支部', count: '6', findings: { 0: '留守青年集中在镇区和产业园。' } },
    ];
    for (const [i, visit] of items.entries()) {
      await cell(page, visit.item).locator('a.record').click();
      await page.waitForURL(/\/visit\?/);
      await expect(page.locator('#item').inputValue()).resolves.toBe(visit.item);
      await expect(page.locator('#regionId').inputValue()).resolves.toBe(tree.county);
      await fillVisit(page, visit);
      if (i === 3) {
        // A fifth finding, in a row added with JavaScript.
        await page.click('button.add');
        await page.selectOption('#findings-4-topic', 'buildingModes');
        await page.fill('#findings-4-text', '产业园内可建立“园区团委”。');
      }
      if (i === 1) {
        // "Use my location" (never required): the phone's position goes with the record.
        await researcher.grantPermissions(['geolocation'], { origin: app.url });
        await researcher.setGeolocation({ latitude: 26.647661, longitude: 106.630153 });
        await page.click('button:text("使用我的位置")');
        await expect(text(page, '.located')).resolves.toBe('已记录位置:北纬 26.647661,东经 106.630153');
      }
      if (i === 0) await shot(page, 'research-visit-phone');
      await page.click('form.visit-form button[type=submit]');
      await page.waitForURL(/recorded=/);
      await expect(text(page, '[role=status]')).resolves.toBe('已提交调研记录。');
      await expect(cell(page, visit.item).locator('.mark').textContent()).resolves.toBe('✓');
    }
    expect([...posts]).toEqual([201, 201, 201, 201]);
    expect(posts.bodies.map((body) => body.location)).toEqual([null, { lat: 26.647661, lng: 106.630153 }, null, null]);
    expect((posts.bodies[3]!.findings as unknown[]).length).toBe(2); // two rows of five filled in, the added one among them
    await expect(text(page, `tr[data-region="${tree.county}"] td.progress`)).resolves.toContain('5/6');

    // The sixth, offline: kept on the phone.
    await cell(page, 'committeeStudy').locator('a.record').click();
    await page.waitForURL(/item=committeeStudy/);
    await keptForOffline(page);
    await researcher.setOffline(true);
    await page.waitForFunction(condition('!navigator.onLine'));
    await expect(text(page, 'header .offline')).resolves.toBe('离线');
    await fillVisit(page, { place: '县团委“大团委”办公室', count: '5', findings: { 3: '“大团委”吸纳合作社青年负责人任兼职副书记。' } });
    await page.click('button.add');
    await page.selectOption('#findings-4-topic', 'gathering');
    await page.fill('#findings-4-text', '青年在县城电商产业园聚集。');
    await page.click('form.visit-form button[type=submit]');
    await expect(text(page, '.outbox-notice')).resolves.toBe('已保存到待发送箱,联网后自动发送。');
    // The form shows the record as waiting; "再填一份" brings it back as the page showed it, for the next record.
    await expect(page.locator('#findings-4-text').inputValue()).resolves.toBe('青年在县城电商产业园聚集。');
    await expect(page.locator('#place').isDisabled()).resolves.toBe(true);
    await page.click('.outbox-another');
    await expect(page.locator('#place').inputValue()).resolves.toBe('');
    await expect(page.locator('#findings-3-text').inputValue()).resolves.toBe('');
    await expect(page.locator('.finding').count()).resolves.toBe(4);
    await expect(text(page, 'header .toggle')).resolves.toBe('待发送 1');
    await page.click('header .toggle');
    const pending = page.locator('#outbox-panel li[data-status=pending]');
    await expect(pending.locator('strong').textContent()).resolves.toBe(`${TEAM} · 示范县 · 对“大团委”建设工作实地研究`);
    await shot(page, 'research-offline-pending');

    // Still offline: the form opens from the service worker; the record still waits.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await expect(text(page, 'h1')).resolves.toBe('填写调研记录');
    await expect(page.locator('#item').inputValue()).resolves.toBe('committeeStudy');
    await expect(text(page, 'header .toggle')).resolves.toBe('待发送 1');
    await shot(page, 'research-offline-reloaded');
    expect(posts).toHaveLength(4);

    // Back online: sent once.
    await researcher.setOffline(false);
    await page.click('header .toggle');
    const sent = page.locator('#outbox-panel li[data-status=sent]');
    await sent.waitFor();
    await expect(sent.locator('.delivered').textContent()).resolves.toMatch(/^已送达 · \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    await shot(page, 'research-offline-synced');
    // Once: the fifth POST answered 201, and the board (below) has the item recorded once.
    expect([...posts]).toEqual([201, 201, 201, 201, 201]);
    expect(posts.bodies[4]!.findings).toEqual([
      { topic: 'buildingModes', text: '“大团委”吸纳合作社青年负责人任兼职副书记。' },
      { topic: 'gathering', text: '青年在县城电商产业园聚集。' },
    ]);

    // The board: 6/6, the sixth by the researcher.
    await page.goto(boardUrl());
    const county = page.locator(`tr[data-region="${tree.county}"]`);
    await expect(county.locator('td.progress').textContent()).resolves.toContain('6/6');
    await expect(county.locator('td.progress .tag').textContent()).resolves.toBe('已完成');
    await expect(county.locator('td .mark').allTextContents()).resolves.toEqual(['✓', '✓', '✓', '✓', '✓', '✓']);
    await shot(page, 'research-board-phone-complete');
    await page.close();

    const board = await get<{ board: { regionId: string; done: number; items: { item: string; records: unknown[] }[] }[] }>(`/api/research-teams/${teamId}`);
    const counted = board.board.find((region) => region.regionId === tree.county)!;
    expect(counted.done).toBe(6);
    expect(counted.items.map((item) => item.records.length)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('the administrator sees the round’s coverage and the board', async () => {
    const page = await admin.newPage();
    await page.goto(`${app.url}/research`);
    await expect(page.locator('.rounds li dd').allTextContents()).resolves.toEqual(['1', '1 / 1', '1 / 1']);
    await shot(page, 'research-list');
    await page.goto(`${app.url}/research/${roundId}`);
    await expect(text(page, '[data-key=daysLeft] dd')).resolves.toBe('还剩 14 天');
    await expect(text(page, '[data-key=visited] dd')).resolves.toBe('1 / 1');
    await expect(text(page, '[data-key=complete] dd')).resolves.toBe('1 / 1');
    await expect(page.locator(`#team-${teamId} .regions li`).textContent()).resolves.toContain('6/6');
    await shot(page, 'research-round');
    await page.goto(boardUrl());
    await expect(text(page, `tr[data-region="${tree.county}"] td.progress`)).resolves.toContain('6/6');
    await shot(page, 'research-board');
    // In English.
    await page.click('a.lang');
    await page.waitForFunction(condition(`document.documentElement.lang === 'en'`));
    await expect(text(page, 'h1')).resolves.toBe(`${TEAM} · six items`);
    await expect(text(page, `tr[data-region="${tree.county}"] td.progress .tag`)).resolves.toBe('Complete');
    await shot(page, 'research-board-en');
    await page.click('a.lang');
    await page.waitForFunction(condition(`document.documentElement.lang === 'zh-CN'`));
    await page.goto(`${boardUrl()}/visit?region=${tree.county}&item=youthForum`);
    await shot(page, 'research-visit-desktop');
    await page.close();
  });

  it('the county’s manager finds 合作社 inside 农村专业合作社 by topic, marked, a finding’s HTML as text, and exports it to .xlsx', async () => {
    const page = await manager.newPage();
    await page.goto(`${app.url}/findings`);
    await page.fill('#q', '合作社');
    await page.selectOption('#topic', 'gathering');
    await page.click('form.filters button');
    await page.waitForURL(/q=/);
    const results = page.locator('.results li');
    await expect(results.count()).resolves.toBe(2);
    await expect(text(page, '[role=status]')).resolves.toBe('共 2 条');
    const texts = await page.locator('.results .text').allTextContents();
    expect(texts.sort()).toEqual(['合作社带头人说:<b>抱团</b>发展最要紧。', '青年多在农村专业合作社和电商基地聚集。']);
    await expect(page.locator('.results .text mark').allTextContents()).resolves.toEqual(['合作社', '合作社']);
    await expect(page.locator('.results .text b').count()).resolves.toBe(0);
    await expect(page.locator('.results .tag.topic').allTextContents()).resolves.toEqual(['聚集方式', '聚集方式']);
    await shot(page, 'research-findings');

    const link = page.locator('.downloads a[href*="format=xlsx"]');
    const href = (await link.getAttribute('href'))!;
    expect(new URL(href, app.url).searchParams.get('topic')).toBe('gathering');
    expect(new URL(href, app.url).searchParams.get('q')).toBe('合作社');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const table = parseTable('findings.xlsx', new Uint8Array(await downloaded(download)));
    expect(table.rows).toHaveLength(2);
    expect(table.rows.map((row) => row.cells['主题'])).toEqual(['聚集方式', '聚集方式']);

    // One per page, oldest first: the pager walks both; the export still takes every match.
    const onePerPage = new URL(page.url());
    onePerPage.searchParams.set('limit', '1');
    onePerPage.searchParams.set('sort', 'date');
    await page.goto(onePerPage.href);
    await expect(results.count()).resolves.toBe(1);
    const firstText = await text(page, '.results .text');
    await follow(page, 'nav.pager a[rel=next]');
    await expect(results.count()).resolves.toBe(1);
    expect(await text(page, '.results .text')).not.toBe(firstText);
    await expect(text(page, 'nav.pager .muted')).resolves.toBe('第 2–2 条,共 2 条');
    expect(new URL((await link.getAttribute('href'))!, app.url).searchParams.has('limit')).toBe(false);

    // On a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'research-findings-phone');
    await page.close();
  });

  it('a round and a team are declared through their forms, refused beside their fields first', async () => {
    const page = await admin.newPage();
    await page.goto(`${app.url}/research`);
    await expect(page.locator('#unitId').inputValue()).resolves.toBe(tree.province);
    await page.fill('#name', '2026年下半年复查');
    await page.fill('#startsOn', daysFrom(10));
    await page.fill('#endsOn', daysFrom(1));
    await page.click('form.declare button[type=submit]');
    await expect(text(page, '#endsOn-error')).resolves.toBe('结束日期不能早于开始日期');
    await expect(page.locator('#name').inputValue()).resolves.toBe('2026年下半年复查');
    await shot(page, 'research-declare-refused');
    await page.fill('#endsOn', daysFrom(40));
    await page.click('form.declare button[type=submit]');
    await page.waitForURL(/declared=1/);
    await expect(text(page, '[role=status]')).resolves.toBe('已发起调研“2026年下半年复查”。');
    await expect(text(page, 'h1')).resolves.toBe('2026年下半年复查');

    await page.fill('#name', '复查组');
    await page.check(`input[name=regionIds][value="${tree.county}"]`);
    await page.click('form.team-form button[type=submit]');
    await expect(text(page, '#memberIds-error')).resolves.toBe('请填写调研组成员');
    await expect(page.locator(`input[name=regionIds][value="${tree.county}"]`).isChecked()).resolves.toBe(true);
    await shot(page, 'research-team-refused');
    await page.check(`input[name=memberIds]`);
    await page.click('form.team-form button[type=submit]');
    await page.waitForURL(/formed=/);
    await expect(text(page, '[role=status]')).resolves.toBe('已组建调研组“复查组”。');
    await expect(page.locator('.teams > li').count()).resolves.toBe(1);
    await expect(text(page, '[data-key=visited] dd')).resolves.toBe('0 / 1');
    await expect(text(page, '[data-key=daysLeft] dd')).resolves.toBe('还剩 40 天');
    await shot(page, 'research-round-formed');
    await page.close();
  });

  it('a half-filled visit survives closing the tab on the phone: offered again, its added finding row too', async () => {
    const visitForm = `${boardUrl()}/visit?region=${tree.county}&item=youthForum`;
    const first = await researcher.newPage();
    await first.goto(visitForm);
    await hydrated(first);
    await first.fill('#place', '城关镇青年之家');
    await first.click('button.add'); // a fifth finding, in a row the page adds
    await first.selectOption('#findings-4-topic', 'gathering');
    await first.fill('#findings-4-text', '返乡青年创业意愿强。');
    await expect.poll(() => text(first, '.draft-status')).toMatch(/^草稿已保存在本设备 · /);
    await first.close();

    const second = await researcher.newPage();
    await second.goto(visitForm);
    await expect(second.locator('.finding').count()).resolves.toBe(4);
    await second.click('.draft-continue');
    await expect(second.locator('#place').inputValue()).resolves.toBe('城关镇青年之家');
    await expect(second.locator('.finding').count()).resolves.toBe(5);
    await expect(second.locator('#findings-4-topic').inputValue()).resolves.toBe('gathering');
    await expect(second.locator('#findings-4-text').inputValue()).resolves.toBe('返乡青年创业意愿强。');
    await shot(second, 'research-visit-draft-phone');
    // Another visit's form (another item) is its own: nothing offered there.
    await second.goto(`${boardUrl()}/visit?region=${tree.county}&item=leaderTalk`);
    await second.locator('form.visit-form').waitFor();
    await expect(second.locator('.draft-offer').count()).resolves.toBe(0);
    await second.close();
  });
});
