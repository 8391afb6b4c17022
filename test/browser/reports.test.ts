/**
 * Monthly reports in the browser: a branch secretary submits the month's report through the
 * form (an error beside its field first, everything else kept), corrects it; the township
 * manager returns it with a reason, the secretary corrects it, the manager approves it (locked);
 * the county's month view, branch health and youth needs show it, with charts drawn on the
 * server; and a report submitted with JavaScript off.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { monthAfter, monthsUpTo } from '../../projections/calendar.ts';
import { downloaded, follow, hydrated, newContext, shot, signIn } from './helpers.ts';
import { SECRETARY, reportingStage, submitReport, text } from './reportingStage.ts';

const stage = reportingStage();
/** The month being reported (the page's default), read from the form. */
let month = '';

const reportsOf = (unitId: string, m?: string) => `${stage.app.url}/units/${unitId}/reports${m ? `?month=${m}` : ''}`;

/** The whole month, as a secretary types it. */
async function fillReport(page: Page) {
  await page.check('#activity-held');
  await page.fill('#activity-date', `${month}-12`);
  await page.fill('#activity-participants', '18');
  await page.fill('#pairing-youthPaired', '2');
  await page.fill('#pairing-note', '结对返乡创业青年');
  await page.fill('#survey-respondents', '20');
  await page.fill('#survey-needs-jobs', '9');
  await page.fill('#survey-needs-skills', '6');
  await page.fill('#survey-freeText', '希望开展电商培训');
  await page.check('#service-done');
  await page.fill('#service-what', '联系农技站开展种植培训');
  await page.fill('#service-beneficiaries', '15');
  await page.fill('#talks-count', '3');
  await page.fill('#meetings-committee', '1');
  await page.fill('#meetings-assembly', '1');
  await page.fill('#meetings-group', '2');
  await page.fill('#meetings-lecture', '1');
  await page.check('#meetings-evaluationRule');
  await page.check('#meetings-registrationRule');
  await page.fill('#members-leagueMembers', '12');
  await page.fill('#members-youthUnder35', '40');
  await page.check('#workManualInUse');
  await page.fill('#volunteers', '8');
  await page.fill('#training-sessions', '1');
  await page.fill('#training-people', '20');
  await page.fill('#training-hours', '2');
}

describe('monthly reports in the browser', () => {
  it('the secretary submits the month’s report: an error beside its field first, then corrects it', async () => {
    const page = await stage.secretary.newPage();
    await page.goto(`${stage.app.url}/units/${stage.tree.branch}`);
    await follow(page, 'a:text("月报")');
    month = await page.locator('form.report-form input[name=month]').inputValue();
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    const [year, m] = month.split('-').map(Number);
    const monthLabel = `${year}年${m}月`;
    await expect(text(page, 'h2')).resolves.toBe(`${monthLabel}月报`);
    await expect(text(page, '.empty')).resolves.toBe('还没有提交过月报。');
    await shot(page, 'reports-form-empty');

    // Activity held, but no title: the API's cross-field rule, shown beside the title; the rest kept.
    await fillReport(page);
    await submitReport(page);
    await expect(text(page, '#activity-title-error')).resolves.toBe('开展了活动时须填写活动名称');
    await expect(page.locator('#activity-title').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(text(page, '[role=alert]')).resolves.toContain('提交的内容有误');
    await expect(page.locator('#survey-needs-jobs').inputValue()).resolves.toBe('9');
    await expect(page.locator('#members-leagueMembers').inputValue()).resolves.toBe('12');
    await expect(page.locator('#survey-freeText').inputValue()).resolves.toBe('希望开展电商培训');
    await expect(page.locator('#activity-held').isChecked()).resolves.toBe(true);
    await expect(page.locator('#meetings-registrationRule').isChecked()).resolves.toBe(true);
    await expect(page.locator('.field.invalid').count()).resolves.toBe(1);
    await shot(page, 'reports-form-error');

    await page.fill('#activity-title', '青年志愿服务日');
    await submitReport(page);
    await page.waitForURL(/sent=1/);
    await expect(text(page, '[role=status]')).resolves.toBe(`已提交${monthLabel}月报。`);
    await expect(text(page, 'h2')).resolves.toContain(`更正${monthLabel}月报`);
    await expect(page.locator('#activity-title').inputValue()).resolves.toBe('青年志愿服务日');
    await expect(page.locator('table.history tbody tr').count()).resolves.toBe(1);
    await expect(text(page, 'table.history tbody tr')).resolves.toContain('待审核');
    await shot(page, 'reports-submitted');

    // A correction: the same month again; the history keeps both versions.
    await page.fill('#volunteers', '10');
    const first = page.url();
    await submitReport(page);
    await page.waitForURL((url) => url.searchParams.get('sent') === '1' && url.href !== first);
    await expect(text(page, '[role=status]')).resolves.toBe(`已提交${monthLabel}月报的更正。`);
    await expect(page.locator('.versions li').count()).resolves.toBe(2);
    await expect(page.locator('.versions li').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^第 1 版 · .*本人提交/),
      expect.stringMatching(/^第 2 版 · .*本人提交\s*当前版本$/),
    ]);
    await expect(page.locator('table.history tbody td').nth(3).textContent()).resolves.toBe('1 次');
    await expect(page.locator('#volunteers').inputValue()).resolves.toBe('10');
    // A secretary decides nothing.
    await expect(page.locator('form[action*="/approve"]').count()).resolves.toBe(0);
    await shot(page, 'reports-corrected');
    await page.close();
  });

  it('the township manager returns it with a reason, the secretary corrects it, the manager approves it and it is locked', async () => {
    const townPage = await stage.manager.newPage();
    await townPage.goto(reportsOf(stage.tree.branch, month));
    await townPage.click(`form[action*="/return"] button[type=submit]`);
    await expect(text(townPage, `#reason-${month}-error`)).resolves.toBe('请填写原因');
    await expect(text(townPage, '.decide-note')).resolves.toBe('该月月报待乡镇团委审核。 去审核');
    await shot(townPage, 'reports-decide-error');
    await townPage.fill(`#reason-${month}`, '请补充活动照片');
    await townPage.click(`form[action*="/return"] button[type=submit]`);
    await townPage.waitForURL(/decided=returned/);
    await expect(text(townPage, '[role=status]')).resolves.toMatch(/^已退回.*月报。$/);
    await expect(text(townPage, 'table.history tbody tr')).resolves.toContain('已退回(请补充活动照片)');
    await shot(townPage, 'reports-returned-manager');

    const page = await stage.secretary.newPage();
    await page.goto(reportsOf(stage.tree.branch, month));
    await expect(text(page, '.banner.returned')).resolves.toContain('请补充活动照片');
    await hydrated(page);
    await shot(page, 'reports-returned-secretary');
    await page.fill('#activity-title', '青年志愿服务日(附照片)');
    await submitReport(page);
    await page.waitForURL(/sent=1/);
    await expect(page.locator('.versions li').count()).resolves.toBe(3);
    await expect(text(page, 'table.history tbody tr')).resolves.toContain('待审核');

    await townPage.goto(reportsOf(stage.tree.branch, month));
    await townPage.click(`form[action*="/approve"] button[type=submit]`);
    await townPage.waitForURL(/decided=approved/);
    await expect(text(townPage, '[role=status]')).resolves.toMatch(/^已审核通过.*月报。$/);
    await expect(text(townPage, '.locked')).resolves.toContain('已审核,已锁定');
    await expect(townPage.locator('form.report-form').count()).resolves.toBe(0);
    await expect(text(townPage, '.summary')).resolves.toContain('青年志愿服务日(附照片)');
    await shot(townPage, 'reports-approved');

    // The branch had handed in a paper report on the 3rd: the township records it, with a reason.
    const paperDay = `${monthAfter(month)}-03`;
    await townPage.click('details.paper summary');
    await townPage.fill('#receivedOn', paperDay);
    await townPage.click('details.paper button[type=submit]');
    await expect(text(townPage, '#reason-error')).resolves.toBe('请填写原因');
    await townPage.fill('#reason', '3日交纸质报表至乡镇团委');
    await townPage.click('details.paper button[type=submit]');
    await townPage.waitForURL(/decided=paper/);
    await expect(text(townPage, '.counts-from')).resolves.toContain(`按 ${paperDay} 提交计 · 纸质报表于 ${paperDay} 收到(3日交纸质报表至乡镇团委`);
    await expect(townPage.locator('details.paper').count()).resolves.toBe(0);
    await shot(townPage, 'reports-paper-receipt');

    await page.goto(reportsOf(stage.tree.branch, month));
    await expect(text(page, '.locked')).resolves.toContain('已审核,已锁定');
    await expect(page.locator('form.report-form').count()).resolves.toBe(0);
    await expect(text(page, 'table.history tbody tr')).resolves.toContain('已审核');
    await shot(page, 'reports-locked');
    await page.close();
    await townPage.close();
  });

  it('the county’s month view shows the report received, with the six months’ chart; the township lists its organisations', async () => {
    const page = await stage.admin.newPage();
    await page.goto(`${stage.app.url}/units/${stage.tree.county}`);
    await follow(page, 'a:text("月度上报")');
    await expect(page.url()).toBe(`${stage.app.url}/units/${stage.tree.county}/month`);
    await expect(text(page, '[data-key=expected] dd')).resolves.toBe('1');
    await expect(text(page, '[data-key=received] dd')).resolves.toBe('1');
    await expect(text(page, '[data-key=missing] dd')).resolves.toBe('0');
    await expect(text(page, '[data-key=rate] dd')).resolves.toBe('100%');
    await expect(page.locator('figure .wide svg').count()).resolves.toBe(1);
    await expect(text(page, 'figure .wide svg')).resolves.toContain('上报率');
    await shot(page, 'month-county');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'month-county-mobile');
    await page.setViewportSize({ width: 1280, height: 720 });

    // Down to the township, then its organisations and their reports.
    await follow(page, 'table a:text("城关镇团委")');
    await expect(page.url()).toBe(`${stage.app.url}/units/${stage.tree.township}/month?month=${month}`);
    const row = page.locator('tbody tr', { hasText: '东风村团支部' });
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe('已审核');
    await expect(row.locator('td').nth(4).textContent()).resolves.toBe('2');
    await shot(page, 'month-township');
    // The organisations filtered by status from the 未报 count, then by name; the filter is kept in the address.
    await follow(page, '[data-key=missing] dt a');
    expect(new URL(page.url()).searchParams.get('status')).toBe('missing');
    const missing = await page.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(missing.every((status) => status === '未报')).toBe(true);
    await page.selectOption('#month-status', '');
    await page.fill('#month-q', '东风');
    await page.click('form.filters button.apply');
    await page.waitForURL(/q=/);
    await expect(page.locator('tbody tr td:first-child').allTextContents()).resolves.toEqual(['东风村团支部']);
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'month-township-mobile');
    await expect(page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).resolves.toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 720 });
    await follow(page, 'a:text("查看月报")');
    await expect(text(page, 'h1')).resolves.toBe('东风村团支部 · 月报');

    // A month that cannot be: said beside the picker, the current month shown.
    await page.goto(`${stage.app.url}/units/${stage.tree.county}/month?month=2026-13`);
    await expect(text(page, '#month-error')).resolves.toBe('月份格式应为 2026-06');
    await page.close();
  });

  it('branch health and youth needs render with their charts, in Chinese', async () => {
    const page = await stage.admin.newPage();
    await page.goto(`${stage.app.url}/units/${stage.tree.county}`);
    await follow(page, 'a:text("支部分类")');
    await expect(page.locator('figure .wide svg').count()).resolves.toBe(2);
    const svgs = (await page.locator('figure .wide svg').allTextContents()).join(' ');
    for (const name of ['巩固', '提高', '整顿', '重建']) expect(svgs).toContain(name);
    await expect(text(page, '.branch')).resolves.toContain('东风村团支部');
    await expect(page.locator('.branch .why li').count()).resolves.toBeGreaterThan(0);
    await shot(page, 'health-county');

    // An override with its reason, from the branch's card.
    const branch = page.locator('.branch', { hasText: '东风村团支部' });
    const before = await branch.locator('.tag.health').textContent();
    await branch.locator('summary').click();
    await branch.locator('select').selectOption('consolidate');
    await branch.locator('button[type=submit]').click();
    await expect(branch.locator('.error').textContent()).resolves.toBe('请填写原因');
    await branch.locator('input[name=reason]').fill('已整改到位');
    await branch.locator('button[type=submit]').click();
    await page.waitForURL(/overridden=/);
    await expect(text(page, '[role=status]')).resolves.toBe('已调整「东风村团支部」的分类。');
    const after = page.locator('.branch', { hasText: '东风村团支部' });
    await expect(after.locator('.tag.health').textContent()).resolves.toBe('巩固');
    await expect(after.textContent()).resolves.toContain('已调整,理由:已整改到位');
    if (before !== '巩固') await expect(after.textContent()).resolves.toContain(`按规则为“${before}”`);
    await shot(page, 'health-overridden');
    // A class's count is a link that filters the table to it; the filter is in the address.
    await follow(page, '.class-card.consolidate dt a');
    expect(new URL(page.url()).searchParams.get('class')).toBe('consolidate');
    const shown = await page.locator('tr.branch .tag.health').allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown)).toEqual(new Set(['巩固']));
    // The filtered table downloads whole: the spreadsheet holds the 巩固 branches, in Chinese.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.downloads a:text("CSV")')]);
    expect(download.suggestedFilename()).toMatch(/^支部分类-.*\.csv$/);
    const { parseTable } = await import('../../api/tables/index.ts');
    const table = parseTable('health.csv', new Uint8Array(await downloaded(download)));
    expect(table.rows.map((row) => row.cells['分类'])).toEqual(shown);
    await page.fill('#health-q', '没有这个名字');
    await page.click('form.filters button.apply');
    await page.waitForURL(/q=/);
    await expect(text(page, 'p.empty')).resolves.toBe('没有符合筛选条件的支部。');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('q'));
    await shot(page, 'health-mobile');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    // The four class counts sit two by two on a phone, and a province's five-digit count fits its card.
    const cards = await page.evaluate<{ rows: number; clipped: number }>(`(() => {
      const cards = [...document.querySelectorAll('.class-card')];
      for (const dd of document.querySelectorAll('.class-card dd')) dd.textContent = '48,736';
      return { rows: new Set(cards.map((card) => card.getBoundingClientRect().top)).size,
        clipped: [...document.querySelectorAll('.class-card dd')].filter((dd) => dd.scrollWidth > dd.clientWidth).length };
    })()`);
    expect(cards).toEqual({ rows: 2, clipped: 0 });
    await page.reload();
    await page.setViewportSize({ width: 1280, height: 720 });

    await follow(page, 'nav.report-nav a:text("青年需求")');
    await expect(page.locator('figure .wide svg').count()).resolves.toBe(2);
    const needs = await text(page, 'figure .wide svg');
    for (const name of ['就业创业', '技能培训', '留守儿童关爱']) expect(needs).toContain(name);
    await expect(text(page, '.top ol li')).resolves.toContain('就业创业');
    await expect(text(page, '.answers')).resolves.toContain('希望开展电商培训');
    await shot(page, 'needs-county');

    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'needs-county-mobile');
    await page.close();
  });

  it('reads in English', async () => {
    const page = await stage.secretary.newPage();
    await page.goto(reportsOf(stage.tree.branch, month));
    await page.click('a.lang');
    await expect(text(page, 'h1')).resolves.toBe('东风村团支部 · monthly report');
    await expect(text(page, '.locked')).resolves.toContain('Approved and locked');
    await shot(page, 'reports-locked-en');
    const previous = monthsUpTo(month, 2)[0]!;
    await page.goto(reportsOf(stage.tree.branch, previous));
    await expect(text(page, 'legend')).resolves.toBe('The five ones (五个一)');
    await shot(page, 'reports-form-en');
    await page.click('a.lang');
    await expect(text(page, 'h1')).resolves.toBe('东风村团支部 · 月报');
    await page.close();

    const managerPage = await stage.admin.newPage();
    await managerPage.goto(`${stage.app.url}/units/${stage.tree.county}/month?month=${month}`);
    await managerPage.click('a.lang');
    await expect(text(managerPage, 'h1')).resolves.toBe('示范县 · monthly reporting');
    await expect(text(managerPage, 'figure .wide svg')).resolves.toContain('Reporting rate');
    await shot(managerPage, 'month-county-en');
    await follow(managerPage, 'nav.report-nav a:text("Branch health")');
    await expect(text(managerPage, 'figure .wide svg')).resolves.toContain('Consolidate');
    await shot(managerPage, 'health-county-en');
    await follow(managerPage, 'nav.report-nav a:text("Youth needs")');
    await expect(text(managerPage, 'figure .wide svg')).resolves.toContain('Jobs and entrepreneurship');
    await shot(managerPage, 'needs-county-en');
    await managerPage.click('a.lang');
    await expect(text(managerPage, 'h1')).resolves.toBe('示范县 · 青年需求');
    await managerPage.close();
  });

  it('works without JavaScript: an error beside its field, then the report submitted', async () => {
    const context = await newContext(stage.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    const previous = monthsUpTo(month, 2)[0]!;
    await signIn(
      page,
      stage.app.url,
      SECRETARY.loginName,
      SECRETARY.password,
      `/login?next=${encodeURIComponent(`/units/${stage.tree.branch}/reports?month=${previous}`)}`,
    );
    await page.waitForURL(reportsOf(stage.tree.branch, previous));
    // The members of the nearest report are carried over to a new month.
    await expect(page.locator('#members-leagueMembers').inputValue()).resolves.toBe('12');
    await page.fill('#members-leagueMembers', '50');
    await page.fill('#survey-respondents', '4');
    await page.fill('#survey-needs-policy', '5');
    await submitReport(page);
    await expect(text(page, '#members-leagueMembers-error')).resolves.toBe('团员人数不能超过35岁以下青年人数');
    await expect(text(page, '#survey-needs-policy-error')).resolves.toBe('人数不能超过调查人数');
    await expect(page.locator('#survey-needs-policy').inputValue()).resolves.toBe('5');
    await expect(page.locator('form.report-form input[name=month]').inputValue()).resolves.toBe(previous);
    const submissionId = await page.locator('form.report-form input[name=submissionId]').inputValue();
    await shot(page, 'reports-form-errors-nojs');
    await page.fill('#members-leagueMembers', '12');
    await page.fill('#survey-needs-policy', '4');
    await expect(page.locator('form.report-form input[name=submissionId]').inputValue()).resolves.toBe(submissionId);
    await submitReport(page);
    await page.waitForURL(/sent=1/);
    await expect(text(page, '[role=status]')).resolves.toMatch(/^已提交.*月报。$/);
    await expect(page.locator('table.history tbody tr').count()).resolves.toBe(2);
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'reports-mobile-nojs');
    await context.close();
  });
});
