/**
 * Field attachments through the API: PUT /api/attachments/:sha256 (idempotent by content, the
 * hash and the type checked from the bytes, the size before the body is read), visits and
 * reports naming their files, and GET /api/attachments/:sha256 for whoever may read one of them.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../api/attachments/store.ts';
import { parseTable } from '../../api/tables/index.ts';
import { uuidv7 } from '../../events/ids.ts';
import { buildProvince, inviteUser, type Auth } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';
import { described, png, sha256 } from './images.ts';
import { fullReport } from './reportFixtures.ts';
import { visit } from './researchFixtures.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let researcher: Auth;
let outsider: Auth;
let countyManager: Auth;
let otherManager: Auth;
let secretary: Auth;
let otherSecretary: Auth;
let teamId = '';
const photo = png(64, 48, [200, 40, 40]);
const second = png(64, 48, [40, 120, 200]);

beforeAll(async () => {
  api = await startTestApi();
  tree = await buildProvince(api);
  researcher = await inviteUser(api, tree.admin, 'researcher1', 'researcher', [tree.county]);
  outsider = await inviteUser(api, tree.admin, 'researcher2', 'researcher', [tree.otherCounty]);
  countyManager = await inviteUser(api, tree.admin, 'county1', 'manager', [tree.county]);
  otherManager = await inviteUser(api, tree.admin, 'county2', 'manager', [tree.otherCounty]);
  secretary = await inviteUser(api, tree.admin, 'secretary1', 'secretary', [tree.branch]);
  otherSecretary = await inviteUser(api, tree.admin, 'secretary2', 'secretary', [tree.otherBranch]);
  const users = await send(api.app, '/api/users', { headers: tree.admin });
  const researcherId = users.body.users.find((u: { loginName: string }) => u.loginName === 'researcher1').userId;
  const round = await send(
    api.app,
    `/api/units/${tree.county}/research-rounds`,
    json({ submissionId: uuidv7(), name: '县调研', startsOn: '2026-07-01', endsOn: '2026-07-15' }, tree.admin),
  );
  teamId = (
    await send(
      api.app,
      `/api/research-rounds/${round.body.roundId}/teams`,
      json({ submissionId: uuidv7(), name: '一组', memberIds: [researcherId], regionIds: [tree.township] }, tree.admin),
    )
  ).body.teamId;
});
afterAll(() => api.close());

const put = (bytes: Uint8Array<ArrayBuffer>, auth: Auth | Record<string, never>, address = sha256(bytes), query = '') =>
  send(api.app, `/api/attachments/${address}${query}`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: bytes });
const kept = () => readdirSync(join(api.dataDir, 'attachments'), { recursive: true }).filter((name) => /[0-9a-f]{64}$/.test(String(name)));
const read = (sha: string, auth: Auth) => api.app.request(`/api/attachments/${sha}`, { headers: auth });

describe('PUT /api/attachments/:sha256', () => {
  it('keeps a file under its hash, with the type its bytes show; a repeat answers 200 and writes nothing', async () => {
    const first = await put(photo, researcher);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ sha256: sha256(photo), type: 'image/png', size: photo.byteLength });
    const files = kept();
    const again = await put(photo, secretary);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(kept()).toEqual(files);
  });

  it('refuses bytes that are not the content their address names', async () => {
    const refused = await put(
      second,
      researcher,
      sha256(photo).replace(/^./, (c) => (c === '0' ? '1' : '0')),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'sha256', code: 'hashMismatch' });
    expect((await put(second, researcher, 'not-a-hash')).status).toBe(400);
  });

  it('judges the type by the bytes, not by the name or the declared type', async () => {
    const page = new Uint8Array(Buffer.from('\u0000\u0001<html><script>alert(1)</script>'));
    const disguised = await send(api.app, `/api/attachments/${sha256(page)}?name=photo.png`, {
      method: 'PUT',
      headers: { ...researcher, 'content-type': 'image/png' },
      body: page,
    });
    expect(disguised.status).toBe(400);
    expect(disguised.body.errors[0]).toMatchObject({ code: 'fileType' });
    // A real picture under a misleading name is what its bytes say.
    const picture = png(10, 10, [1, 2, 3]);
    const misnamed = await put(picture, researcher, sha256(picture), '?name=notes.txt');
    expect(misnamed.status).toBe(201);
    expect(misnamed.body.type).toBe('image/png');
  });

  it('refuses a file over the limit before reading it (by its declared length), and while reading when the length is not declared', async () => {
    let pulled = 0;
    const endless = (limit: number) =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled >= limit) return controller.close();
          pulled += 64 * 1024;
          controller.enqueue(new Uint8Array(64 * 1024));
        },
      });
    const declared = await api.app.request(`/api/attachments/${'a'.repeat(64)}`, {
      method: 'PUT',
      headers: { ...researcher, 'content-length': String(MAX_ATTACHMENT_BYTES + 1) },
      body: endless(MAX_ATTACHMENT_BYTES + 1),
      duplex: 'half',
    } as RequestInit);
    expect(declared.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(2 * 64 * 1024); // at most what a stream buffers ahead, never the body
    pulled = 0;
    const undeclared = await api.app.request(`/api/attachments/${'b'.repeat(64)}`, {
      method: 'PUT',
      headers: researcher,
      body: endless(MAX_ATTACHMENT_BYTES * 2),
      duplex: 'half',
    } as RequestInit);
    expect(undeclared.status).toBe(413);
    expect(pulled).toBeLessThan(MAX_ATTACHMENT_BYTES + 4 * 64 * 1024); // stopped just past the limit
  });

  it('takes uploads only from someone signed in', async () => {
    expect((await put(photo, {})).status).toBe(401);
  });
});

describe('a visit and a report with photos', () => {
  it('a visit names its uploaded photos; the board lists them; its team and the region’s manager read them, others read "not found"', async () => {
    await put(second, researcher);
    const files = [described(photo, '座谈会.png'), described(second, '合影.png')];
    const recorded = await send(
      api.app,
      `/api/research-teams/${teamId}/visits`,
      json({ submissionId: uuidv7(), ...visit(tree.township, 'youthForum'), attachments: files }, researcher),
    );
    expect(recorded.status).toBe(201);
    const board = await send(api.app, `/api/research-teams/${teamId}?after=${recorded.body.position}`, { headers: countyManager });
    const cell = board.body.board[0].items.find((item: { item: string }) => item.item === 'youthForum');
    expect(cell.records[0].attachments).toEqual(files);

    for (const reader of [researcher, countyManager, tree.admin]) {
      const answer = await read(sha256(photo), reader);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('image/png');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(new Uint8Array(await answer.arrayBuffer())).toEqual(photo);
    }
    // Outside the scope answers exactly as a file that does not exist (or that no record names).
    const hidden = await read(sha256(photo), otherManager);
    const missing = await read('c'.repeat(64), otherManager);
    const unnamed = await read(sha256(png(10, 10, [1, 2, 3])), researcher);
    expect(hidden.status).toBe(403);
    expect([missing.status, unnamed.status]).toEqual([403, 403]);
    expect(await hidden.json()).toEqual(await missing.json());
    expect((await read(sha256(photo), outsider)).status).toBe(403);

    // The findings export links the photos, one a line, under the site's address.
    const exported = await api.app.request('/api/findings/export?format=csv', { headers: countyManager });
    const rows = parseTable('findings.csv', new Uint8Array(await exported.arrayBuffer())).rows;
    const links = rows.map((row) => row.cells['照片与附件(链接)']).filter(Boolean);
    expect(links).toEqual([files.map((file) => `http://localhost/api/attachments/${file.sha256}`).join('\n')]);
  });

  it('a visit naming a file the server does not hold is refused, and nothing is written', async () => {
    const before = await api.runtime.store.lastPosition();
    const unknown = { ...described(png(5, 5, [9, 9, 9]), '没传.png') };
    const refused = await send(
      api.app,
      `/api/research-teams/${teamId}/visits`,
      json({ submissionId: uuidv7(), ...visit(tree.township, 'leaderTalk'), attachments: [unknown] }, researcher),
    );
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0]).toMatchObject({ field: 'attachments.0', code: 'attachmentMissing' });
    // A file named as another type than its bytes show is refused too.
    const mislabelled = await send(
      api.app,
      `/api/research-teams/${teamId}/visits`,
      json({ submissionId: uuidv7(), ...visit(tree.township, 'leaderTalk'), attachments: [{ ...described(photo, 'a.jpg'), type: 'image/jpeg' }] }, researcher),
    );
    expect(mislabelled.body.errors[0]).toMatchObject({ field: 'attachments.0', code: 'attachmentType' });
    expect(await api.runtime.store.lastPosition()).toBe(before);
  });

  it('a monthly report carries a photo: its history shows it, the branch and its township read it, another branch does not', async () => {
    const activity = png(80, 60, [30, 160, 60]);
    expect((await put(activity, secretary)).status).toBe(201);
    const file = described(activity, '活动照片.png');
    const submitted = await send(
      api.app,
      `/api/units/${tree.branch}/reports`,
      json({ submissionId: uuidv7(), month: '2026-06', report: fullReport('2026-06'), attachments: [file] }, secretary),
    );
    expect(submitted.status).toBe(201);
    const history = await send(api.app, `/api/units/${tree.branch}/reports?after=${submitted.body.position}`, { headers: countyManager });
    expect(history.body.months[0]).toMatchObject({ month: '2026-06', attachments: [file] });
    const versions = await send(api.app, `/api/units/${tree.branch}/reports/2026-06/versions`, { headers: secretary });
    expect(versions.body.versions[0].attachments).toEqual([file]);
    expect((await read(file.sha256, secretary)).status).toBe(200);
    expect((await read(file.sha256, countyManager)).status).toBe(200);
    expect((await read(file.sha256, otherSecretary)).status).toBe(403);
    expect((await read(file.sha256, outsider)).status).toBe(403);
    // A report without files reads as before: no files.
    const plain = await send(
      api.app,
      `/api/units/${tree.branch}/reports`,
      json({ submissionId: uuidv7(), month: '2026-05', report: fullReport('2026-05') }, secretary),
    );
    const months = await send(api.app, `/api/units/${tree.branch}/reports?after=${plain.body.position}`, { headers: secretary });
    expect(months.body.months.find((m: { month: string }) => m.month === '2026-05').attachments).toEqual([]);
  });
});
