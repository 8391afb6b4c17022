/**
 * A download from the browser: the township manager opens the youth-needs page and downloads the
 * month's surveys by organisation as .xlsx (desktop) and .csv (on a 390 px phone); both hold the
 * branch's row with its numbers.
 */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { parseTable } from '../../api/tables/index.ts';
import { chinaDate, monthBefore } from '../../projections/calendar.ts';
import { fullReport } from '../api/reportFixtures.ts';
import { sheetCells } from '../api/sheetCells.ts';
import { TEST_NOW } from './harness.ts';
import { downloaded, post, shot } from './helpers.ts';
import { reportingStage } from './reportingStage.ts';

const stage = reportingStage();
const month = monthBefore(chinaDate(TEST_NOW));

describe('downloading a list', () => {
  it('the youth needs of the month, as .xlsx on a desktop and as .csv on a phone', async () => {
    const { url } = stage.app;
    await post(url, `/api/units/${stage.tree.branch}/reports`, { submissionId: uuidv7(), month, report: fullReport(month) }, stage.tree.token);
    const page = await stage.manager.newPage();
    await page.goto(`${url}/units/${stage.tree.township}/needs?month=${month}`);
    const xlsx = page.locator('.downloads a[href*="format=xlsx"]');
    expect(new URL((await xlsx.getAttribute('href'))!, url).searchParams.get('month')).toBe(month);
    const [workbook] = await Promise.all([page.waitForEvent('download'), xlsx.click()]);
    expect(workbook.suggestedFilename()).toBe(`青年需求-城关镇团委-${month}.xlsx`);
    // A title line, the header, then the branch: its figures are number cells.
    const cells = sheetCells(new Uint8Array(await downloaded(workbook)));
    expect(cells[1]!.slice(0, 4)).toEqual(['团组织', '乡镇(街道)', '县(区)', '调查人数']);
    expect(cells[2]!.slice(0, 4)).toEqual(['东风村团支部', '城关镇团委', '示范县', 20]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await shot(page, 'needs-downloads-phone');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('.downloads a[href*="format=csv"]')]);
    expect(csv.suggestedFilename()).toBe(`青年需求-城关镇团委-${month}.csv`);
    const table = parseTable('needs.csv', new Uint8Array(await downloaded(csv)));
    expect(table.rows.map((row) => [row.cells['团组织'], row.cells['调查人数'], row.cells['青年原话']])).toEqual([['东风村团支部', '20', '希望开展电商培训']]);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  }, 60_000);
});
