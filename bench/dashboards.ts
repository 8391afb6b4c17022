/**
 * Dashboard queries at province scale: a province's tree (~48,500 organisations) with one
 * month of reports from 90 % of them, then the month view, youth needs and branch health
 * asked for a township, a county and the province, through the API (app.request).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../api/app.ts';
import { loadConfig } from '../api/config.ts';
import { reportingMonth } from '../api/reports/routes.ts';
import { startRuntime } from '../api/runtime.ts';
import { toCsv } from '../api/tables/index.ts';
import { encode } from '../events/catalog/index.ts';
import { uuidv7 } from '../events/ids.ts';
import type { OrganisationTreeState } from '../projections/organisationTree.ts';
import { fullReport } from '../test/api/reportFixtures.ts';
import { provinceRows } from './province.ts';

export async function benchDashboards(progress: (text: string) => void) {
  const runtime = await startRuntime(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'lp-bench-dash-')), READ_YOUR_WRITES_TIMEOUT_MS: '60000' }), { log: () => {} });
  const app = createApp(runtime);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const setup = await (await post('/api/setup', { submissionId: uuidv7(), loginName: 'admin', displayName: 'bench', password: 'bench password 123' })).json() as { session: { token: string } };
  const headers = { authorization: `Bearer ${setup.session.token}` };
  const form = new FormData();
  form.set('file', new File([toCsv(provinceRows())], 'province.csv'));
  form.set('dryRun', 'false');
  const { job } = await (await app.request('/api/imports', { method: 'POST', body: form, headers })).json() as { job: { id: string } };
  for (;;) {
    const state = (await (await app.request(`/api/imports/${job.id}`, { headers })).json() as { job: { status: string; done: number; total: number } }).job;
    progress(`dashboards: importing ${state.done}/${state.total}`);
    if (state.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const month = reportingMonth();
  const tree = () => runtime.runner.state<OrganisationTreeState>('organisationTree');
  await runtime.runner.waitFor((await runtime.store.lastPosition())!, 120_000);
  const organisations = [...tree().units.values()].filter((unit) => unit.kind === 'organisation');
  const metadata = { actor: 'bench', correlationId: 'bench', causationId: 'bench', clientSubmissionId: 'bench', clientTime: null, serverTime: new Date().toISOString() };
  // Reports written straight to the store (the HTTP path is measured elsewhere), 256 at a time.
  let written = 0;
  const reporting = organisations.filter((_, i) => i % 10 !== 0);
  for (let i = 0; i < reporting.length; i += 256) {
    await Promise.all(reporting.slice(i, i + 256).map((unit) => {
      const reportId = uuidv7();
      const event = encode({ type: 'MonthlyReportSubmitted', data: { reportId, unitId: unit.id, month, report: fullReport(month), supersedes: null, submittedAt: metadata.serverTime } }, reportId, { ...metadata, clientSubmissionId: reportId });
      return runtime.store.append(`report-${unit.id}-${month}`, [event], { expectedRevision: 'no_stream' });
    }));
    written += Math.min(256, reporting.length - i);
    progress(`dashboards: reports ${written}/${reporting.length}`);
  }
  await runtime.runner.waitFor((await runtime.store.lastPosition())!, 120_000);
  const byKind = (kind: string) => [...tree().units.values()].find((unit) => unit.kind === kind)!.id;
  const targets = { township: byKind('township'), county: byKind('county'), province: byKind('province') };
  const time = async (path: string, runs: number) => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const response = await app.request(path, { headers });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    return { p50: samples[Math.floor(runs / 2)]!, p99: samples[Math.min(runs - 1, Math.floor(runs * 0.99))]! };
  };
  const results: Record<string, { p50: number; p99: number }> = {};
  for (const [level, id] of Object.entries(targets)) {
    const runs = level === 'province' ? 5 : 30;
    for (const view of ['reporting', 'needs', 'health']) {
      progress(`dashboards: ${level} ${view}`);
      results[`${level} ${view}`] = await time(`/api/units/${id}/${view}?month=${month}`, runs);
    }
  }
  await runtime.close();
  return { organisations: organisations.length, reports: reporting.length, results };
}
