/** A province's tree imported through the API, as a manager would: dry run, then the import. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../api/app.ts';
import { loadConfig } from '../runtime/config.ts';
import { startRuntime } from '../runtime/start.ts';
import { toCsv } from '../api/tables/index.ts';
import { uuidv7 } from '../events/ids.ts';
import { provinceRows } from './province.ts';

export async function benchImport(progress: (text: string) => void) {
  const dataDir = mkdtempSync(join(tmpdir(), 'lp-bench-import-'));
  const runtime = await startRuntime(loadConfig({ DATA_DIR: dataDir, READ_YOUR_WRITES_TIMEOUT_MS: '60000', LOG_LEVEL: 'warn' }));
  const app = createApp(runtime);
  const setup = (await (
    await app.request('/api/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ submissionId: uuidv7(), loginName: 'admin', displayName: 'bench', password: 'bench password 123' }),
    })
  ).json()) as { session: { token: string } };
  const headers = { authorization: `Bearer ${setup.session.token}` };
  const rows = provinceRows();
  const file = toCsv(rows);
  const upload = (dryRun: boolean) => {
    const form = new FormData();
    form.set('file', new File([file], 'province.csv'));
    form.set('dryRun', String(dryRun));
    return app.request('/api/imports', { method: 'POST', body: form, headers });
  };
  let start = performance.now();
  const dry = (await (await upload(true)).json()) as { errors: unknown[] };
  const dryRunMs = performance.now() - start;
  if (dry.errors.length) throw new Error(`the synthetic province has errors: ${JSON.stringify(dry.errors.slice(0, 3))}`);
  start = performance.now();
  const { job } = (await (await upload(false)).json()) as { job: { id: string } };
  let state: { status: string; done: number; total: number; position: string | null };
  for (;;) {
    state = ((await (await app.request(`/api/imports/${job.id}`, { headers })).json()) as { job: typeof state }).job;
    progress(`import ${state.done}/${state.total}`);
    if (state.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const importMs = performance.now() - start;
  await runtime.runner.waitFor(BigInt(state.position!), 120_000);
  const foldedMs = performance.now() - start;
  start = performance.now();
  const again = (await (await upload(true)).json()) as { summary: { unchanged: number } };
  const rerunMs = performance.now() - start;
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { rows: rows.length - 1, dryRunMs, importMs, foldedMs, unchangedOnRerun: again.summary.unchanged, rerunDryRunMs: rerunMs, status: state.status };
}
