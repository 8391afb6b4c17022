/**
 * Rankings at every level through the API: in the city's drive, the county ranks its townships
 * and the city ranks the township level across its counties; a township's manager finds its
 * ranks (`GET /api/units/:id/ranks`, newest first) and reads the published bulletins that rank
 * it, at its own row, but no preview and no other month; outside one's scope the ranks answer
 * as a unit that does not exist; a bulletin published before levels reads as the direct children.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulletinStream } from '../../api/campaigns/decider.ts';
import { encode } from '../../events/catalog/index.ts';
import { uuidv7 } from '../../events/ids.ts';
import { declareDrive } from './campaignFixtures.ts';
import { buildProvince, inviteUser, openUnit, type Auth } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>> & { hexi: string };
let city: Auth;
let county: Auth;
let township: Auth;
let otherCounty: Auth;
let secretary: Auth;
let campaignId: string;
/** The drive's first month (the bulletin's default): its day of reports is already past. */
const month = '2026-06';

beforeAll(async () => {
  api = await startTestApi();
  const built = await buildProvince(api);
  tree = { ...built, hexi: await openUnit(api, built.admin, 'township', built.county, '河西镇团委') };
  city = await inviteUser(api, tree.admin, 'city1', 'manager', [tree.city]);
  county = await inviteUser(api, tree.admin, 'county1', 'manager', [tree.county]);
  township = await inviteUser(api, tree.admin, 'township1', 'manager', [tree.township]);
  otherCounty = await inviteUser(api, tree.admin, 'county2', 'manager', [tree.otherCounty]);
  secretary = await inviteUser(api, tree.admin, 'secretary1', 'secretary', [tree.branch]);
  campaignId = await declareDrive(api, city, tree.city);
});
afterAll(() => api.close());

const bulletin = (auth: Auth, query: string) => send(api.app, `/api/campaigns/${campaignId}/bulletin?${query}`, { headers: auth });
const publish = (auth: Auth, body: object) => send(api.app, `/api/campaigns/${campaignId}/bulletins`, json({ submissionId: uuidv7(), month, ...body }, auth));
const ranks = (auth: Auth, unitId: string, query = '') => send(api.app, `/api/units/${unitId}/ranks${query}`, { headers: auth });
const names = (rows: Array<{ name: string }>) => rows.map((row) => row.name).sort();

describe('a bulletin at a level below its publisher', () => {
  it('the county ranks its townships in the city’s drive (its direct children by default) and publishes them', async () => {
    const preview = await bulletin(county, `unit=${tree.county}&month=${month}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      published: false,
      mayPublish: true,
      level: 'township',
      levels: ['township'],
      fromPublisher: true,
      unit: { kind: 'county' },
    });
    expect(names(preview.body.rows)).toEqual(['城关镇团委', '河西镇团委']);
    // A county cannot rank counties or cities: the level is refused beside its field.
    const wrong = await publish(county, { unitId: tree.county, level: 'county' });
    expect(wrong.status).toBe(409);
    expect(wrong.body.errors[0]).toMatchObject({ field: 'level', code: 'levelNotBelow' });
    const published = await publish(county, { unitId: tree.county, note: '请河西镇加快进度' });
    expect(published.status).toBe(201);
    const frozen = await bulletin(county, `unit=${tree.county}&month=${month}&after=${published.body.position}`);
    expect(frozen.body).toMatchObject({ published: true, level: 'township', mayPublish: false });
    expect(frozen.body.rows).toEqual(preview.body.rows);
    // The other county's manager does not publish for this county.
    expect((await publish(otherCounty, { unitId: tree.county })).status).toBe(403);
  });

  it('the city ranks the township level across its counties, chosen among the levels below it', async () => {
    const preview = await bulletin(city, `unit=${tree.city}&month=${month}&level=township`);
    expect(preview.body).toMatchObject({ level: 'township', levels: ['county', 'township'], mayPublish: true });
    expect(names(preview.body.rows)).toEqual(['城关镇团委', '河口镇团委', '河西镇团委']);
    expect(preview.body.rows.every((row: { mine: boolean }) => !row.mine)).toBe(true);
    const byDefault = await bulletin(city, `unit=${tree.city}&month=${month}`);
    expect({ level: byDefault.body.level, rows: names(byDefault.body.rows) }).toEqual({ level: 'county', rows: ['示范县', '邻县'] });
    const published = await publish(city, { unitId: tree.city, level: 'township' });
    expect(published.status).toBe(201);
    const frozen = await bulletin(city, `unit=${tree.city}&month=${month}&after=${published.body.position}`);
    expect(frozen.body).toMatchObject({ published: true, level: 'township' });
    expect(frozen.body.rows.map((row: { unitId: string; rank: number; score: number }) => [row.unitId, row.rank, row.score])).toEqual(
      preview.body.rows.map((row: { unitId: string; rank: number; score: number }) => [row.unitId, row.rank, row.score]),
    );
  });
});

describe('a unit’s own ranks', () => {
  it('a township’s manager sees its rank in each bulletin that ranks it, newest first, with the bulletin’s title, day and publisher', async () => {
    const { status, body } = await ranks(township, tree.township);
    expect(status).toBe(200);
    expect(body).toMatchObject({ unit: { id: tree.township, name: '城关镇团委' }, total: 2, nextCursor: null });
    const city = (await bulletin(tree.admin, `unit=${tree.city}&month=${month}`)).body.rows.find((row: { unitId: string }) => row.unitId === tree.township);
    expect(body.ranks[0]).toMatchObject({
      campaignId,
      campaignName: '百日集中行动',
      publisherId: tree.city,
      publisherName: '示范市',
      month,
      level: 'township',
      rank: city.rank,
      of: 3,
      score: city.score,
      talk: city.talk,
      standsAt: expect.stringMatching(/^2026-07-\d\d$/),
      publishedAt: expect.any(String),
    });
    expect(body.ranks[1]).toMatchObject({ publisherName: '示范县', level: 'township', of: 2 });
    // The latest only (a home page's link), then the rest from its cursor.
    const latest = (await ranks(township, tree.township, '?limit=1')).body;
    expect(latest).toMatchObject({ total: 2, ranks: [{ publisherName: '示范市' }] });
    expect((await ranks(township, tree.township, `?limit=1&cursor=${latest.nextCursor}`)).body.ranks).toMatchObject([{ publisherName: '示范县' }]);
    expect((await ranks(township, tree.township, `?campaign=${uuidv7()}`)).body).toMatchObject({ total: 0, ranks: [] });
  });

  it('the township’s manager reads the city’s published bulletin whole, with its own row marked, and nothing else of the city’s', async () => {
    const { status, body } = await bulletin(township, `unit=${tree.city}&month=${month}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      published: true,
      level: 'township',
      levels: [],
      fromPublisher: false,
      mayPublish: false,
      months: [{ month, published: true }],
    });
    expect(body.rows).toHaveLength(3);
    expect(body.rows.filter((row: { mine: boolean }) => row.mine).map((row: { unitId: string }) => row.unitId)).toEqual([tree.township]);
    // Without a month: the latest that ranks them. A month not published (a preview) is not theirs to read.
    expect((await bulletin(township, `unit=${tree.city}`)).body.month).toBe(month);
    expect((await bulletin(township, `unit=${tree.city}&month=2026-07`)).status).toBe(403);
    // A county's manager finds their own townships marked in the city's township ranking.
    const fromCounty = await bulletin(county, `unit=${tree.city}&month=${month}`);
    expect(
      fromCounty.body.rows
        .filter((row: { mine: boolean }) => row.mine)
        .map((row: { name: string }) => row.name)
        .sort(),
    ).toEqual(['城关镇团委', '河西镇团委']);
  });

  it('outside one’s scope the ranks answer exactly as a unit that does not exist; secretaries take no part', async () => {
    const outside = await ranks(otherCounty, tree.township);
    const none = await ranks(otherCounty, uuidv7());
    expect(outside.status).toBe(403);
    // Every header alike but the request's own correlation id.
    const seen = (answer: typeof outside) => ({ ...answer, headers: [...answer.headers].filter(([name]) => name !== 'x-correlation-id') });
    expect(seen(outside)).toEqual(seen(none));
    expect((await ranks(secretary, tree.branch)).status).toBe(403);
    expect((await ranks(township, tree.otherTownship)).status).toBe(403);
    // The other county's manager reads nothing of the first county's bulletin; in the city's, which ranks 河口镇 too, their own row.
    expect((await bulletin(otherCounty, `unit=${tree.county}&month=${month}`)).status).toBe(403);
    expect(
      (await bulletin(otherCounty, `unit=${tree.city}&month=${month}`)).body.rows
        .filter((row: { mine: boolean }) => row.mine)
        .map((row: { name: string }) => row.name),
    ).toEqual(['河口镇团委']);
  });

  it('a bulletin published before levels (no level in its event) still reads, as the publisher’s direct children', async () => {
    const rows = (await bulletin(city, `unit=${tree.city}&month=2026-07`)).body.rows.map(({ mine: _mine, ...row }: { mine: boolean }) => row);
    const id = uuidv7();
    const event = { type: 'BulletinPublished' as const, data: { campaignId, unitId: tree.city, month: '2026-07', asOf: '2026-07-20', rows, note: '' } };
    const { position } = await api.runtime.store.append(bulletinStream(campaignId, tree.city, '2026-07'), [
      encode(event, id, {
        actor: 'test',
        correlationId: id,
        causationId: id,
        clientSubmissionId: id,
        clientTime: null,
        serverTime: api.clock.now().toISOString(),
      }),
    ]);
    const old = await bulletin(city, `unit=${tree.city}&month=2026-07&after=${position}`);
    expect(old.body).toMatchObject({ published: true, level: 'county' });
    expect(names(old.body.rows)).toEqual(['示范县', '邻县']);
    const countyRanks = await ranks(county, tree.county, `?after=${position}`);
    expect(countyRanks.body.ranks[0]).toMatchObject({ month: '2026-07', level: 'county', of: 2, publisherName: '示范市' });
  });
});
