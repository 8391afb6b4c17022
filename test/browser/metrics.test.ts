/**
 * Metrics and the correlation id through the one server `npm start` runs: Prometheus scrapes
 * /metrics (the API's /api/metrics) with the scrape token or an administrator's token, no one else;
 * an API answer echoes the caller's correlation id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { startApp } from './harness.ts';

const METRICS_TOKEN = 'a-scrape-token-of-thirty-characters';
let app: Awaited<ReturnType<typeof startApp>>;
beforeAll(async () => {
  app = await startApp({ env: { METRICS_TOKEN } });
});
afterAll(async () => {
  await app?.stop();
});

describe('/metrics on the web server', () => {
  it('answers the scrape token and an administrator in Prometheus format, with each projection’s lag; anyone else 401', async () => {
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    const scraped = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await scraped.text()).toContain('league_pulse_projection_lag_events{projection="organisationTree"} 0');

    const setup = await fetch(`${app.url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId: uuidv7(), loginName: 'admin', displayName: '管理员', password: 'correct horse battery' }),
    });
    const { session } = (await setup.json()) as { session: { token: string } };
    const asAdmin = await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${session.token}` } });
    expect(asAdmin.status).toBe(200);
    expect(await asAdmin.text()).toMatch(/league_pulse_http_requests_total\{method="POST",route="\/api\/setup",status="201"\} 1/);
  });

  it('echoes the caller’s correlation id on an API answer', async () => {
    const answer = await fetch(`${app.url}/api/health`, { headers: { 'x-correlation-id': 'scrape-check-42' } });
    expect(answer.headers.get('x-correlation-id')).toBe('scrape-check-42');
  });
});
