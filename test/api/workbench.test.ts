/**
 * The workbench (工作台) through the API, at TEST_NOW (2026-07-20: June's reports were due on
 * 5 July): a secretary's report standing as it moves; a township's missing and awaiting
 * reports; a county's children most behind; a drive's phase and next deadline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { declareDrive } from './campaignFixtures.ts';
import { buildProvince, inviteUser, openUnit, type Auth } from './fixtures.ts';
import { at, json, send, startTestApi } from './harness.ts';
import { fullReport } from './reportFixtures.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let secretary: Auth, township: Auth, county: Auth, researcher: Auth;
const branches: string[] = [];
beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
  for (const name of ['南湾村团支部', '西岭村团支部', '北坡村团支部'])
    branches.push(await openUnit(api, tree.admin, 'organisation', tree.township, name, { organisation: { field: 'village', buildingMode: 'independent' } }));
  secretary = await inviteUser(api, tree.admin, 'wb-secretary', 'secretary', [tree.branch]);
  township = await inviteUser(api, tree.admin, 'wb-township', 'manager', [tree.township]);
  county = await inviteUser(api, tree.admin, 'wb-county', 'manager', [tree.county]);
  researcher = await inviteUser(api, tree.admin, 'wb-researcher', 'researcher', [tree.county]);
});
afterAll(() => api.close());

const workbench = async (auth: Auth, after?: string) => {
  const { status, body } = await send(api.app, `/api/workbench${after ? `?after=${after}` : ''}`, { headers: auth });
  expect(status).toBe(200);
  return body;
};
/** Submits June's report; the submission id is the report's version. */
const submit = async (unitId: string, auth: Auth) => {
  const submissionId = uuidv7();
  return {
    ...(await send(api.app, `/api/units/${unitId}/reports`, json({ submissionId, month: '2026-06', report: fullReport('2026-06') }, auth))),
    submissionId,
  };
};

describe('the workbench', () => {
  it('asks for a session', async () => {
    expect((await send(api.app, '/api/workbench')).status).toBe(401);
  });

  it('shows a secretary the month being reported, its due day and where the report stands', async () => {
    const before = await workbench(secretary);
    expect(before).toMatchObject({ today: '2026-07-20', role: 'secretary', areas: [] });
    expect(before.reports).toEqual([
      { unitId: tree.branch, name: '东风村团支部', month: '2026-06', due: '2026-07-05', daysLeft: -15, standing: 'notSubmitted', returnReason: null },
    ]);

    const sent = await submit(tree.branch, secretary);
    expect(sent.status).toBe(201);
    expect((await workbench(secretary, sent.body.position)).reports[0].standing).toBe('submitted');

    const returned = await send(
      api.app,
      `/api/units/${tree.branch}/reports/2026-06/return`,
      json({ submissionId: uuidv7(), version: sent.submissionId, reason: '请补充团课内容' }, township),
    );
    expect(returned.status).toBe(201);
    expect((await workbench(secretary, returned.body.position)).reports[0]).toMatchObject({ standing: 'returned', returnReason: '请补充团课内容' });
  });

  it('shows a township what is missing, overdue, and awaiting its approval', async () => {
    const sent = await submit(branches[0]!, township);
    expect(sent.status).toBe(201);
    const { areas, reports } = await workbench(township, sent.body.position);
    expect(reports).toEqual([]);
    expect(areas).toHaveLength(1);
    expect(areas[0]).toMatchObject({
      unitId: tree.township,
      kind: 'township',
      month: '2026-06',
      due: '2026-07-05',
      pastDue: true,
      expected: 4,
      received: 2,
      missing: 2,
      awaitingApproval: 1,
      behind: [],
    });
    expect(areas[0].missingOrganisations.map((row: { name: string }) => row.name).sort()).toEqual(['北坡村团支部', '西岭村团支部']);
  });

  it('shows a county its children most behind', async () => {
    const { areas } = await workbench(county);
    expect(areas[0]).toMatchObject({ unitId: tree.county, kind: 'county', expected: 4, missing: 2, awaitingApproval: null, missingOrganisations: [] });
    expect(areas[0].behind).toEqual([{ unitId: tree.township, name: '城关镇团委', kind: 'township', expected: 4, missing: 2 }]);
  });

  it('shows the drive a unit takes part in: its phase, next deadline, overdue count and what the unit owes itself', async () => {
    const campaignId = await declareDrive(api, tree.admin, tree.province);
    const { areas } = await workbench(township);
    expect(areas[0].drives).toHaveLength(1);
    const [drive] = areas[0].drives;
    expect(drive).toMatchObject({ campaignId, name: '百日集中行动', phase: { key: 'mobilise' } });
    // The driveAroundToday schedule: baseline and rectification were due ten days ago; the case is next, in 20 days.
    expect(drive.next).toMatchObject({ kind: 'case', daysLeft: 20, done: 0 });
    expect(drive.overdue).toBeGreaterThan(0);
    expect(drive.own.map((cell: { status: string }) => cell.status)).toContain('overdue');
    const provinceView = await workbench(tree.admin);
    expect(provinceView.areas.map((area: { unitId: string }) => area.unitId)).toEqual([tree.province]);
    expect(provinceView.areas[0].drives[0].next.owed).toBeGreaterThanOrEqual(drive.next.owed);
  });

  it('shows a county the lowest places of the bulletin it published, and a township its own place', async () => {
    const campaignId = (await workbench(county)).areas[0].drives[0].campaignId;
    await openUnit(api, tree.admin, 'township', tree.county, '河西镇团委');
    const published = await send(
      api.app,
      `/api/campaigns/${campaignId}/bulletins`,
      json({ submissionId: uuidv7(), month: '2026-06', unitId: tree.county }, county),
    );
    expect(published.status).toBe(201);
    const countyView = (await workbench(county, published.body.position)).areas[0];
    expect(countyView.bottom).toMatchObject({ campaignId, campaignName: '百日集中行动', month: '2026-06', of: 2 });
    // Both townships, the lowest place last (equal scores share a place).
    expect(countyView.bottom.rows.map((row: { name: string }) => row.name).sort()).toEqual(['城关镇团委', '河西镇团委']);
    const places = countyView.bottom.rows.map((row: { rank: number }) => row.rank);
    expect(places).toEqual([...places].sort((a, b) => a - b));
    const townshipView = (await workbench(township, published.body.position)).areas[0];
    expect(townshipView.rank).toMatchObject({
      campaignId,
      campaignName: '百日集中行动',
      publisherId: tree.county,
      publisherName: '示范县',
      month: '2026-06',
      of: 2,
    });
    expect(countyView.bottom.rows.find((row: { unitId: string }) => row.unitId === tree.township).rank).toBe(townshipView.rank.rank);
  });

  it('gives a researcher no report or area of their own (their rounds are on the research page)', async () => {
    expect(await workbench(researcher)).toMatchObject({ role: 'researcher', reports: [], areas: [] });
  });

  it('before the due day, the month reported is still open and nothing is past due', async () => {
    // A session lasts twelve hours and the clock jumps a fortnight (expired sessions are let go): last in this file, the manager signs in again.
    const early = await at(api, '2026-08-03T09:00:00+08:00', async () => {
      const session = await send(api.app, '/api/session', json({ loginName: 'wb-county', password: 'wb-county long password' }));
      return workbench({ authorization: `Bearer ${session.body.session.token}` });
    });
    // In August the month reported is July: nothing in yet, and its due day (5 August) still ahead.
    expect(early.areas[0]).toMatchObject({ month: '2026-07', due: '2026-08-05', pastDue: false, expected: 4, received: 0, missing: 4 });
  });
});
