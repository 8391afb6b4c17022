/**
 * The 100-day drive in the browser: the city's manager declares a drive from the template (an
 * error beside a date first), reads its timeline — today's line, the phases, an overdue
 * deliverable in red — drills down from the city to a township and back, reschedules a phase
 * with a reason and finds it in the history; and the monthly bulletin ranks four townships,
 * flags the last three for a talk, is published, and stays as published when late figures
 * arrive. In Chinese and in English, with and without JavaScript, and printed.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { screenshots } from './harness.ts';
import { follow, newContext, post, shot, signIn } from './helpers.ts';
import { chinaDate } from '../../projections/calendar.ts';
import { approve, campaignStage, CITY_MANAGER, dayFrom, deliver, lastMonth, report } from './campaignStage.ts';
import { text } from './reportingStage.ts';

/**
 * The app's clock (and the browser's) starts on 3 August: July's reports are due on the 5th, so
 * July's bulletin stands at today and counts the reports sent while the test runs.
 */
const NOW = '2026-08-03T10:00:00+08:00';
const stage = campaignStage({ now: NOW });
const on = chinaDate(NOW);
/** The drive declared through the form in the first test. */
let driveId = '';

const timelineOf = (id: string, query = '') => `${stage.app.url}/campaigns/${id}${query ? `?${query}` : ''}`;
/** 7月5日, as the pages write a day. */
const chineseDay = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
/** The colour an element is painted (the tests' types know no DOM, hence the window spelled out). */
type Window = { getComputedStyle(element: unknown): { backgroundColor: string } };
const background = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((element) => (globalThis as unknown as Window).getComputedStyle(element).backgroundColor);
const RED = 'rgb(176, 0, 32)';
/** The timeline chart alone, at the size it is drawn, to look at closely. */
const ganttShot = (page: Page, name: string) => page.locator('.gantt-scroll').screenshot({ path: join(screenshots, `${name}.png`) });

/** The dates the test types: phase 1 ended ten days ago, phase 2 runs, phase 3 is to come. */
const dates = {
  'phase-survey-start': dayFrom(on, -30),
  'phase-survey-end': dayFrom(on, -10),
  'phase-mobilise-start': dayFrom(on, -9),
  'phase-mobilise-end': dayFrom(on, 5),
  'phase-summarise-start': dayFrom(on, 6),
  'phase-summarise-end': dayFrom(on, 30),
  'deadline-baseline': dayFrom(on, -10),
  'deadline-rectification': dayFrom(on, -10),
  'deadline-case': dayFrom(on, 20),
  'deadline-summary': dayFrom(on, 25),
  'deadline-tables': dayFrom(on, 25),
};

describe('the 100-day drive in the browser', () => {
  it('the city’s manager declares a drive from the template: an error beside a date first, then its timeline', async () => {
    const page = await stage.city.newPage();
    await page.goto(`${stage.app.url}/`);
    await follow(page, 'header nav a:text("集中行动")');
    expect(page.url()).toBe(`${stage.app.url}/campaigns`);
    await expect(text(page, '.empty')).resolves.toBe('还没有您可以查看的集中行动。');
    // The template's dates for this year, the city as the committee, a name for the year.
    const year = on.slice(0, 4);
    await expect(page.locator('#phase-survey-start').inputValue()).resolves.toBe(`${year}-06-18`);
    await expect(page.locator('#deadline-case').inputValue()).resolves.toBe(`${year}-09-20`);
    await expect(page.locator('#name').inputValue()).resolves.toBe(`${year}年百日集中行动`);
    await expect(page.locator('#unitId').inputValue()).resolves.toBe(stage.tree.city);
    await shot(page, 'campaigns-declare-template');

    // Dates around today, but phase 2 typed to end before it starts: said beside that date, the rest kept.
    await page.fill('#name', '示范市百日集中行动');
    for (const [field, day] of Object.entries(dates)) await page.fill(`#${field}`, day);
    await page.fill('#phase-mobilise-end', dayFrom(on, -12));
    await page.click('form.declare button[type=submit]');
    await expect(text(page, '#phase-mobilise-end-error')).resolves.toBe('结束日期不能早于开始日期');
    await expect(page.locator('#phase-mobilise-end').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('.field.invalid').count()).resolves.toBe(1);
    await expect(page.locator('#name').inputValue()).resolves.toBe('示范市百日集中行动');
    await expect(page.locator('#deadline-summary').inputValue()).resolves.toBe(dates['deadline-summary']);
    await shot(page, 'campaigns-declare-error');

    await page.fill('#phase-mobilise-end', dates['phase-mobilise-end']);
    await page.click('form.declare button[type=submit]');
    await page.waitForURL(/declared=1/);
    driveId = new URL(page.url()).pathname.split('/')[2]!;
    await expect(text(page, 'h1')).resolves.toBe('示范市百日集中行动');
    await expect(text(page, '[role=status]')).resolves.toBe('集中行动已发起。以下为进度总览。');
    await expect(text(page, '.tag.now')).resolves.toBe('当前:第二阶段 宣传发动、整顿提高');
    await expect(text(page, '.today-flag')).resolves.toBe(`今天 ${chineseDay(on)}`);
    await expect(page.locator('.today-line').count()).resolves.toBe(1);
    await expect(page.locator('.gantt .bar').evaluateAll((bars) => bars.map((bar) => bar.classList[1]))).resolves.toEqual(['done', 'current', 'upcoming']);
    // Nothing delivered yet: the baseline and the list are overdue in every township, in red.
    await expect(text(page, '.row.units .marker[data-kind=baseline]')).resolves.toContain('摸底 0/4 逾期 4');
    await expect(background(page, '.row.units .marker[data-kind=baseline] .marker-text')).resolves.toBe(RED);
    await page.close();

    // Back on the list, the drive with its current phase.
    const list = await stage.city.newPage();
    await list.goto(`${stage.app.url}/campaigns`);
    await expect(text(list, 'table.drives tbody tr')).resolves.toContain('第二阶段 宣传发动、整顿提高');
    await expect(text(list, 'table.drives tbody tr')).resolves.toContain('示范市');
    await list.close();
  });

  it('the timeline drills down from the city to a township and back; an overdue deliverable is red', async () => {
    // Two townships deliver their baseline: one approved, one awaiting review; the list from one.
    await deliver(stage, driveId, 0, 'baseline');
    await deliver(stage, driveId, 1, 'baseline');
    await approve(stage, driveId, 1, 'baseline');
    const last = await deliver(stage, driveId, 0, 'rectification');

    const page = await stage.city.newPage();
    await page.goto(timelineOf(driveId, `after=${last.position}`));
    const county = page.locator('.row.units', { hasText: '示范县' });
    await expect(county.locator('.marker[data-kind=baseline]').textContent()).resolves.toContain('摸底 2/4 逾期 2');
    await expect(county.locator('.marker[data-kind=baseline]').getAttribute('class')).resolves.toContain('overdue');
    await expect(county.locator('.tag.bad').textContent()).resolves.toBe('逾期 5');
    // The totals: the baseline's overdue count in red, and the chart drawn on the server.
    const baselineTotals = page.locator('.totals tbody tr', { hasText: '基层团组织摸底分类' });
    await expect(baselineTotals.locator('td.overdue').textContent()).resolves.toBe('2');
    await expect(text(page, 'figure .wide svg')).resolves.toContain('逾期未交');
    await expect(text(page, '.row.deadline .milestone.overdue .counts')).resolves.toBe('已交 2/4,逾期 2');
    await shot(page, 'campaign-timeline-city');

    // The two tables download as spreadsheets.
    const table = await page.request.get(`${stage.app.url}${await page.locator('a.download').first().getAttribute('href')}`);
    expect(table.status()).toBe(200);
    expect(table.headers()['content-type']).toContain('spreadsheetml');

    await follow(page, '.row.units a.unit-name:text("示范县")');
    expect(page.url()).toBe(timelineOf(driveId, `unit=${stage.tree.county}`));
    await expect(page.locator('.row.units:not(.own) a.unit-name').allTextContents()).resolves.toEqual(['城关镇团委', '河西镇团委', '柳林乡团委', '石桥镇团委']);
    const row = (name: string) => page.locator('.row.units', { hasText: name });
    await expect(row('河西镇团委').locator('.marker[data-kind=baseline]').getAttribute('class')).resolves.toContain('approved');
    await expect(row('城关镇团委').locator('.marker[data-kind=baseline]').getAttribute('class')).resolves.toContain('submitted');
    await expect(row('柳林乡团委').locator('.marker[data-kind=baseline]').textContent()).resolves.toContain('摸底 0/1 逾期 1');
    await expect(background(page, `.row.units[data-unit="${stage.tree.townships[2]}"] .marker[data-kind=baseline] .marker-text`)).resolves.toBe(RED);
    // The county owes the case, the summary and the tables itself, not yet due.
    await expect(page.locator('.row.own .marker').allTextContents()).resolves.toEqual([
      expect.stringContaining('案例 未到期'),
      expect.stringContaining('总结 未到期'),
      expect.stringContaining('统计表 未到期'),
    ]);
    await expect(text(page, '.up')).resolves.toBe('↑ 上一级:示范市');
    await shot(page, 'campaign-timeline-county');
    await ganttShot(page, 'campaign-gantt-county');

    await follow(page, '.row.units a.unit-name:text("柳林乡团委")');
    expect(page.url()).toBe(timelineOf(driveId, `unit=${stage.tree.townships[2]}`));
    await expect(page.locator('.row.units:not(.own)').count()).resolves.toBe(0);
    const overdue = page.locator('.row.own .marker[data-kind=baseline]');
    await expect(overdue.textContent()).resolves.toContain('摸底 逾期未交');
    await expect(overdue.getAttribute('class')).resolves.toContain('overdue');
    await expect(background(page, '.row.own .marker[data-kind=baseline] .marker-text')).resolves.toBe(RED);
    await expect(page.locator('.row.own a.report').getAttribute('href')).resolves.toBe(`/campaigns/${driveId}/units/${stage.tree.townships[2]}`);
    // The whole way down, each step a link back up.
    await expect(page.locator('.crumbs li a').allTextContents()).resolves.toEqual(expect.arrayContaining(['示范市', '示范县']));
    await shot(page, 'campaign-timeline-township');

    await follow(page, 'a.up');
    await follow(page, 'a.up');
    expect(page.url()).toBe(timelineOf(driveId, `unit=${stage.tree.city}`));
    await expect(page.locator('a.up').count()).resolves.toBe(0); // the city's manager cannot look from the province
    await page.close();
  });

  it('the manager reschedules a phase with a reason (required, said beside it) and finds it in the history', async () => {
    const page = await stage.city.newPage();
    await page.goto(timelineOf(driveId));
    await expect(text(page, '#history')).resolves.toContain('日程还没有调整过。');
    const later = dayFrom(on, 35);
    await page.click('details:has(#end-summarise) summary');
    await page.fill('#end-summarise', later);
    await page.click('details:has(#end-summarise) button[type=submit]');
    await expect(text(page, '#reason-summarise-error')).resolves.toBe('请填写原因');
    await expect(page.locator('#end-summarise').inputValue()).resolves.toBe(later);
    await shot(page, 'campaign-reschedule-error');

    await page.fill('#reason-summarise', '汛期顺延');
    await page.click('details:has(#end-summarise) button[type=submit]');
    await page.waitForURL(/rescheduled=phase/);
    await expect(text(page, '[role=status]')).resolves.toBe('阶段日期已调整,已记入调整记录。');
    const change = page.locator('#history tbody tr').first();
    await expect(change.textContent()).resolves.toContain('阶段:总结和巩固提高');
    await expect(change.textContent()).resolves.toContain('汛期顺延');
    await expect(change.textContent()).resolves.toContain(CITY_MANAGER.displayName);
    await expect(change.textContent()).resolves.toContain(chineseDay(later));
    await expect(page.locator('.gantt .bar.upcoming').getAttribute('title')).resolves.toContain(chineseDay(later));
    await shot(page, 'campaign-rescheduled');

    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'campaign-timeline-mobile');
    await page.locator('.gantt-list').screenshot({ path: join(screenshots, 'campaign-gantt-mobile.png') });
    await page.close();
  });

  it('reads in English', async () => {
    const page = await stage.city.newPage();
    await page.goto(timelineOf(driveId));
    await page.click('a.lang');
    await expect(text(page, '#gantt-title')).resolves.toBe('Timeline');
    await expect(text(page, '.tag.now')).resolves.toBe('now: Phase 2 Mobilise and rectify');
    await expect(text(page, '.today-flag')).resolves.toMatch(/^Today \d{1,2} [A-Z][a-z]{2}$/);
    await expect(text(page, '.row.units .marker[data-kind=baseline]')).resolves.toContain('Baseline 2/4 2 overdue');
    await expect(text(page, '#history tbody tr')).resolves.toContain('Phase: Summarise and consolidate');
    await expect(text(page, 'figure .wide svg')).resolves.toContain('Overdue');
    await shot(page, 'campaign-timeline-en');
    await page.goto(`${stage.app.url}/campaigns`);
    await expect(text(page, 'h1')).resolves.toBe('100-day drives');
    await expect(text(page, '#declare')).resolves.toBe('Declare a drive from the template');
    await shot(page, 'campaigns-en');
    await page.click('a.lang');
    await expect(text(page, 'h1')).resolves.toBe('百日集中行动');
    await page.close();
  });

  it('the bulletin ranks four townships, flags the last three, is published and stays so when late figures arrive', async () => {
    // A drive whose first phase ended forty days ago: last month's bulletin counts the baseline and the list.
    const { campaignId } = await post<{ campaignId: string }>(
      stage.app.url,
      '/api/campaigns',
      {
        submissionId: uuidv7(),
        unitId: stage.tree.city,
        name: '秋季集中行动',
        year: Number(on.slice(0, 4)),
        phases: [
          { key: 'survey', start: dayFrom(on, -60), end: dayFrom(on, -40) },
          { key: 'mobilise', start: dayFrom(on, -39), end: dayFrom(on, 5) },
          { key: 'summarise', start: dayFrom(on, 6), end: dayFrom(on, 30) },
        ],
        deadlines: [
          { kind: 'baseline', due: dayFrom(on, -40) },
          { kind: 'rectification', due: dayFrom(on, -40) },
          { kind: 'case', due: dayFrom(on, 20) },
          { kind: 'summary', due: dayFrom(on, 25) },
          { kind: 'tables', due: dayFrom(on, 25) },
        ],
      },
      stage.tree.token,
    );
    const month = lastMonth(on);
    // 城关镇: both delivered (late) and reported on time; 河西镇: reported on time; 柳林乡: delivered late; 石桥镇: nothing.
    await deliver(stage, campaignId, 0, 'baseline');
    await deliver(stage, campaignId, 0, 'rectification');
    await report(stage, 0, month, true);
    await report(stage, 1, month, true);
    await deliver(stage, campaignId, 2, 'baseline');
    const last = await deliver(stage, campaignId, 2, 'rectification');

    const page = await stage.city.newPage();
    const bulletinOf = (query: string) => `${stage.app.url}/campaigns/${campaignId}/bulletin?unit=${stage.tree.county}&month=${month}&${query}`;
    await page.goto(bulletinOf(`after=${last.position}`));
    const [year, m] = month.split('-').map(Number);
    await expect(text(page, 'h1')).resolves.toBe(`秋季集中行动进度通报(${year}年${m}月)`);
    await expect(text(page, '.state')).resolves.toMatch(/^预览,尚未发布/);
    const names = () => page.locator('table.ranking tbody td.name').allTextContents();
    await expect(names()).resolves.toEqual(['城关镇团委', '河西镇团委', '柳林乡团委', '石桥镇团委']);
    await expect(page.locator('table.ranking tbody tr.talk td.name').allTextContents()).resolves.toEqual(['河西镇团委', '柳林乡团委', '石桥镇团委']);
    await expect(page.locator('table.ranking .badge').allTextContents()).resolves.toEqual(['约谈', '约谈', '约谈']);
    await expect(background(page, 'table.ranking tr.talk td')).resolves.toBe('rgb(253, 236, 234)');
    await expect(text(page, '.rule')).resolves.toContain('材料报送 40%、目标任务 30%、月报按时上报 20%、工作手册使用 10%');
    const chart = await text(page, 'figure .wide svg');
    for (const name of ['城关镇团委', '石桥镇团委']) expect(chart).toContain(name);
    await expect(page.locator('button.print').count()).resolves.toBe(1);
    await shot(page, 'campaign-bulletin-preview');
    const scores = await page.locator('table.ranking tbody td.score').allTextContents();

    await page.fill('#note', '请柳林乡、石桥镇团委加快进度。');
    await page.click('section.publish button[type=submit]');
    await page.waitForURL(/published=1/);
    await expect(text(page, '.state')).resolves.toMatch(new RegExp(`^已于 .* 由${CITY_MANAGER.displayName}发布,数据截至 `));
    await expect(text(page, '.note p')).resolves.toBe('请柳林乡、石桥镇团委加快进度。');
    await expect(page.locator('section.publish').count()).resolves.toBe(0);
    await expect(page.locator(`#month option[value="${month}"]`).textContent()).resolves.toContain('(已发布)');

    // Late figures: 石桥镇 reports the month and delivers both. The published ranking does not move.
    await report(stage, 3, month, false);
    await deliver(stage, campaignId, 3, 'baseline');
    const late = await deliver(stage, campaignId, 3, 'rectification');
    await page.goto(bulletinOf(`after=${late.position}`));
    await expect(names()).resolves.toEqual(['城关镇团委', '河西镇团委', '柳林乡团委', '石桥镇团委']);
    await expect(page.locator('table.ranking tbody td.score').allTextContents()).resolves.toEqual(scores);
    // It stands at the day it was published: before July's reports were due (8/5).
    await expect(text(page, '.state')).resolves.toContain(`数据截至 ${year}年${chineseDay(on)}`);
    await expect(text(page, '.issuer')).resolves.toBe(`示范县 · 排名层级:乡镇(街道) · 数据截至 ${year}年${chineseDay(on)}`);
    await shot(page, 'campaign-bulletin-published');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'campaign-bulletin-mobile');
    await page.setViewportSize({ width: 1280, height: 720 });

    // Printed: no site header, no forms; the title over a red rule and the issuer signing.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('body > div > header').isVisible()).resolves.toBe(false);
    await expect(page.locator('.controls').isVisible()).resolves.toBe(false);
    await expect(page.locator('.signature').isVisible()).resolves.toBe(true);
    await shot(page, 'campaign-bulletin-print');
    await page.emulateMedia({ media: 'screen' });

    await page.click('a.lang');
    await expect(text(page, 'h1')).resolves.toBe(
      `秋季集中行动: progress bulletin (${new Date(Date.UTC(year!, m! - 1, 1)).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' })})`,
    );
    await expect(page.locator('table.ranking .badge').allTextContents()).resolves.toEqual(['Talk (约谈)', 'Talk (约谈)', 'Talk (约谈)']);
    await expect(text(page, '.state')).resolves.toMatch(/^Published on .* by 孙市委/);
    await shot(page, 'campaign-bulletin-en');
    await page.click('a.lang');
    await page.close();
  });

  it('works without JavaScript: a deadline moved with its reason, the bulletin without a print button', async () => {
    const context = await newContext(stage.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, stage.app.url, CITY_MANAGER.loginName, CITY_MANAGER.password, `/login?next=${encodeURIComponent(`/campaigns/${driveId}`)}`);
    await page.waitForURL(timelineOf(driveId));
    // The form sits in a <details>: HTML opens it, no script needed.
    await page.click('details:has(#due-case) summary');
    const due = dayFrom(on, 22);
    await page.fill('#due-case', due);
    await page.click('details:has(#due-case) button[type=submit]');
    await expect(text(page, '#reason-case-error')).resolves.toBe('请填写原因');
    await expect(page.locator('#due-case').inputValue()).resolves.toBe(due);
    const submissionId = await page.locator('details:has(#due-case) input[name=submissionId]').inputValue();
    await page.fill('#reason-case', '与县级评审会同步');
    await page.click('details:has(#due-case) button[type=submit]');
    await page.waitForURL(/rescheduled=deadline/);
    await expect(text(page, '[role=status]')).resolves.toBe('截止日期已调整,已记入调整记录。');
    await expect(text(page, '#history tbody tr')).resolves.toContain('与县级评审会同步');
    await expect(text(page, '#history tbody tr')).resolves.toContain('截止:优秀案例(附件3)');
    // The same submission again by the same person (a double submit) is written once.
    const { session } = await post<{ session: { token: string } }>(stage.app.url, '/api/session', {
      loginName: CITY_MANAGER.loginName,
      password: CITY_MANAGER.password,
    });
    const again = await post<{ duplicate: boolean }>(
      stage.app.url,
      `/api/campaigns/${driveId}/deadlines/case`,
      { submissionId, due, reason: '与县级评审会同步' },
      session.token,
    );
    expect(again.duplicate).toBe(true);
    await page.reload();
    await expect(page.locator('#history tbody tr').count()).resolves.toBe(2);
    await shot(page, 'campaign-deadline-nojs');

    await page.goto(`${stage.app.url}/campaigns/${driveId}/bulletin`);
    await expect(page.locator('button.print').count()).resolves.toBe(0);
    await expect(text(page, '.state')).resolves.toMatch(/^预览,尚未发布/);
    await context.close();
  });
});
