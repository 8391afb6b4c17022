/**
 * `node bench/bulkInvite.ts [--quick]`: a province's tree imported through the API, then one
 * secretary invited for each of its organisations from one sheet (批量邀请): the dry run's and
 * the invitations' times, the longest the event loop was held meanwhile, and peak RSS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../api/app.ts';
import { loadConfig } from '../runtime/config.ts';
import { startRuntime } from '../runtime/start.ts';
import { toCsv } from '../api/tables/index.ts';
import { uuidv7 } from '../events/ids.ts';
import { provinceRows } from './province.ts';

const quick = process.argv.includes('--quick');
const medium = process.argv.includes('--medium');
const dataDir = mkdtempSync(join(tmpdir(), 'lp-bench-invite-'));
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
const send = (path: string, file: string, dryRun: boolean) => {
  const form = new FormData();
  form.set('file', new File([file], 'sheet.csv'));
  form.set('dryRun', String(dryRun));
  return app.request(path, { method: 'POST', body: form, headers });
};
async function finished(path: string) {
  for (;;) {
    const { job } = (await (await app.request(path, { headers })).json()) as { job: { status: string; done: number; total: number; position: string | null } };
    process.stderr.write(`\r${path} ${job.done}/${job.total}   `);
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const tree = provinceRows(
  quick
    ? { cities: 2, countiesPerCity: 2, townshipsPerCounty: 5, organisationsPerTownship: 33 }
    : medium
      ? { cities: 2, countiesPerCity: 4, townshipsPerCounty: 10, organisationsPerTownship: 33 }
      : undefined,
);
// The tree import's own longest hold of the event loop, to compare the invitations' with.
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const started = (await (await send('/api/imports', toCsv(tree), false)).json()) as { job: { id: string } };
const imported = await finished(`/api/imports/${started.job.id}`);
await runtime.runner.waitFor(BigInt(imported.position!), 600_000);
const importMaxDelayMs = delay.max / 1e6;
delay.reset();

const organisations = tree.slice(1).filter((row) => row[2] === '团组织');
const sheet = toCsv([
  ['组织编码', '姓名', '角色', '手机号'],
  ...organisations.map((row, i) => [row[0]!, `书记${i + 1}`, '团支部书记', `139${String(i).padStart(8, '0')}`]),
]);
let start = performance.now();
const dry = (await (await send('/api/bulk-invitations', sheet, true)).json()) as { summary: Record<string, number>; errorCount: number };
const dryRunMs = performance.now() - start;
const dryRunMaxDelayMs = delay.max / 1e6;
delay.reset();
start = performance.now();
const run = (await (await send('/api/bulk-invitations', sheet, false)).json()) as { job: { id: string } };
const job = await finished(`/api/bulk-invitations/${run.job.id}`);
const inviteMs = performance.now() - start;
const inviteMaxDelayMs = delay.max / 1e6;
delay.disable();
start = performance.now();
const again = (await (await send('/api/bulk-invitations', sheet, true)).json()) as { summary: Record<string, number> };
const rerunMs = performance.now() - start;
console.log(
  JSON.stringify({
    rows: organisations.length,
    treeImportMaxEventLoopDelayMs: Math.round(importMaxDelayMs),
    dryRun: dry.summary,
    errors: dry.errorCount,
    dryRunMs: Math.round(dryRunMs),
    dryRunMaxEventLoopDelayMs: Math.round(dryRunMaxDelayMs),
    invited: job.done,
    status: job.status,
    inviteMs: Math.round(inviteMs),
    inviteMaxEventLoopDelayMs: Math.round(inviteMaxDelayMs),
    rerun: again.summary,
    rerunDryRunMs: Math.round(rerunMs),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
await runtime.close();
rmSync(dataDir, { recursive: true, force: true });
