/**
 * Rankings at every level in the browser (issue 14): in the city's drive, the county's manager
 * publishes a bulletin ranking its townships (the level offered: townships only); the township's
 * manager then finds its rank on its unit page, opens the bulletin at its own row (marked, the only
 * one linked), and its 通报 link lists the bulletins that rank it instead of "nothing to rank".
 * On a desktop and on a 390 px phone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shot } from './helpers.ts';
import { DRIVE_NAME, driveStage } from './driveStage.ts';
import { text } from './reportingStage.ts';

const stage = driveStage();
const bulletinOf = (unitId: string) => `${stage.app.url}/campaigns/${stage.campaignId}/bulletin?unit=${unitId}`;
/** The township's place as the API gives it to an administrator: what every page must show. */
async function placeOf(unitId: string): Promise<{ rank: number; of: number; month: string; talk: boolean }> {
  const response = await fetch(`${stage.app.url}/api/units/${unitId}/ranks?limit=1`, { headers: { authorization: `Bearer ${stage.tree.token}` } });
  return ((await response.json()) as { ranks: Array<{ rank: number; of: number; month: string; talk: boolean }> }).ranks[0]!;
}
/** Whether the element lies wholly within the window (a link's #anchor scrolled it there): its box is measured from the window's top. */
async function onScreen(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= page.viewportSize()!.height;
}
/** Whether the page is no wider than its window (nothing to scroll sideways on a phone); a script as text: this file is compiled without the DOM's types. */
const fits = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');

describe('rankings at every level in the browser', () => {
  it('the county’s manager publishes a bulletin ranking its townships', async () => {
    const page = await stage.county.newPage();
    await page.goto(bulletinOf(stage.tree.county));
    await expect(text(page, 'h1')).resolves.toContain(DRIVE_NAME);
    // Only the levels below a county: its townships.
    await expect(page.locator('select#level option').allTextContents()).resolves.toEqual(['乡镇(街道)']);
    await expect(text(page, '.issuer .level')).resolves.toBe('排名层级:乡镇(街道)');
    await expect(
      page
        .locator('table.ranking tbody td.name a')
        .allTextContents()
        .then((names) => names.map((name) => name.trim()).sort()),
    ).resolves.toEqual(['城关镇团委', '河口镇团委']);
    await expect(text(page, '.publish-level')).resolves.toContain('按「乡镇(街道)」层级发布,共 2 个单位');
    await shot(page, 'rank-county-preview');
    await page.fill('#note', '请各乡镇对照通报查找差距。');
    await page.click('section.publish button[type=submit]');
    await page.waitForURL(/published=1/);
    await expect(text(page, '[role=status]')).resolves.toBe('通报已发布。');
    await expect(page.locator('.state.final').count()).resolves.toBe(1);
    await expect(text(page, '.issuer .level')).resolves.toBe('排名层级:乡镇(街道)');
    await expect(page.locator('section.publish').count()).resolves.toBe(0);
    await shot(page, 'rank-county-published');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(fits(page)).resolves.toBe(true);
    await shot(page, 'rank-county-published-phone');
    await page.close();
  });

  for (const [device, width] of [
    ['desktop', 1280],
    ['phone', 390],
  ] as const) {
    it(`the township’s manager sees its rank on its unit page and opens the bulletin at its own row (${device})`, async () => {
      const { rank, of } = await placeOf(stage.tree.chengguan);
      const page = await stage.township.newPage();
      await page.setViewportSize({ width, height: 844 });
      await page.goto(`${stage.app.url}/units/${stage.tree.chengguan}`);
      const line = page.locator('section.ranks li').first();
      await expect(line.textContent()).resolves.toContain(`在《${DRIVE_NAME}进度通报(2026年6月)》中排名`);
      await expect(text(page, 'section.ranks .place')).resolves.toBe(`第 ${rank} / ${of}`);
      await expect(line.textContent()).resolves.toContain('示范县发布');
      await expect(fits(page)).resolves.toBe(true);
      await shot(page, `rank-township-unit-${device}`);

      await page.click('section.ranks a');
      await page.waitForURL(new RegExp(`#unit-${stage.tree.chengguan}$`));
      const own = `tr#unit-${stage.tree.chengguan}`;
      await expect(page.locator(own).getAttribute('class')).resolves.toContain('mine');
      await expect(text(page, `${own} .own`)).resolves.toBe('本单位');
      await expect(text(page, `${own} td.rank`)).resolves.toBe(String(rank));
      await expect.poll(() => onScreen(page, own)).toBe(true);
      // The whole published ranking is read, but only its own row opens (the county's timeline is not theirs).
      await expect(page.locator('table.ranking tbody tr').count()).resolves.toBe(of);
      await expect(page.locator('table.ranking tbody tr:not(.mine) td.name a').count()).resolves.toBe(0);
      await expect(page.locator('nav.crumbs a[href*="unit="]').count()).resolves.toBe(0);
      await expect(fits(page)).resolves.toBe(true);
      await shot(page, `rank-township-bulletin-${device}`);
      await page.close();
    });
  }

  it('the township’s 通报 link lists the bulletins that rank it, not “nothing to rank”', async () => {
    const { rank, of } = await placeOf(stage.tree.chengguan);
    const page = await stage.township.newPage();
    await page.goto(`${stage.app.url}/campaigns/${stage.campaignId}?unit=${stage.tree.chengguan}`);
    await page.click(`a[href^="/campaigns/${stage.campaignId}/bulletin?"]`);
    await page.waitForURL(/\/bulletin\?/);
    await expect(text(page, '#own-ranks-title')).resolves.toBe('本单位排名');
    await expect(text(page, 'section.own-ranks .place')).resolves.toBe(`第 ${rank} / ${of}`);
    await expect(page.getByText('没有可排名的下级单位').count()).resolves.toBe(0);
    await shot(page, 'rank-township-own-ranks');
    await page.click('section.own-ranks a');
    await page.waitForURL(new RegExp(`unit=${stage.tree.county}.*#unit-${stage.tree.chengguan}$`));
    await expect.poll(() => onScreen(page, `tr#unit-${stage.tree.chengguan}`)).toBe(true);
    await page.close();
  });

  it('the workbench shows the township its place and the county the lowest places, each one tap from the bulletin', async () => {
    const { rank, of, talk } = await placeOf(stage.tree.chengguan);
    const page = await stage.township.newPage();
    await page.goto(`${stage.app.url}/`);
    const place = page.locator('[data-todo=area] p.rank');
    await expect(place.textContent().then((line) => line?.replace(/\s+/g, ' ').trim())).resolves.toBe(
      `在《${DRIVE_NAME}进度通报(2026年6月)》中排名 第 ${rank} / ${of}${talk ? ' 约谈' : ''}`,
    );
    await shot(page, 'workbench-township-rank');
    await place.locator('a').click();
    await page.waitForURL(new RegExp(`unit=${stage.tree.county}.*#unit-${stage.tree.chengguan}$`));
    await expect.poll(() => onScreen(page, `tr#unit-${stage.tree.chengguan}`)).toBe(true);
    await page.close();

    const county = await stage.county.newPage();
    await county.goto(`${stage.app.url}/`);
    const area = county.locator('[data-todo=area]', { hasText: '示范县' });
    await expect(area.locator('h3', { hasText: '排名靠后' }).textContent()).resolves.toBe(`《${DRIVE_NAME}进度通报(2026年6月)》排名靠后`);
    await expect(area.locator('ol.bottom li').count()).resolves.toBe(of);
    await shot(county, 'workbench-county-bottom');
    await county.close();
  });
});
