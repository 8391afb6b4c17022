import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { json, send, startTestApi } from './harness.ts';

let api: Awaited<ReturnType<typeof startTestApi>>;
beforeAll(async () => { api = await startTestApi({ READ_YOUR_WRITES_TIMEOUT_MS: '200' }); });
afterAll(() => api.close());

const branch = (overrides: Record<string, unknown> = {}) => ({
  submissionId: uuidv7(), name: '西村团支部', township: '城关镇团委', field: 'village', buildingMode: 'independent', ...overrides,
});
const township = (name: string, after?: string) => `/api/townships/${encodeURIComponent(name)}/branches${after ? `?after=${after}` : ''}`;
const register = (body: unknown, headers?: Record<string, string>) => send(api.app, '/api/branches', json(body, headers));

describe('POST /api/branches', () => {
  it('registers a branch: 201 with a receipt whose position the township list can wait for', async () => {
    const body = branch({ township: '安平镇团委', clientTime: '2026-11-22T09:30:00+08:00' });
    const { status, body: receipt } = await register(body);
    expect(status).toBe(201);
    expect(receipt).toMatchObject({ branchId: body.submissionId, streamName: `branch-${body.submissionId}`, revision: '0', duplicate: false });
    expect(receipt.position).toMatch(/^\d+$/);

    const list = await send(api.app, township('安平镇团委', receipt.position));
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      township: '安平镇团委',
      branches: [expect.objectContaining({ branchId: body.submissionId, name: '西村团支部', field: 'village', buildingMode: 'independent' })],
    });
    const [event] = await api.runtime.store.readStream(receipt.streamName);
    expect(event!.metadata).toMatchObject({ actor: 'anonymous', clientSubmissionId: body.submissionId, causationId: body.submissionId, clientTime: '2026-11-22T09:30:00+08:00', schemaVersion: 2 });
  });

  it('the same submission sent again returns the original receipt and writes nothing', async () => {
    const body = branch();
    const first = await register(body);
    const before = await api.runtime.store.lastPosition();
    const again = await register(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    expect(await api.runtime.store.lastPosition()).toBe(before);
  });

  it('ten concurrent copies of one submission write it once', async () => {
    const body = branch({ township: '并发镇团委' });
    const receipts = await Promise.all(Array.from({ length: 10 }, () => register(body)));
    expect(new Set(receipts.map((r) => r.body.position)).size).toBe(1);
    const list = await send(api.app, township('并发镇团委', receipts[0]!.body.position));
    expect(list.body.branches).toHaveLength(1);
  });

  it('bad input: 400 problem details naming each bad field in Chinese, and nothing appended', async () => {
    const before = await api.runtime.store.lastPosition();
    const { status, headers, body: problem } = await register({ submissionId: 'not-a-uuid', name: '  ', township: '城关镇团委', field: 'moon' });
    expect(status).toBe(400);
    expect(headers.get('content-type')).toContain('application/problem+json');
    expect(problem).toMatchObject({ status: 400, title: '提交的内容有误,请按提示修改' });
    const byField = Object.fromEntries(problem.errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    expect(byField).toEqual({
      submissionId: '提交编号格式不正确',
      name: '请填写团组织名称',
      field: '请从列表中选择所在领域',
      buildingMode: '请从列表中选择建团模式',
    });
    expect(await api.runtime.store.lastPosition()).toBe(before);
  });

  it('answers in English when the caller prefers it', async () => {
    const { body: problem } = await register(branch({ name: 'x'.repeat(61) }), { 'accept-language': 'en-GB,en;q=0.9' });
    expect(problem.errors).toEqual([{ field: 'name', code: 'tooLong', message: 'Organisation name must be at most 60 characters' }]);
  });

  it('a body that is not JSON is a 400, not a 500', async () => {
    const { status, body } = await register('{"name": ');
    expect(status).toBe(400);
    expect(body.title).toMatch(/Malformed JSON/);
  });
});

describe('queries', () => {
  it('GET /api/townships lists townships with their number of organisations', async () => {
    const { body: receipt } = await register(branch({ township: '计数镇团委' }));
    const { body: second } = await register(branch({ township: '计数镇团委', name: '东村团支部' }));
    expect(BigInt(second.position)).toBeGreaterThan(BigInt(receipt.position));
    const { body } = await send(api.app, `/api/townships?after=${second.position}`);
    expect(body.townships).toContainEqual({ township: '计数镇团委', branches: 2 });
  });

  it('?after beyond the log answers 503 with a clear message once the wait times out', async () => {
    const { status, body: problem } = await send(api.app, township('城关镇团委', '999999999'));
    expect(status).toBe(503);
    expect(problem.detail).toContain('did not reach log position 999999999 within 200 ms');
  });

  it('?after that is not a position is a 400', async () => {
    const { status, body } = await send(api.app, township('城关镇团委', 'soon'));
    expect(status).toBe(400);
    expect(body.errors[0].field).toBe('after');
  });
});

describe('GET /api/health', () => {
  it('reports the store kind, the last log position and each projection position and lag', async () => {
    const { body: receipt } = await register(branch());
    await api.runtime.runner.waitFor(BigInt(receipt.position), 1000);
    const { body: health } = await send(api.app, '/api/health');
    expect(health).toEqual({
      status: 'ok',
      store: 'sqlite',
      lastPosition: receipt.position,
      projections: [{ name: 'townshipBranches', version: 1, position: receipt.position, lag: '0', caughtUp: true, error: null }],
    });
  });
});
