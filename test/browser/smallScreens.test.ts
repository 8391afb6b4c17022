import { describe, expect, it } from 'vitest';
import { shot } from './helpers.ts';
import { lastMonth, phoneStage, type PhoneStage } from './phoneStage.ts';

const stage = phoneStage();

/** The elements past the right edge, outermost first (an element inside one already named is left out), as tag.class "text". */
const OVERFLOWING = `(() => {
  const width = document.documentElement.clientWidth;
  const named = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    if (named.some((outer) => outer.contains(element))) continue;
    // Inside a box that scrolls sideways on purpose (e.g. the header's nav strip), it does not widen the page.
    let scroller = element.parentElement, clipped = false;
    while (scroller && scroller !== document.body) {
      const style = getComputedStyle(scroller);
      if (style.overflowX === 'auto' || style.overflowX === 'scroll' || style.overflowX === 'hidden' || style.overflowX === 'clip') { clipped = scroller.getBoundingClientRect().right <= width + 0.5; if (clipped) break; }
      scroller = scroller.parentElement;
    }
    if (clipped) continue;
    named.push(element);
  }
  return named.slice(0, 6).map((element) => element.tagName.toLowerCase() + (element.className && typeof element.className === 'string' ? '.' + element.className.trim().split(/\\s+/).filter((c) => !c.startsWith('svelte-')).join('.') : '')
    + ' right=' + Math.round(element.getBoundingClientRect().right) + ' "' + (element.textContent || '').trim().slice(0, 30) + '"');
})()`;

/** Table headers laid out narrower than two characters (one character per line), as "text width". */
const SQUEEZED_HEADERS = `[...document.querySelectorAll('th')].filter((th) => {
  const box = th.getBoundingClientRect();
  const text = (th.textContent || '').trim();
  return box.width > 1 && box.height > 1 && [...text].length >= 2 && box.width < 2.2 * parseFloat(getComputedStyle(th).fontSize) + 8;
}).map((th) => (th.textContent || '').trim() + ' ' + Math.round(th.getBoundingClientRect().width))`;

type Role = keyof PhoneStage['contexts'];

/** Opens each page on the role's phone, screenshots it, and answers the pages that overflow (with why) — none, when all is well. */
async function overflowsOf(role: Role, pages: Array<[name: string, path: string]>): Promise<string[]> {
  const page = await stage.contexts[role].newPage();
  const failures: string[] = [];
  for (const [name, path] of pages) {
    const response = await page.goto(`${stage.app.url}${path}`);
    expect(response?.status(), `${role} ${path}`).toBeLessThan(400);
    await shot(page, `small-${role}-${name}`, { always: true });
    const [scrollWidth, clientWidth, header] = await page.evaluate<[number, number, number]>(
      `[document.documentElement.scrollWidth, document.documentElement.clientWidth, document.querySelector('body > div > header, header').getBoundingClientRect().height]`,
    );
    expect(header, `${role} ${path}: the header's height`).toBeLessThanOrEqual(64);
    const squeezed = await page.evaluate<string[]>(SQUEEZED_HEADERS);
    if (squeezed.length > 0) failures.push(`${role} ${path} (${name}): headers one character per line: ${squeezed.join('; ')}`);
    if (scrollWidth > clientWidth)
      failures.push(`${role} ${path} (${name}): ${scrollWidth} > ${clientWidth}: ${(await page.evaluate<string[]>(OVERFLOWING)).join('; ')}`);
  }
  await page.close();
  return failures;
}

describe('no page overflows a 360 px phone', { timeout: 180_000 }, () => {
  const month = () => lastMonth();
  const campaign = () => `/campaigns/${stage.campaignId}`;

  it('the administrator’s pages', async () => {
    const { tree } = stage;
    expect(
      await overflowsOf('administrator', [
        ['home', '/'],
        ['unit', `/units/${tree.township}`],
        ['unit-province', `/units/${tree.province}`],
        ['month', `/units/${tree.township}/month?month=${month()}`],
        ['month-county', `/units/${tree.county}/month?month=${month()}`],
        ['reports', `/units/${tree.branch}/reports`],
        ['health', `/units/${tree.county}/health`],
        ['needs', `/units/${tree.county}/needs`],
        ['audit', `/units/${tree.township}/audit`],
        ['search', `/search?q=${encodeURIComponent('团')}`],
        ['research', '/research'],
        ['round', `/research/${stage.round.roundId}`],
        ['board', `/research/teams/${stage.round.teamId}`],
        ['findings', '/findings'],
        ['campaigns', '/campaigns'],
        ['campaign', campaign()],
        ['targets', `${campaign()}/targets`],
        ['bulletin', `${campaign()}/bulletin`],
        ['deliverables', `${campaign()}/units/${tree.township}`],
        ['inbox', '/inbox'],
        ['users', '/users'],
        ['bulk-invitations', '/users/bulk'],
        ['import', '/import'],
        ['notifications', '/notifications'],
        ['outbox', '/outbox'],
      ]),
    ).toEqual([]);
  });

  it('on a 768 px tablet the header is one row and the administrator’s tables keep their headers readable', async () => {
    const { tree } = stage;
    const page = await stage.contexts.administrator.newPage();
    await page.setViewportSize({ width: 768, height: 1024 });
    const failures: string[] = [];
    for (const [name, path] of Object.entries({
      campaign: campaign(),
      targets: `${campaign()}/targets`,
      month: `/units/${tree.township}/month?month=${month()}`,
      'month-county': `/units/${tree.county}/month?month=${month()}`,
      campaigns: '/campaigns',
      users: '/users',
      reports: `/units/${tree.branch}/reports`,
    })) {
      await page.goto(`${stage.app.url}${path}`);
      const squeezed = await page.evaluate<string[]>(SQUEEZED_HEADERS);
      expect((await page.locator('body > div > header').boundingBox())!.height, `${path}: the header's height`).toBeLessThanOrEqual(64);
      await shot(page, `tablet-administrator-${name}`);
      if (squeezed.length > 0) failures.push(`${path}: ${squeezed.join('; ')}`);
    }
    await page.close();
    expect(failures).toEqual([]);
  });

  it('the township manager’s pages', async () => {
    const { tree } = stage;
    expect(
      await overflowsOf('manager', [
        ['home', '/'],
        ['unit', `/units/${tree.township}`],
        ['month', `/units/${tree.township}/month?month=${month()}`],
        ['reports', `/units/${tree.branch}/reports?month=${month()}`],
        ['health', `/units/${tree.township}/health`],
        ['needs', `/units/${tree.township}/needs`],
        ['audit', `/units/${tree.township}/audit`],
        ['search', `/search?q=${encodeURIComponent('团')}`],
        ['campaigns', '/campaigns'],
        ['campaign', campaign()],
        ['targets', `${campaign()}/targets`],
        ['bulletin', `${campaign()}/bulletin`],
        ['deliverables', `${campaign()}/units/${tree.township}`],
        ['inbox', '/inbox'],
        ['users', '/users'],
        ['notifications', '/notifications'],
        ['outbox', '/outbox'],
      ]),
    ).toEqual([]);
  });

  it('the secretary’s pages', async () => {
    const { tree } = stage;
    expect(
      await overflowsOf('secretary', [
        ['home', '/'],
        ['unit', `/units/${tree.branch}`],
        ['reports', `/units/${tree.branch}/reports`],
        ['report', `/units/${tree.branch}/reports?month=${month()}`],
        ['audit', `/units/${tree.branch}/audit`],
        ['search', `/search?q=${encodeURIComponent('团')}`],
        ['notifications', '/notifications'],
        ['outbox', '/outbox'],
      ]),
    ).toEqual([]);
  });

  it('the researcher’s pages', async () => {
    const { tree } = stage;
    expect(
      await overflowsOf('researcher', [
        ['home', '/'],
        ['research', '/research'],
        ['round', `/research/${stage.round.roundId}`],
        ['board', `/research/teams/${stage.round.teamId}`],
        ['visit', `/research/teams/${stage.round.teamId}/visit?region=${tree.county}&item=leaderTalk`],
        ['findings', '/findings'],
        ['search', `/search?q=${encodeURIComponent('团')}`],
        ['notifications', '/notifications'],
        ['outbox', '/outbox'],
      ]),
    ).toEqual([]);
  });
});
