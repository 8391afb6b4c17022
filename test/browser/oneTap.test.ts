/**
 * Getting to work in one tap, on a 390 px phone. The secretary's home shows their month's report
 * first: its button is on the first screen and one tap opens the month's form; the unit page
 * shows them no "as of" picker (a manager's question). The researcher's home is their team's
 * board in short: the items still to do, each a tap from its visit form. A visit for a round
 * that has ended starts on the round's last day; a day outside the round is refused with the
 * round's dates, and the page moves to the date.
 *
 * (Browser code is given as strings: the test project's TypeScript has no DOM types.)
 */
import { describe, expect, it } from 'vitest';
import { follow, hydrated, shot } from './helpers.ts';
import { lastMonth, PHONE_390, phoneStage, today } from './phoneStage.ts';

const stage = phoneStage(PHONE_390);
const text = async (page: import('playwright-core').Page, selector: string) =>
  (await page.locator(selector).first().textContent())?.replace(/\s+/g, ' ').trim();

describe('one tap to work on a phone', { timeout: 60_000 }, () => {
  it('the secretary: home → the month’s form in one tap; no as-of picker', async () => {
    const page = await stage.contexts.secretary.newPage();
    await page.goto(`${stage.app.url}/`);
    const act = page.locator('[data-todo=report] a.button');
    const box = (await act.boundingBox())!;
    // On the first screen, below a one-row header, and as wide as the card.
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    expect(box.width).toBeGreaterThan(300);
    expect((await page.locator('body > div > header').boundingBox())!.height).toBeLessThanOrEqual(64);
    await shot(page, 'one-tap-secretary-home');
    await follow(page, '[data-todo=report] a.button');
    expect(new URL(page.url()).pathname).toBe(`/units/${stage.tree.branch}/reports`);
    expect(new URL(page.url()).searchParams.get('month')).toBe(lastMonth());
    await expect(page.locator('form.report-form, .report-summary, h1').count()).resolves.toBeGreaterThan(0);

    await page.goto(`${stage.app.url}/units/${stage.tree.branch}`);
    await expect(page.locator('#asOf').count()).resolves.toBe(0);
    await page.close();

    // A manager still has it.
    const manager = await stage.contexts.manager.newPage();
    await manager.goto(`${stage.app.url}/units/${stage.tree.township}`);
    await expect(manager.locator('#asOf').count()).resolves.toBe(1);
    await manager.close();
  });

  it('the researcher: home lists each team’s items still to do, one tap from the visit form', async () => {
    const page = await stage.contexts.researcher.newPage();
    await page.goto(`${stage.app.url}/`);
    // The running round's team (the one that has ended is no longer on the home page).
    const team = page.locator(`[data-todo=research][data-team="${stage.round.teamId}"]`);
    await expect(page.locator('[data-todo=research]').count()).resolves.toBe(1);
    await expect(text(page, `[data-team="${stage.round.teamId}"] .standing`)).resolves.toBe('还有 6 项未完成');
    await expect(team.locator('.research-todos li').count()).resolves.toBe(6);
    await expect(text(page, `[data-team="${stage.round.teamId}"] .research-todos li`)).resolves.toBe('示范县 · 领导会谈 记录');
    await shot(page, 'one-tap-researcher-home');
    await follow(page, `[data-team="${stage.round.teamId}"] .research-todos li a`);
    expect(new URL(page.url()).pathname).toBe(`/research/teams/${stage.round.teamId}/visit`);
    await expect(page.locator('#item').inputValue()).resolves.toBe('leaderTalk');
    await expect(page.locator('#date').inputValue()).resolves.toBe(today());
    await follow(page, '.back a');
    expect(new URL(page.url()).pathname).toBe(`/research/teams/${stage.round.teamId}`);
    await page.close();
  });

  it('a visit of a round that has ended starts on its last day; a day outside it is refused with the round’s dates', async () => {
    const { ended } = stage;
    const page = await stage.contexts.researcher.newPage();
    await page.goto(`${stage.app.url}/research/teams/${ended.teamId}/visit?region=${stage.tree.county}&item=youthForum`);
    await hydrated(page);
    await expect(page.locator('#date').inputValue()).resolves.toBe(ended.endsOn);
    await page.fill('#date', today());
    await page.fill('#place', '东风村村委会');
    await page.fill('#participants-count', '12');
    await page.fill('#findings-0-text', '返乡青年多在合作社。');
    await page.click('form.visit-form button[type=submit]');
    await expect(text(page, '#date-error')).resolves.toBe(`日期须在本次调研的起止日期(${ended.startsOn} 至 ${ended.endsOn})内`);
    // The page has moved to the refusal: its summary focused and on the screen, linking to the date.
    await expect.poll(() => page.evaluate<string>('document.activeElement?.id ?? ""')).toBe('error-summary');
    await expect(page.locator('#error-summary a[href="#date"]').textContent()).resolves.toContain(`${ended.startsOn} 至 ${ended.endsOn}`);
    const box = (await page.locator('#error-summary').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    await shot(page, 'visit-outside-round-refused');
    await page.close();
  });
});
