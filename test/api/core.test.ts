/** The spine through the API: receipts, idempotent submissions, field errors, read-your-writes, health. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { projections } from '../../projections/index.ts';
import { buildProvince } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
beforeAll(async () => {
  api = await startTestApi({ READ_YOUR_WRITES_TIMEOUT_MS: '200' });
  tree = await buildProvince(api);
});
afterAll(() => api.close());

const organisation = (overrides: Record<string, unknown> = {}) => ({
  submissionId: uuidv7(),
  kind: 'organisation',
  parentId: tree.township,
  name: '西村团支部',
  organisation: { field: 'village', buildingMode: 'independent' },
  ...overrides,
});
const open = (body: unknown, headers: Record<string, string> = {}) => send(api.app, '/api/units', json(body, { ...tree.admin, ...headers }));

describe('commands and queries through the API', () => {
  it('a command answers 201 with a receipt; the event carries its metadata', async () => {
    const body = organisation({ on: '2026-05-04' });
    const { status, body: receipt } = await open(body, { 'x-correlation-id': 'corr-1' });
    expect(status).toBe(201);
    // The unit's id and the event's are derived from the account and the submission id (a submission
    // id chosen to match something outside one's scope never meets it).
    expect(receipt).toMatchObject({ streamName: `unit-${receipt.unitId}`, revision: '0', duplicate: false });
    expect(receipt.unitId).not.toBe(body.submissionId);
    const [event] = await api.runtime.store.readStream(receipt.streamName);
    expect(event!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event!.metadata).toMatchObject({
      correlationId: 'corr-1',
      clientSubmissionId: body.submissionId,
      causationId: body.submissionId,
      schemaVersion: 3,
      clientTime: null,
    });
    // Stamped by the runtime's clock, with the fingerprint of the request it came from.
    expect(event!.metadata).toMatchObject({ serverTime: api.clock.now().toISOString(), requestHash: expect.stringMatching(/^[\w-]{43}$/) });
    expect((event!.metadata as { actor: string }).actor).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the same submission sent again returns the original receipt and writes nothing', async () => {
    const body = organisation({ name: '重复提交团支部' });
    const first = await open(body);
    const before = await api.runtime.store.lastPosition();
    const again = await open(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    expect(await api.runtime.store.lastPosition()).toBe(before);
  });

  it('ten concurrent copies of one submission write it once', async () => {
    const body = organisation({ name: '并发团支部' });
    const receipts = await Promise.all(Array.from({ length: 10 }, () => open(body)));
    expect(new Set(receipts.map((r) => r.body.position)).size).toBe(1);
    const page = await send(api.app, `/api/units/${tree.township}?after=${receipts[0]!.body.position}`, { headers: tree.admin });
    expect(page.body.children.filter((c: { name: string }) => c.name === '并发团支部')).toHaveLength(1);
  });

  it('bad input: 400 problem details naming each bad field in Chinese, and nothing appended', async () => {
    const before = await api.runtime.store.lastPosition();
    const { status, headers, body } = await open({
      submissionId: 'not-a-uuid',
      kind: 'organisation',
      parentId: tree.township,
      name: '  ',
      organisation: { field: 'moon' },
    });
    expect(status).toBe(400);
    expect(headers.get('content-type')).toContain('application/problem+json');
    expect(body).toMatchObject({ status: 400, title: '提交的内容有误,请按提示修改' });
    expect(Object.fromEntries(body.errors.map((e: { field: string; message: string }) => [e.field, e.message]))).toEqual({
      submissionId: '提交编号格式不正确',
      name: '请填写名称',
      'organisation.field': '请从列表中选择所在领域',
      'organisation.buildingMode': '请从列表中选择建团模式',
    });
    expect(await api.runtime.store.lastPosition()).toBe(before);
  });

  it('answers in English when the caller prefers it', async () => {
    const { body } = await open(organisation({ name: 'x'.repeat(61) }), { 'accept-language': 'en-GB,en;q=0.9' });
    expect(body.errors).toEqual([{ field: 'name', code: 'tooLong', message: 'Name must be at most 60 characters' }]);
  });

  it('a body that is not JSON is a 400, not a 500', async () => {
    const { status, body } = await send(api.app, '/api/units', json('{"name": ', tree.admin));
    expect(status).toBe(400);
    expect(body.title).toMatch(/请求无法处理.*Malformed JSON/);
  });

  it('a number where a number belongs: wrong type and below the minimum are told apart from missing', async () => {
    const { body } = await open({
      submissionId: uuidv7(),
      kind: 'township',
      parentId: tree.county,
      name: '数字镇',
      township: { population: '三万', committeeMembers: -1, annualFunding: null },
    });
    expect(body.errors).toEqual([
      { field: 'township.population', code: 'invalidFormat', message: '乡镇人口格式不正确' },
      { field: 'township.committeeMembers', code: 'tooSmall', message: '团委委员数不能小于 0' },
    ]);
  });

  it('a code already used by another unit is refused beside the code field', async () => {
    const { status, body } = await open(organisation({ code: 'O01' }));
    expect(status).toBe(409);
    expect(body.errors).toEqual([{ field: 'code', code: 'codeTaken', message: '该编码已被其他组织使用' }]);
  });

  it('?after beyond the log answers 503 with a clear message once the wait times out', async () => {
    const { status, body } = await send(api.app, `/api/units/${tree.township}?after=999999999`, { headers: tree.admin });
    expect(status).toBe(503);
    expect(body.detail).toContain('did not reach log position 999999999 within 200 ms');
  });

  it('?after that is not a position is a 400 naming the parameter', async () => {
    const { status, body } = await send(api.app, `/api/units/${tree.township}?after=soon`, { headers: tree.admin });
    expect(status).toBe(400);
    expect(body.errors[0].field).toBe('after');
  });

  it('GET /api/health reports the store kind, the last log position and each projection position and lag', async () => {
    const { body: receipt } = await open(organisation({ name: '健康检查团支部' }));
    await api.runtime.runner.waitFor(BigInt(receipt.position), 1000);
    // The public sees only whether the service is well; an administrator sees why.
    expect((await send(api.app, '/api/health')).body).toEqual({ status: 'ok' });
    const { body: health } = await send(api.app, '/api/health', { headers: tree.admin });
    expect(health).toMatchObject({ status: 'ok', store: 'sqlite', lastPosition: receipt.position });
    expect(health.projections).toEqual(
      projections.map(({ name, version }) => ({ name, version, position: receipt.position, lag: '0', caughtUp: true, error: null })),
    );
  });
});
