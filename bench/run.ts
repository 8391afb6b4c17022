/**
 * `npm run bench`: measures what the README claims, side by side, and writes bench/RESULTS.md.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchAppends } from './appends.ts';
import { benchDashboards } from './dashboards.ts';
import { benchImport } from './import.ts';

const log = (text: string) => process.stderr.write(`\r${text.padEnd(60)}`);
log('appends…');
const appends = await benchAppends();
log('province import…');
const imported = await benchImport(log);
const dashboards = await benchDashboards(log);
process.stderr.write('\n');

const f = (n: number) => Math.round(n).toLocaleString('en');
const report = `# Benchmark results

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
Re-run with \`npm run bench\`.

## Appends (embedded store, WAL, synchronous=FULL, every append durable before it is acknowledged)

| what | events/s | ratio to the limit |
| --- | ---: | ---: |
| raw node:sqlite inserts, 1,000 per transaction (the limit) | ${f(appends.rawBatched!)} | 1.00 |
| our store: 64 concurrent callers, single awaited appends (group commit) | ${f(appends.store64Callers!)} | ${(appends.store64Callers! / appends.rawBatched!).toFixed(2)} |
| raw node:sqlite inserts, one transaction (one fsync) each | ${f(appends.rawOneByOne!)} | ${(appends.rawOneByOne! / appends.rawBatched!).toFixed(2)} |

## Importing a province's tree through the API (${f(imported.rows)} rows: cities, counties, townships, organisations)

| step | time |
| --- | ---: |
| dry run (parse, validate against the tree and scope) | ${f(imported.dryRunMs)} ms |
| import (every row a command: read stream, decide, append) | ${f(imported.importMs)} ms (${f(imported.rows / (imported.importMs / 1000))} rows/s) |
| … and folded into the tree projection | ${f(imported.foldedMs)} ms |
| dry run of the same file again (${f(imported.unchangedOnRerun)} rows unchanged) | ${f(imported.rerunDryRunMs)} ms |

## Dashboard queries (${f(dashboards.organisations)} organisations, ${f(dashboards.reports)} reports for the month; one client, in-process \`app.request\`)

| query | p50 | p99 |
| --- | ---: | ---: |
${Object.entries(dashboards.results).map(([name, r]) => `| ${name} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms |`).join('\n')}

These are computed on request from the tree as it stood at the month's end; health looks back three
months for each branch and over six months for the trend. Issue 7's target (p99 < 20 ms under 50
concurrent clients) needs these kept as incrementally maintained aggregates.
`;
writeFileSync(new URL('./RESULTS.md', import.meta.url), report);
console.log(report);
