/**
 * The stage of the phone browser tests: the built app; the tree (示范省 … 东风村团支部) with the
 * branch's June report sent; a drive declared on the county around today; a research round on
 * the province running around today and one that ended yesterday, each with a team of one
 * researcher whose region is the county; and the four roles each signed in on a phone
 * (administrator, the township's manager, the branch's secretary, the researcher).
 */
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { addDays, chinaDate, monthBefore } from '../../projections/calendar.ts';
import { driveAroundToday } from '../api/campaignFixtures.ts';
import { fullReport } from '../api/reportFixtures.ts';
import { launchBrowser, startApp, TEST_NOW } from './harness.ts';
import { buildTree, invitedPerson, post, signedInAdmin } from './helpers.ts';

export const today = () => chinaDate(TEST_NOW);
export const daysFrom = (days: number) => addDays(today(), days);
export const lastMonth = () => monthBefore(today());

export const SECRETARY = { loginName: 'branch.liu', displayName: '刘书记', password: 'a long enough password' };
export const MANAGER = { loginName: 'town.zhao', displayName: '赵镇委', password: 'another long password' };
export const RESEARCHER = { loginName: 'research.chen', displayName: '陈调研', password: 'a research password' };

/** Phones: the narrowest the product serves (360 px) and the common one (390 px). */
export const PHONE_360: BrowserContextOptions = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
export const PHONE_390: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

export interface PhoneStage {
  app: Awaited<ReturnType<typeof startApp>>;
  browser: Browser;
  tree: Awaited<ReturnType<typeof buildTree>>;
  campaignId: string;
  /** The round running around today and its team; the round that ended yesterday and its team. */
  round: { roundId: string; teamId: string };
  ended: { roundId: string; teamId: string; startsOn: string; endsOn: string };
  contexts: Record<'administrator' | 'manager' | 'secretary' | 'researcher', BrowserContext>;
}

/** Sets the stage up before the file's tests (every context on `phone`) and takes it down after. */
export function phoneStage(phone: BrowserContextOptions = PHONE_360): PhoneStage {
  const stage = { contexts: {} } as PhoneStage;
  beforeAll(async () => {
    [stage.app, stage.browser] = await Promise.all([startApp(), launchBrowser()]);
    const { url } = stage.app;
    const tree = (stage.tree = await buildTree(url));
    const person = (who: typeof SECRETARY, role: string, unitId: string) => invitedPerson(stage.browser, url, tree.token, who, role, unitId, phone);
    stage.contexts.secretary = await person(SECRETARY, 'secretary', tree.branch);
    stage.contexts.manager = await person(MANAGER, 'manager', tree.township);
    stage.contexts.researcher = await person(RESEARCHER, 'researcher', tree.county);
    stage.contexts.administrator = await signedInAdmin(stage.browser, url, phone);

    const month = lastMonth();
    await post(url, `/api/units/${tree.branch}/reports`, { submissionId: uuidv7(), month, report: fullReport(month) }, tree.token);
    stage.campaignId = (
      await post<{ campaignId: string }>(
        url,
        '/api/campaigns',
        { submissionId: uuidv7(), unitId: tree.county, name: '百日集中行动', ...driveAroundToday(today()) },
        tree.token,
      )
    ).campaignId;

    const users = (await (await fetch(`${url}/api/users`, { headers: { authorization: `Bearer ${tree.token}` } })).json()) as {
      users: { userId: string; loginName: string }[];
    };
    const researcherId = users.users.find((user) => user.loginName === RESEARCHER.loginName)!.userId;
    const round = async (name: string, startsOn: string, endsOn: string) => {
      const { roundId } = await post<{ roundId: string }>(
        url,
        `/api/units/${tree.province}/research-rounds`,
        { submissionId: uuidv7(), name, startsOn, endsOn },
        tree.token,
      );
      const { teamId } = await post<{ teamId: string }>(
        url,
        `/api/research-rounds/${roundId}/teams`,
        { submissionId: uuidv7(), name: `${name}调研组`, memberIds: [researcherId], regionIds: [tree.county] },
        tree.token,
      );
      return { roundId, teamId };
    };
    stage.round = await round('大团委建设大调研', daysFrom(-1), daysFrom(14));
    const ended = { startsOn: daysFrom(-20), endsOn: daysFrom(-1) };
    stage.ended = { ...(await round('春季调研', ended.startsOn, ended.endsOn)), ...ended };
  });
  afterAll(async () => {
    await stage.browser?.close();
    await stage.app?.stop();
  });
  return stage;
}
