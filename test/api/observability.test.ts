/**
 * Logs and metrics (api/observability/): a request's correlation id in its answer, its log line
 * and the events it wrote; one log line per request naming the route pattern; GET /api/metrics
 * for an administrator or the scrape token, with each projection's lag and the requests made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { captureLog } from '../logs.ts';
import { buildProvince, inviteUser, type Auth } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';

const SCRAPE_TOKEN = 'scrape-token-for-prometheus-0123456789';
const logged = captureLog('info');
let api: Awaited<ReturnType<typeof startTestApi>>;
let tree: Awaited<ReturnType<typeof buildProvince>>;
let manager: Auth;

beforeAll(async () => {
  api = await startTestApi({ METRICS_TOKEN: SCRAPE_TOKEN }, { logger: logged.logger });
  tree = await buildProvince(api);
  manager = await inviteUser(api, tree.admin, 'county.obs', 'manager', [tree.county]);
});
afterAll(() => api?.close());

const requestLines = () => logged.entries.filter((entry) => entry.msg === 'request');
const scrape = async (headers: Record<string, string>) => {
  const response = await api.app.request('/api/metrics', { headers });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};

describe('correlation id', () => {
  it('is echoed in the answer, carried by the request log line and by every event the request wrote', async () => {
    const correlationId = 'obs-test.correlation:1';
    const before = await api.runtime.store.lastPosition();
    const answer = await api.app.request(
      '/api/units',
      json(
        {
          submissionId: uuidv7(),
          kind: 'organisation',
          parentId: tree.township,
          name: '观测村团支部',
          on: '2026-01-01',
          code: 'O99',
          organisation: { field: 'village', buildingMode: 'independent' },
        },
        { ...tree.admin, 'x-correlation-id': correlationId },
      ),
    );
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-correlation-id')).toBe(correlationId);

    const line = requestLines().find((entry) => entry.correlationId === correlationId);
    expect(line).toMatchObject({ level: 'info', method: 'POST', route: '/api/units', status: 201, actor: expect.any(String), correlationId });
    expect(line!.actor).not.toBe('anonymous');
    expect(typeof line!.durationMs).toBe('number');

    const written = (await api.runtime.store.readAll({ fromPosition: (before ?? -1n) + 1n })).filter((event) => event.position > (before ?? -1n));
    expect(written.length).toBeGreaterThan(0);
    for (const event of written) expect(event.metadata).toMatchObject({ correlationId, actor: line!.actor });
  });

  it('is echoed on an answer a route streams itself (a download)', async () => {
    const answer = await api.app.request(`/api/units/${tree.county}/needs/export?month=2026-06&format=csv`, {
      headers: { ...tree.admin, 'x-correlation-id': 'obs-download' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(answer.headers.get('x-correlation-id')).toBe('obs-download');
    await answer.arrayBuffer();
  });

  it('is made (a UUIDv7) when the caller sends none, or one that does not look like one', async () => {
    for (const headers of [{}, { 'x-correlation-id': 'not one\u0007 of ours' }]) {
      const answer = await api.app.request('/api/health', { headers });
      expect(answer.headers.get('x-correlation-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});

describe('request log', () => {
  it('says the route pattern, never the path with its ids; anonymous for no one; the problem code of a refusal', async () => {
    await send(api.app, `/api/units/${tree.branch}`, { headers: tree.admin });
    await send(api.app, `/api/units/${tree.branch}`, { headers: { 'x-correlation-id': 'obs-anonymous' } });
    await send(api.app, '/api/no-such-route', { headers: { 'x-correlation-id': 'obs-unmatched' } });
    const lines = requestLines();
    expect(lines.find((entry) => entry.route === '/api/units/:id' && entry.status === 200)).toBeDefined();
    expect(lines.find((entry) => entry.correlationId === 'obs-anonymous')).toMatchObject({
      route: '/api/units/:id',
      status: 401,
      actor: 'anonymous',
      problem: 'none',
    });
    expect(lines.find((entry) => entry.correlationId === 'obs-unmatched')).toMatchObject({ route: 'unmatched', status: 404 });
    expect(JSON.stringify(lines)).not.toContain(tree.branch);
  });
});

describe('GET /api/metrics', () => {
  it('answers an administrator in Prometheus format: each projection’s position and lag, requests, appends, refusals, the process', async () => {
    await send(api.app, `/api/units/${tree.county}`, { headers: tree.admin });
    const refused = await send(
      api.app,
      '/api/units',
      json({ submissionId: uuidv7(), kind: 'county', parentId: tree.city, name: '示范县', on: '2026-01-01', code: 'X01' }, tree.admin),
    );
    expect(refused.status).toBe(409);
    // Projections fold after the write; the lag reads 0 once they have caught up.
    await api.runtime.runner.waitFor((await api.runtime.store.lastPosition())!, 5_000);

    const { status, type, text } = await scrape(tree.admin);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    const names = api.runtime.runner.status().map((projection) => projection.name);
    expect(names).toContain('organisationTree');
    for (const name of names) {
      expect(text).toContain(`league_pulse_projection_lag_events{projection="${name}"} 0`);
      expect(text).toMatch(new RegExp(`league_pulse_projection_position\\{projection="${name}"\\} \\d+`));
    }
    expect(text).toMatch(/league_pulse_http_requests_total\{method="GET",route="\/api\/units\/:id",status="200"\} [1-9]/);
    expect(text).toMatch(/league_pulse_http_request_duration_seconds_bucket\{le="\+Inf",method="POST",route="\/api\/units",status="201"\} [1-9]/);
    expect(text).toMatch(/league_pulse_event_appends_total\{outcome="ok"\} [1-9]/);
    expect(text).toMatch(/league_pulse_refusals_total\{status="409",code="codeTaken"\} 1/);
    expect(text).toContain('league_pulse_event_store_up 1');
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds [\d.e-]+/m);
  });

  it('answers Prometheus with the scrape token, and no one else: 401 without sign-in, 403 for anyone but an administrator', async () => {
    expect((await scrape({ authorization: `Bearer ${SCRAPE_TOKEN}` })).status).toBe(200);
    expect((await scrape({})).status).toBe(401);
    expect((await scrape({ authorization: 'Bearer not-the-scrape-token' })).status).toBe(401);
    expect((await scrape(manager)).status).toBe(403);
  });

  it('counts import jobs: started, finished by outcome, and running now', async () => {
    const form = new FormData();
    form.set('file', new File(['编码,名称,层级,上级编码,领域,建团模式\nO77,导入团支部O77,团组织,T01,企业,联合建团\n'], 'tree.csv'));
    form.set('dryRun', 'false');
    const started = await send(api.app, '/api/imports', { method: 'POST', body: form, headers: tree.admin });
    expect(started.status).toBe(202);
    await expect.poll(async () => (await send(api.app, `/api/imports/${started.body.job.id}`, { headers: tree.admin })).body.job.status).toBe('done');
    const { text } = await scrape(tree.admin);
    expect(text).toContain('league_pulse_import_jobs_started_total{kind="units"} 1');
    expect(text).toContain('league_pulse_import_jobs_finished_total{kind="units",outcome="done"} 1');
    expect(text).toContain('league_pulse_import_jobs_running{kind="units"} 0');
    expect(logged.entries.find((entry) => entry.msg === 'units import done')).toMatchObject({
      jobId: started.body.job.id,
      fileName: 'tree.csv',
      done: 1,
      total: 1,
    });
  });

  it('counts requests of this runtime only: a second app in the same process starts from nothing', async () => {
    const other = await startTestApi();
    try {
      const text = await other.runtime.metrics.scrape();
      expect(text).not.toContain('route="/api/units/:id"');
      expect(text).toContain('league_pulse_projection_lag_events{projection="organisationTree"} 0');
    } finally {
      await other.close();
    }
  });
});
