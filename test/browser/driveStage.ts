/**
 * The stage of the 100-day drive's browser test: the built app; a province with one city, two
 * counties and four townships (so a ranking has a bottom three) and their organisations; the
 * city's, a county's and a township's managers each signed in through their invitation; and a
 * drive the city manager declared through the API around today (its survey phase just over, so
 * the baseline is overdue), the way test/api/campaignFixtures.ts places one.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { chinaDate, monthsUpTo } from '../../projections/calendar.ts';
import { dayFrom, driveAroundToday } from '../api/campaignFixtures.ts';
import { fullReport } from '../api/reportFixtures.ts';
import { launchBrowser, startApp, TEST_NOW } from './harness.ts';
import { ADMIN, invitedPerson, post, type Person } from './helpers.ts';

export const CITY_MANAGER: Person = { loginName: 'city.sun', displayName: '孙市委', password: 'city manager password' };
export const COUNTY_MANAGER: Person = { loginName: 'county.qian', displayName: '钱县委', password: 'county manager password' };
export const TOWNSHIP_MANAGER: Person = { loginName: 'town.li', displayName: '李镇委', password: 'township manager password' };
export const DRIVE_NAME = '百日集中行动';

const village = { organisation: { field: 'village', buildingMode: 'independent' } };
/** The app's today (its clock starts at TEST_NOW). */
const today = () => chinaDate(TEST_NOW);

/** The tree through the API as the administrator: 示范市 with 示范县 (城关镇 52,000 people, 河口镇 49,999) and 邻县 (青山镇, 白水镇). */
async function buildDriveTree(url: string) {
  const { session } = await post<{ session: { token: string } }>(url, '/api/setup', { submissionId: uuidv7(), ...ADMIN });
  const token = session.token;
  const longAgo = `${Number(today().slice(0, 4)) - 1}-01-01`;
  const open = async (kind: string, parentId: string | null, name: string, extra: object = {}) =>
    (await post<{ unitId: string }>(url, '/api/units', { submissionId: uuidv7(), kind, parentId, name, on: longAgo, ...extra }, token)).unitId;
  const township = (population: number, committeeMembers = 7) => ({ township: { population, committeeMembers, annualFunding: 20_000 } });
  const province = await open('province', null, '示范省');
  const city = await open('city', province, '示范市');
  const county = await open('county', city, '示范县');
  const otherCounty = await open('county', city, '邻县');
  const chengguan = await open('township', county, '城关镇团委', township(52_000));
  const hekou = await open('township', county, '河口镇团委', township(49_999));
  const qingshan = await open('township', otherCounty, '青山镇团委', township(120_000));
  const baishui = await open('township', otherCounty, '白水镇团委', township(30_000));
  const dongfeng = await open('organisation', chengguan, '东风村团支部', village);
  const xiling = await open('organisation', chengguan, '西岭村团支部', village);
  // A directly affiliated organisation opened during the drive, registered and with the five haves: it counts, and as new.
  const chamber = await open('organisation', chengguan, '城关镇商会团支部', {
    organisation: { field: 'commerce', buildingMode: 'joint' },
    on: dayFrom(today(), -20),
  });
  await post(
    url,
    `/api/units/${chamber}/standards`,
    {
      submissionId: uuidv7(),
      standards: {
        registration: { document: true, filing: true, plaque: true },
        fiveHas: { venue: true, supplies: true, rules: true, divisionOfWork: true, workPlan: true },
        fourHas: { organisation: true, venue: true, activities: true, results: true },
        sixHas: [],
      },
    },
    token,
  );
  for (const [parent, name] of [
    [hekou, '河口村团支部'],
    [qingshan, '青山村团支部'],
    [baishui, '白水村团支部'],
  ] as const)
    await open('organisation', parent, name, village);
  // 东风村 reported the three months the baseline looks at: not to rectify (西岭村, which never reported, is to rebuild).
  const lastMonth = monthsUpTo(today().slice(0, 7), 2)[0]!;
  for (const month of monthsUpTo(lastMonth, 3)) {
    await post(url, `/api/units/${dongfeng}/reports`, { submissionId: uuidv7(), month, report: fullReport(month) }, token);
  }
  return { token, province, city, county, otherCounty, chengguan, hekou, qingshan, baishui, dongfeng, xiling, chamber };
}

export interface DriveStage {
  app: Awaited<ReturnType<typeof startApp>>;
  browser: Browser;
  tree: Awaited<ReturnType<typeof buildDriveTree>>;
  campaignId: string;
  city: BrowserContext;
  county: BrowserContext;
  township: BrowserContext;
}

/** Sets the stage up before the file's tests and takes it down after; its fields are filled in `beforeAll`. */
export function driveStage(): DriveStage {
  const stage = {} as DriveStage;
  beforeAll(async () => {
    [stage.app, stage.browser] = await Promise.all([startApp(), launchBrowser()]);
    const { url } = stage.app;
    stage.tree = await buildDriveTree(url);
    const person = (who: Person, unitId: string) => invitedPerson(stage.browser, url, stage.tree.token, who, 'manager', unitId);
    stage.city = await person(CITY_MANAGER, stage.tree.city);
    stage.county = await person(COUNTY_MANAGER, stage.tree.county);
    stage.township = await person(TOWNSHIP_MANAGER, stage.tree.chengguan);
    // The city declares the drive through the API (declaring through its form is the timeline's own test).
    const { session } = await post<{ session: { token: string } }>(url, '/api/session', { loginName: CITY_MANAGER.loginName, password: CITY_MANAGER.password });
    stage.campaignId = (
      await post<{ campaignId: string }>(
        url,
        '/api/campaigns',
        { submissionId: uuidv7(), unitId: stage.tree.city, name: DRIVE_NAME, ...driveAroundToday(today()) },
        session.token,
      )
    ).campaignId;
  }, 120_000);
  afterAll(async () => {
    await stage.browser?.close();
    await stage.app?.stop();
  });
  return stage;
}
