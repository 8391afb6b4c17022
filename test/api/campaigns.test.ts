/**
 * The 100-day drive through the API: a city declares it from the template, a township
 * delivers, the county approves or returns; the timeline, targets, bulletin and tables follow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { readZip } from '../../api/tables/zip.ts';
import { table2Columns } from '../../projections/campaignTables.ts';
import { caseText, dayFrom, declareDrive, driveAroundToday, submitDeliverable } from './campaignFixtures.ts';
import { buildProvince, inviteUser, openUnit, type Auth } from './fixtures.ts';
import { json, send, startTestApi, TEST_NOW } from './harness.ts';
import { fullReport } from './reportFixtures.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let city: Auth;
let county: Auth;
let township: Auth;
let otherCounty: Auth;
let campaignId: string;
/** A 1×1 PNG, as a phone would attach a photo. */
const photo = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
  city = await inviteUser(api, tree.admin, 'city1', 'manager', [tree.city]);
  county = await inviteUser(api, tree.admin, 'county1', 'manager', [tree.county]);
  township = await inviteUser(api, tree.admin, 'township1', 'manager', [tree.township]);
  otherCounty = await inviteUser(api, tree.admin, 'county2', 'manager', [tree.otherCounty]);
  campaignId = await declareDrive(api, city, tree.city);
});
afterAll(() => api.close());

const deliverables = async (auth: Auth, unitId: string) => send(api.app, `/api/campaigns/${campaignId}/deliverables/${unitId}`, { headers: auth });
const statusOf = async (unitId: string, kind: string) =>
  (await deliverables(tree.admin, unitId)).body.deliverables.find((d: { kind: string }) => d.kind === kind);

describe('declaring a drive', () => {
  it('offers the template of the source plan for this year', async () => {
    const { status, body } = await send(api.app, '/api/campaign-template', { headers: city });
    expect(status).toBe(200);
    expect(body.phases.map((p: { start: string }) => p.start.slice(5))).toEqual(['06-18', '07-06', '09-01']);
  });

  it('declares from the template with the year alone, and refuses overlapping phases on the field', async () => {
    const plain = await send(api.app, '/api/campaigns', json({ submissionId: uuidv7(), unitId: tree.city, name: '2025 年百日行动', year: 2025 }, city));
    expect(plain.status).toBe(201);
    const drive = driveAroundToday();
    const overlapping = await send(
      api.app,
      '/api/campaigns',
      json(
        {
          submissionId: uuidv7(),
          unitId: tree.city,
          name: '重叠',
          year: drive.year,
          phases: [drive.phases[0], { ...drive.phases[1], start: drive.phases[0]!.end }, drive.phases[2]],
        },
        city,
      ),
    );
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.errors[0]).toMatchObject({ field: 'phases.1.start', code: 'phasesOverlap' });
  });

  it('lets a county declare only for itself, not for the city above it', async () => {
    const refused = await send(api.app, '/api/campaigns', json({ submissionId: uuidv7(), unitId: tree.city, name: '越权', year: 2026 }, county));
    expect(refused.status).toBe(403);
  });

  it('is seen by the managers of the units inside it, and not by a secretary', async () => {
    const seen = await send(api.app, '/api/campaigns', { headers: township });
    expect(seen.body.campaigns.map((c: { id: string }) => c.id)).toContain(campaignId);
    const secretary = await inviteUser(api, tree.admin, 'secretary1', 'secretary', [tree.branch]);
    expect((await send(api.app, '/api/campaigns', { headers: secretary })).body.campaigns).toEqual([]);
    expect((await send(api.app, `/api/campaigns/${campaignId}/timeline`, { headers: secretary })).status).toBe(403);
  });
});

describe('deliverables', () => {
  it('the baseline is worked out from the branches’ health classes when the township submits it', async () => {
    const { status, body } = await submitDeliverable(api, township, campaignId, tree.township, { kind: 'baseline' });
    expect(status).toBe(201);
    const baseline = await statusOf(tree.township, 'baseline');
    expect(baseline.content.classes).toEqual([{ unitId: tree.branch, healthClass: 'rebuild' }]);
    // Submitted after its due day (ten days ago): late.
    expect(baseline).toMatchObject({ status: 'submitted', late: true });
    expect(body.duplicate).toBe(false);
  });

  it('the rectification list takes branches of the township only, and says which on the field', async () => {
    const foreign = await submitDeliverable(api, township, campaignId, tree.township, {
      kind: 'rectification',
      branches: [tree.otherBranch],
      plan: '对软弱涣散团支部逐一制定整顿措施,限期整改。',
    });
    expect(foreign.status).toBe(409);
    expect(foreign.body.errors[0]).toMatchObject({ field: 'branches.0', code: 'branchNotInTownship' });
    const ok = await submitDeliverable(api, township, campaignId, tree.township, {
      kind: 'rectification',
      branches: [tree.branch],
      plan: '对软弱涣散团支部逐一制定整顿措施,限期整改。',
    });
    expect(ok.status).toBe(201);
  });

  it('refuses a short case and a short summary beside the field, and a deliverable a unit does not owe', async () => {
    const short = await submitDeliverable(api, township, campaignId, tree.township, { kind: 'case', title: '案例', text: '太短', attachments: [] });
    expect(short.status).toBe(400);
    expect(short.body.errors[0]).toMatchObject({ field: 'text', code: 'tooShort' });
    const notOwed = await submitDeliverable(api, county, campaignId, tree.county, { kind: 'baseline' });
    expect(notOwed.status).toBe(409);
    expect(notOwed.body.code).toBe('notOwed');
  });

  it('a case carries uploaded attachments; the county returns it with a reason, the township corrects, the county approves', async () => {
    const form = new FormData();
    form.append('file', new File([photo], '活动照片.png', { type: 'image/png' }));
    const upload = await api.app.request('/api/attachments', { method: 'POST', body: form, headers: township });
    expect(upload.status).toBe(201);
    const { attachments } = (await upload.json()) as { attachments: Array<{ sha256: string; name: string }> };
    expect(attachments[0]!.name).toBe('活动照片.png');
    const first = await submitDeliverable(api, township, campaignId, tree.township, { kind: 'case', title: '合作社里建团组织', text: caseText, attachments });
    expect(first.status).toBe(201);
    const download = await api.app.request(`/api/campaigns/${campaignId}/deliverables/${tree.township}/case/attachments/${attachments[0]!.sha256}`, {
      headers: county,
    });
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(photo);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(
      (await api.app.request(`/api/campaigns/${campaignId}/deliverables/${tree.township}/case/attachments/${attachments[0]!.sha256}`, { headers: otherCounty }))
        .status,
    ).toBe(403);

    // The township cannot approve its own; the county above can, naming the version it read.
    const read = (await statusOf(tree.township, 'case')).version;
    expect(
      (
        await send(
          api.app,
          `/api/campaigns/${campaignId}/deliverables/${tree.township}/case/approve`,
          json({ submissionId: uuidv7(), version: read }, township),
        )
      ).status,
    ).toBe(403);
    const inbox = await send(api.app, '/api/inbox', { headers: county });
    expect(inbox.body.waiting.map((e: { kind: string }) => e.kind).sort()).toEqual(['baseline', 'case', 'rectification']);
    expect((await send(api.app, '/api/inbox', { headers: otherCounty })).body.waiting).toEqual([]);
    // Paged two at a time (oldest first), and filtered by kind; the totals count every item.
    const firstTwo = (await send(api.app, '/api/inbox?limit=2', { headers: county })).body;
    expect(firstTwo).toMatchObject({ waitingTotal: 3, nextCursor: '2', returnedTotal: 0, returnedNextCursor: null });
    const rest = (await send(api.app, '/api/inbox?limit=2&cursor=2', { headers: county })).body;
    expect([...firstTwo.waiting, ...rest.waiting]).toEqual(inbox.body.waiting);
    expect(rest.nextCursor).toBeNull();
    expect((await send(api.app, '/api/inbox?kind=case', { headers: county })).body).toMatchObject({
      waitingTotal: 1,
      waiting: [expect.objectContaining({ kind: 'case' })],
    });
    expect((await send(api.app, '/api/inbox?kind=poem', { headers: county })).status).toBe(400);

    const returned = await send(
      api.app,
      `/api/campaigns/${campaignId}/deliverables/${tree.township}/case/return`,
      json({ submissionId: uuidv7(), version: read, reason: '请补充团员参与人数' }, county),
    );
    expect(returned.status).toBe(201);
    expect(
      (await send(api.app, `/api/campaigns/${campaignId}/deliverables/${tree.township}/case/approve`, json({ submissionId: uuidv7(), version: read }, county)))
        .status,
    ).toBe(409);
    expect(await statusOf(tree.township, 'case')).toMatchObject({ status: 'returned', returnReason: '请补充团员参与人数' });
    await submitDeliverable(api, township, campaignId, tree.township, {
      kind: 'case',
      title: '合作社里建团组织',
      text: `${caseText}参与团员 40 人。`,
      attachments,
    });
    // Approving the version read before the correction arrived is refused: the county has not seen the correction.
    const stale = await send(
      api.app,
      `/api/campaigns/${campaignId}/deliverables/${tree.township}/case/approve`,
      json({ submissionId: uuidv7(), version: read }, county),
    );
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'newerVersion', title: '您打开之后又收到了更新的版本,本次操作未执行。请刷新查看最新版本后再审核。' });
    const corrected = (await statusOf(tree.township, 'case')).version;
    expect(corrected).not.toBe(read);
    const approved = await send(
      api.app,
      `/api/campaigns/${campaignId}/deliverables/${tree.township}/case/approve`,
      json({ submissionId: uuidv7(), version: corrected }, county),
    );
    expect(approved.status).toBe(201);
    const record = await statusOf(tree.township, 'case');
    expect(record).toMatchObject({ status: 'approved', late: false, decidedByName: 'county1' });
    expect(record.history).toHaveLength(2);
    const locked = await submitDeliverable(api, township, campaignId, tree.township, { kind: 'case', title: '再改', text: caseText, attachments: [] });
    expect(locked.status).toBe(409);
  });

  it('an attachment is what its bytes show, whatever type is declared for it', async () => {
    const upload = async (bytes: Uint8Array | string, name: string, type: string) => {
      const form = new FormData();
      form.append('file', new File([bytes], name, { type }));
      return api.app.request('/api/attachments', { method: 'POST', body: form, headers: township });
    };
    // A page declared as HTML is kept as the text it is (served as text, to be downloaded, never run).
    const page = await upload('<script>alert(document.cookie)</script>', 'x.html', 'text/html');
    expect(page.status).toBe(201);
    const [kept] = ((await page.json()) as { attachments: Array<{ sha256: string; name: string; size: number; type: string }> }).attachments;
    expect(kept!.type).toBe('text/plain');
    // A photo declared as a PDF is a photo.
    expect(((await (await upload(photo, '照片.pdf', 'application/pdf')).json()) as { attachments: Array<{ type: string }> }).attachments[0]!.type).toBe(
      'image/png',
    );
    // Bytes of no type a case may carry are refused beside the file, whatever they claim.
    const binary = await upload(Uint8Array.from([0, 0xff, 0xfe, 1, 2, 3]), '照片.png', 'image/png');
    expect(binary.status).toBe(400);
    expect(((await binary.json()) as { errors: Array<{ field: string; code: string }> }).errors).toEqual([
      expect.objectContaining({ field: 'file.0', code: 'fileType' }),
    ]);
    // A case may not name a kept file as another type than its bytes show (nor a header-breaking one).
    for (const type of ['text/html', 'image/png', 'text/plain\r\nx-injected: 1']) {
      const named = await submitDeliverable(api, township, campaignId, tree.township, {
        kind: 'case',
        title: '冒名的附件',
        text: caseText,
        attachments: [{ ...kept!, type }],
      });
      expect({ status: named.status, error: named.body.errors[0] }, type).toMatchObject({
        status: 409,
        error: { field: 'attachments.0', code: 'attachmentType' },
      });
    }
  });

  it('a resubmission with the same submission id is written once', async () => {
    const submissionId = uuidv7();
    const body = { submissionId, kind: 'summary', text: '本镇百日集中行动总结:'.repeat(20) };
    const first = await send(api.app, `/api/campaigns/${campaignId}/deliverables/${tree.township}`, json(body, township));
    const again = await send(api.app, `/api/campaigns/${campaignId}/deliverables/${tree.township}`, json(body, township));
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.position).toBe(first.body.position);
    expect((await statusOf(tree.township, 'summary')).history).toHaveLength(1);
  });

  it('the tables deliverable records the totals of 附件1 and 附件2 as they stood', async () => {
    const { status } = await submitDeliverable(api, township, campaignId, tree.township, { kind: 'tables' });
    expect(status).toBe(201);
    const tables = await statusOf(tree.township, 'tables');
    expect(tables.content.table1).toMatchObject({ townships: 1, organisations: 1, village: 1, population: 52_000 });
    // The branch was entered on 20 July, after June's due day: 未评定 in June, not 重建 (as on the health page).
    expect(tables.content.table2).toMatchObject({ townships: 1, organisations: 1, rebuild: 0, unassessed: 1, listed: 1 });
  });
});

describe('what managers read', () => {
  it('the timeline drills down from the city to the township, with overdue work in the other county', async () => {
    const fromCity = await send(api.app, `/api/campaigns/${campaignId}/timeline`, { headers: city });
    expect(fromCity.status).toBe(200);
    expect(fromCity.body.unit.id).toBe(tree.city);
    expect(fromCity.body.campaign.phases.map((p: { status: string }) => p.status)).toEqual(['done', 'current', 'upcoming']);
    const rows = Object.fromEntries(
      fromCity.body.rows.map((row: { name: string; kinds: Array<{ kind: string }> }) => [row.name, Object.fromEntries(row.kinds.map((k) => [k.kind, k]))]),
    );
    expect(rows['示范县'].baseline).toMatchObject({ owed: 1, submitted: 1, late: 1, overdue: 0 });
    expect(rows['示范县'].case).toMatchObject({ owed: 2, approved: 1, pending: 1 });
    expect(rows['邻县'].baseline).toMatchObject({ owed: 1, overdue: 1, worst: 'overdue' });
    const fromCounty = await send(api.app, `/api/campaigns/${campaignId}/timeline?unit=${tree.county}`, { headers: county });
    expect(fromCounty.body.rows.map((row: { name: string }) => row.name)).toEqual(['城关镇团委']);
    expect(fromCounty.body.up).toBeNull(); // the county's manager cannot look from the city
    expect((await send(api.app, `/api/campaigns/${campaignId}/timeline?unit=${tree.otherCounty}`, { headers: county })).status).toBe(403);
    const fromTownship = await send(api.app, `/api/campaigns/${campaignId}/timeline?unit=${tree.township}`, { headers: city });
    expect(fromTownship.body.own.map((cell: { kind: string; status: string }) => `${cell.kind}:${cell.status}`)).toEqual([
      'baseline:submitted',
      'rectification:submitted',
      'case:approved',
      'summary:submitted',
      'tables:submitted',
    ]);
    expect(fromTownship.body.up).toEqual({ id: tree.county, name: '示范县' });
    // The rows (the units below) page by name.
    const firstRow = (await send(api.app, `/api/campaigns/${campaignId}/timeline?limit=1`, { headers: city })).body;
    expect(firstRow).toMatchObject({ total: 2, nextCursor: '1' });
    const secondRow = (await send(api.app, `/api/campaigns/${campaignId}/timeline?limit=1&cursor=1`, { headers: city })).body;
    expect([firstRow.rows[0].name, secondRow.rows[0].name]).toEqual(['邻县', '示范县']);
    expect(secondRow.totals).toEqual(firstRow.totals);
    expect(
      (await send(api.app, `/api/campaigns/${campaignId}/timeline?sort=-name`, { headers: city })).body.rows.map((row: { name: string }) => row.name),
    ).toEqual(['示范县', '邻县']);
  });

  it('rescheduling a phase is an event the timeline shows with its reason', async () => {
    const timeline = (await send(api.app, `/api/campaigns/${campaignId}/timeline`, { headers: city })).body;
    const summarise = timeline.campaign.phases[2];
    // The dates it has: nothing is written, and the answer says so.
    const same = await send(
      api.app,
      `/api/campaigns/${campaignId}/phases/summarise`,
      json({ submissionId: uuidv7(), start: summarise.start, end: summarise.end, reason: '不变' }, city),
    );
    expect(same.status).toBe(200);
    expect(same.body.unchanged).toBe(true);
    const later = dayFrom(summarise.end, 5);
    expect(
      (
        await send(
          api.app,
          `/api/campaigns/${campaignId}/phases/summarise`,
          json({ submissionId: uuidv7(), start: summarise.start, end: later, reason: '汛期顺延' }, county),
        )
      ).status,
    ).toBe(403);
    const moved = await send(
      api.app,
      `/api/campaigns/${campaignId}/phases/summarise`,
      json({ submissionId: uuidv7(), start: summarise.start, end: later, reason: '汛期顺延' }, city),
    );
    expect(moved.status).toBe(201);
    const after = (await send(api.app, `/api/campaigns/${campaignId}/timeline?after=${moved.body.position}`, { headers: city })).body;
    expect(after.campaign.phases[2].end).toBe(later);
    expect(after.campaign.changes.at(-1)).toMatchObject({
      what: 'phase',
      key: 'summarise',
      to: `${summarise.start}/${later}`,
      reason: '汛期顺延',
      actorName: 'city1',
    });
  });

  it('targets follow recorded facts: the township of 52,000 people needs 40 organisations', async () => {
    const { status, body } = await send(api.app, `/api/campaigns/${campaignId}/targets?unit=${tree.county}`, { headers: county });
    expect(status).toBe(200);
    expect(body.townships[0]).toMatchObject({
      name: '城关镇团委',
      population: 52_000,
      targets: { direct: 20, new: 20, total: 40 },
      met: { direct: false, new: false, total: false },
    });
    const direct = await openUnit(api, tree.admin, 'organisation', tree.township, '城关镇商会团支部', {
      organisation: { field: 'commerce', buildingMode: 'joint' },
      on: driveAroundToday().phases[1]!.start,
    });
    const standards = await send(
      api.app,
      `/api/units/${direct}/standards`,
      json(
        {
          submissionId: uuidv7(),
          standards: {
            registration: { document: true, filing: true, plaque: true },
            fiveHas: { venue: true, supplies: true, rules: true, divisionOfWork: true, workPlan: true },
            fourHas: { organisation: true, venue: true, activities: true, results: true },
            sixHas: [],
          },
        },
        tree.admin,
      ),
    );
    const after = await send(api.app, `/api/campaigns/${campaignId}/targets?unit=${tree.county}&after=${standards.body.position}`, { headers: county });
    expect(after.body.townships[0].direct).toEqual({ recorded: 1, counted: 1, newRecorded: 1, newCounted: 1 });
    const fromCity = await send(api.app, `/api/campaigns/${campaignId}/targets`, { headers: city });
    expect(fromCity.body.children.map((child: { name: string; townships: number }) => `${child.name}:${child.townships}`)).toEqual(['邻县:1', '示范县:1']);
    expect(fromCity.body.summary.direct.counted).toBe(1);
    // A county's townships: those short of a target, sorted and paged.
    const short = (
      await send(api.app, `/api/campaigns/${campaignId}/targets?unit=${tree.county}&unmet=direct&sort=-population&limit=1&after=${standards.body.position}`, {
        headers: county,
      })
    ).body;
    expect(short).toMatchObject({ total: 1, nextCursor: null, townships: [expect.objectContaining({ name: '城关镇团委' })] });
    expect(short.summary).toEqual(after.body.summary);
    expect((await send(api.app, `/api/campaigns/${campaignId}/targets?unit=${tree.county}&unmet=everything`, { headers: county })).status).toBe(400);
  });

  it('the bulletin ranks the counties, flags the last, and once published does not change', async () => {
    // The month's bulletin stands at the day its reports are due. The county's branch reported
    // on time: pressed submit offline on the 28th, and it arrived on the 3rd of the next month.
    const month = (await send(api.app, `/api/campaigns/${campaignId}/bulletin`, { headers: city })).body.month;
    expect(month).toBe('2026-06');
    api.clock.set('2026-07-03T09:00:00+08:00');
    await send(
      api.app,
      `/api/units/${tree.branch}/reports`,
      json({ submissionId: uuidv7(), month, report: fullReport(month), clientTime: `${month}-28T10:00:00+08:00` }, tree.admin),
    );
    api.clock.set(TEST_NOW);
    const preview = await send(api.app, `/api/campaigns/${campaignId}/bulletin`, { headers: city });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ published: false, standsAt: '2026-07-05' });
    expect(preview.body.rows.map((row: { name: string; talk: boolean }) => `${row.name}:${row.talk}`)).toEqual(['示范县:false', '邻县:true']);
    expect(preview.body.rows[0]).toMatchObject({ reporting: 1, rank: 1 });
    expect((await send(api.app, `/api/campaigns/${campaignId}/bulletins`, json({ submissionId: uuidv7(), unitId: tree.city, month }, county))).status).toBe(
      403,
    );
    const published = await send(
      api.app,
      `/api/campaigns/${campaignId}/bulletins`,
      json({ submissionId: uuidv7(), unitId: tree.city, month, note: '请邻县加快进度' }, city),
    );
    expect(published.status).toBe(201);
    // Late data: the other county's township now reports for the month and delivers everything.
    await send(api.app, `/api/units/${tree.otherBranch}/reports`, json({ submissionId: uuidv7(), month, report: fullReport(month) }, tree.admin));
    const last = await submitDeliverable(api, tree.admin, campaignId, tree.otherTownship, { kind: 'baseline' });
    const frozen = await send(api.app, `/api/campaigns/${campaignId}/bulletin?month=${month}&after=${last.body.position}`, { headers: city });
    expect(frozen.body).toMatchObject({ published: true, note: '请邻县加快进度', publishedByName: 'city1' });
    expect(frozen.body.rows).toEqual(published.status === 201 ? preview.body.rows : []);
    const again = await send(api.app, `/api/campaigns/${campaignId}/bulletins`, json({ submissionId: uuidv7(), unitId: tree.city, month }, city));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('bulletinPublished');
  });

  it('exports 附件1 and 附件2 as .xlsx, one row per township and a totals line', async () => {
    const response = await api.app.request(`/api/campaigns/${campaignId}/tables/1.xlsx`, { headers: city });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('附件1'));
    const sheet = new TextDecoder().decode(readZip(new Uint8Array(await response.arrayBuffer())).read('xl/worksheets/sheet1.xml'));
    // The 乡镇(街道) column names the township (城关镇), not its committee (城关镇团委).
    for (const text of ['附件1 乡镇团委建设情况统计表', '填报单位:示范市', '<t>城关镇</t>', '<t>河口镇</t>', '直属团组织(达标)', '合计 (2)'])
      expect(sheet).toContain(text);
    expect(sheet).not.toContain('<t>城关镇团委</t>');
    expect(sheet).toContain('<v>52000</v>');
    // The totals line: the share is the ratio of the totals (六有 of all organisations), not left blank.
    const header = /<row r="(\d+)">(?:(?!<\/row>).)*直属团组织\(达标\)(?:(?!<\/row>).)*<\/row>/.exec(sheet)!;
    const columnOf = (label: string) => [...header[0].matchAll(/<c r="([A-Z]+)\d+"[^>]*><is><t>([^<]*)<\/t>/g)].find((m) => m[2] === label)![1]!;
    const totals = /<row r="\d+">(?:(?!<\/row>).)*合计 \(2\)(?:(?!<\/row>).)*<\/row>/.exec(sheet)![0];
    const cell = (label: string) => Number(new RegExp(`<c r="${columnOf(label)}\\d+"[^>]*><v>([^<]*)</v>`).exec(totals)![1]);
    expect(cell('团组织数')).toBeGreaterThan(0);
    expect(cell('六有占比(%)')).toBe(Math.round((cell('六有团组织') / cell('团组织数')) * 1000) / 10);
    const second = await api.app.request(`/api/campaigns/${campaignId}/tables/2.xlsx?unit=${tree.county}`, { headers: county });
    const sheet2 = new TextDecoder().decode(readZip(new Uint8Array(await second.arrayBuffer())).read('xl/worksheets/sheet1.xml'));
    expect(sheet2).toContain('附件2 基层团组织整顿情况统计表');
    expect(sheet2).toContain('合计 (1)');
    // Each share of the totals line is a figure (工作手册使用率, 五个一完成率, 月报按时率), not blank.
    const totals2 = /<row r="\d+">(?:(?!<\/row>).)*合计 \(1\)(?:(?!<\/row>).)*<\/row>/.exec(sheet2)![0];
    expect(totals2.match(/<v>/g)!.length).toBe(table2Columns.length - 3);
    expect(sheet2).not.toContain('河口镇团委');
    expect((await api.app.request(`/api/campaigns/${campaignId}/tables/2.xlsx?unit=${tree.otherCounty}`, { headers: county })).status).toBe(403);
    expect((await api.app.request(`/api/campaigns/${campaignId}/tables/3.xlsx`, { headers: city })).status).toBe(403);
  });
});
