/**
 * The stage of the 100-day drive's browser tests: the built app, the tree (示范省 … 示范县) with
 * four townships under the county, each with one village branch (four, so a bulletin flags the
 * last three), the city's manager signed in through their invitation, and steps that put
 * deliverables and monthly reports in through the API as the administrator.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { chinaDate, monthBefore } from '../../projections/calendar.ts';
import { caseText, dayFrom } from '../api/campaignFixtures.ts';
import { fullReport } from '../api/reportFixtures.ts';
import { launchBrowser, startApp, TEST_NOW } from './harness.ts';
import { buildTree, invitedPerson, post } from './helpers.ts';

/** The app's today when its clock starts at TEST_NOW. */
const today = () => chinaDate(TEST_NOW);

export { caseText, dayFrom, today };

export const CITY_MANAGER = { loginName: 'city.sun', displayName: '孙市委', password: 'a long city password' };

const PROFILE = { population: 52_000, committeeMembers: 7, annualFunding: 20_000 };
const MORE = [
  ['河西镇团委', '河西村团支部'],
  ['柳林乡团委', '柳林村团支部'],
  ['石桥镇团委', '石桥村团支部'],
] as const;

export interface CampaignStage {
  app: Awaited<ReturnType<typeof startApp>>;
  browser: Browser;
  tree: Awaited<ReturnType<typeof buildTree>> & {
    /** 城关镇团委, 河西镇团委, 柳林乡团委, 石桥镇团委 and their branches, in that order. */
    townships: string[];
    branches: string[];
  };
  city: BrowserContext;
}

type Receipt = { position: string };

/** `now`: where the app's clock (and the browser's) starts; TEST_NOW by default. */
export function campaignStage(options: { now?: string } = {}): CampaignStage {
  const stage = {} as CampaignStage;
  const now = options.now ?? TEST_NOW;
  beforeAll(async () => {
    [stage.app, stage.browser] = await Promise.all([startApp({ now }), launchBrowser({ now })]);
    const tree = await buildTree(stage.app.url);
    const open = async (kind: string, parentId: string, name: string, extra: object) =>
      (await post<{ unitId: string }>(stage.app.url, '/api/units', { submissionId: uuidv7(), kind, parentId, name, on: '2026-01-01', ...extra }, tree.token))
        .unitId;
    const townships = [tree.township];
    const branches = [tree.branch];
    for (const [township, branch] of MORE) {
      townships.push(await open('township', tree.county, township, { township: PROFILE }));
      branches.push(await open('organisation', townships.at(-1)!, branch, { organisation: { field: 'village', buildingMode: 'independent' } }));
    }
    stage.tree = { ...tree, townships, branches };
    stage.city = await invitedPerson(stage.browser, stage.app.url, tree.token, CITY_MANAGER, 'manager', tree.city);
  });
  afterAll(async () => {
    await stage.browser?.close();
    await stage.app?.stop();
  });
  return stage;
}

/** As the administrator, through the API: a deliverable of a township (baseline, rectification, case …). */
export async function deliver(stage: CampaignStage, campaignId: string, township: number, kind: string): Promise<Receipt> {
  const bodies: Record<string, object> = {
    baseline: {},
    rectification: { branches: [stage.tree.branches[township]], plan: '对软弱涣散团支部逐一制定整顿措施,限期整改到位。' },
    case: { title: '合作社里建团组织', text: caseText, attachments: [] },
    summary: { text: '本镇百日集中行动总结:'.repeat(20) },
    tables: {},
  };
  return post<Receipt>(
    stage.app.url,
    `/api/campaigns/${campaignId}/deliverables/${stage.tree.townships[township]}`,
    { submissionId: uuidv7(), kind, ...bodies[kind] },
    stage.tree.token,
  );
}

/** As the administrator: the county above approves a township's deliverable, naming the version it read. */
export async function approve(stage: CampaignStage, campaignId: string, township: number, kind: string): Promise<Receipt> {
  const response = await fetch(`${stage.app.url}/api/campaigns/${campaignId}/deliverables/${stage.tree.townships[township]}`, {
    headers: { authorization: `Bearer ${stage.tree.token}` },
  });
  const { deliverables } = (await response.json()) as { deliverables: Array<{ kind: string; version: string | null }> };
  const version = deliverables.find((d) => d.kind === kind)!.version;
  return post<Receipt>(
    stage.app.url,
    `/api/campaigns/${campaignId}/deliverables/${stage.tree.townships[township]}/${kind}/approve`,
    { submissionId: uuidv7(), version },
    stage.tree.token,
  );
}

/** A branch's complete report for a month; `onTime` dates the press of submit to the 1st of the month after (before the due day). */
export function report(stage: CampaignStage, township: number, month: string, onTime: boolean): Promise<Receipt> {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return post<Receipt>(
    stage.app.url,
    `/api/units/${stage.tree.branches[township]}/reports`,
    {
      submissionId: uuidv7(),
      month,
      report: fullReport(month),
      ...(onTime ? { clientTime: `${next}-01T00:30:00+08:00` } : {}),
    },
    stage.tree.token,
  );
}

/** The month before today's, in China. */
export function lastMonth(on = today()): string {
  return monthBefore(on);
}
