/**
 * SIGKILL under load: the API runs as a child process (`node runtime/apiServer.ts`) on a fresh data
 * folder; 2,000 monthly reports are submitted concurrently, each with its own submission id,
 * by clients that retry the same body on a network error or a 5xx. After about 500
 * acknowledgements the server is killed with SIGKILL and started again on the same folder.
 * Afterwards every acknowledged submission is in the log exactly once, no submission id
 * appears twice, and every projection of the restarted server (its tables, as it saved them
 * on a clean stop) equals a rebuild from position 0.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../api/tables/index.ts';
import { eventId } from '../../api/commands.ts';
import { uuidv7 } from '../../events/ids.ts';
import { createSqliteStore } from '../../events/store/sqlite.ts';
import { projections } from '../../projections/index.ts';
import { openReadDatabase } from '../../projections/sql/readDatabase.ts';
import { ProjectionRunner } from '../../projections/runner.ts';
import { monthsUpTo, reportingMonthOn } from '../../projections/calendar.ts';
import { fullReport } from '../api/reportFixtures.ts';
import { freePort } from '../browser/harness.ts';
import { startApiProcess } from './apiProcess.ts';

const SUBMISSIONS = 2000;
const KILL_AFTER = 500;
/** The server's clock stands still here (CLOCK_AT), whatever day the suite runs. */
const NOW = '2026-07-20T10:00:00+08:00';
/** The ten months up to the one being reported then. */
const MONTHS = monthsUpTo(reportingMonthOn(NOW.slice(0, 10)), 10);
const OPENED = `${MONTHS[0]}-01`;
const ORGANISATIONS = SUBMISSIONS / MONTHS.length;

/** The API as `npm run api` runs it, its clock standing at NOW. */
const startServer = (dataDir: string, port: number, log: string[]) => startApiProcess(dataDir, port, log, { CLOCK_AT: NOW });

const stopped = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/** One HTTP exchange over a shared keep-alive pool (so 2,000 submissions share ~200 sockets). */
const agent = new Agent({ keepAlive: true, maxSockets: 200 });
function call(port: number, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error('request timed out')));
    req.end(body);
  });
}

interface Receipt {
  streamName: string;
  position: string;
  revision: string;
  duplicate: boolean;
  unitId: string;
  month: string;
}

const procs: ChildProcess[] = [];
afterAll(() => {
  agent.destroy();
  for (const child of procs) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('SIGKILL of the API under 2,000 concurrent report submissions', () => {
  it('loses no acknowledged submission, writes none twice, and its projections equal a rebuild', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'league-pulse-crash-'));
    const port = await freePort();
    const log: string[] = [];
    let server = await startServer(dataDir, port, log);
    procs.push(server);

    // An administrator and a province of 200 organisations, through HTTP like any client.
    const json = { 'content-type': 'application/json' };
    const setup = await call(
      port,
      'POST',
      '/api/setup',
      json,
      JSON.stringify({ submissionId: uuidv7(), loginName: 'admin', displayName: '系统管理员', password: 'correct horse battery' }),
    );
    expect(setup.status, setup.body).toBe(201);
    const auth = { authorization: `Bearer ${JSON.parse(setup.body).session.token}` };
    const rows = [
      ['编码', '名称', '层级', '上级编码', '成立日期', '领域', '建团模式'],
      ['P', '示范省', '省', '', OPENED, '', ''],
      ['C', '示范市', '市', 'P', OPENED, '', ''],
    ];
    for (let x = 1; x <= 2; x++) {
      rows.push([`X${x}`, `第${x}县`, '县', 'C', OPENED, '', '']);
      for (let t = 1; t <= 4; t++) {
        rows.push([`X${x}T${t}`, `第${x}县第${t}镇团委`, '乡镇', `X${x}`, OPENED, '', '']);
        for (let o = 1; o <= ORGANISATIONS / 8; o++)
          rows.push([`X${x}T${t}O${o}`, `第${x}县第${t}镇第${o}团支部`, '团组织', `X${x}T${t}`, OPENED, '村团支部', '独立建团']);
      }
    }
    const boundary = `----crash${uuidv7()}`;
    const upload = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="dryRun"\r\n\r\nfalse\r\n`),
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="province.csv"\r\ncontent-type: text/csv\r\n\r\n`),
      Buffer.from(toCsv(rows)),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const started = await call(port, 'POST', '/api/imports', { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, upload);
    expect(started.status, started.body).toBe(202);
    for (let i = 0; ; i++) {
      const job = JSON.parse((await call(port, 'GET', `/api/imports/${JSON.parse(started.body).job.id}`, auth)).body).job;
      if (job.status === 'done') break;
      if (job.status === 'failed' || i > 600) throw new Error(`import did not finish: ${JSON.stringify(job)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The organisations' ids, by walking the tree down from the province.
    const unit = async (id: string) => JSON.parse((await call(port, 'GET', `/api/units/${id}`, auth)).body);
    let level: Array<{ id: string; kind: string }> = JSON.parse((await call(port, 'GET', '/api/units', auth)).body).units;
    while (level[0]?.kind !== 'organisation') level = (await Promise.all(level.map((u) => unit(u.id)))).flatMap((page) => page.children);
    const organisations = level.map((u) => u.id);
    expect(organisations).toHaveLength(ORGANISATIONS);

    // 2,000 submissions at once, each retried with the same body until acknowledged.
    const submissions = organisations.flatMap((unitId) => MONTHS.map((month) => ({ unitId, month, submissionId: uuidv7(), report: fullReport(month) })));
    const acknowledged = new Map<string, { status: number; receipt: Receipt }>();
    const refused: string[] = [];
    let attempts = 0;
    let killed: Promise<void> | null = null;
    const deadline = Date.now() + 45_000;
    const submit = async (submission: (typeof submissions)[number]) => {
      const body = JSON.stringify({ submissionId: submission.submissionId, month: submission.month, report: submission.report });
      for (let attempt = 0; ; attempt++) {
        attempts++;
        let answer: { status: number; body: string } | null = null;
        try {
          answer = await call(port, 'POST', `/api/units/${submission.unitId}/reports`, { ...auth, ...json }, body);
        } catch {
          /* connection refused or reset: the server is down, retry */
        }
        if (answer && answer.status >= 200 && answer.status < 300) {
          acknowledged.set(submission.submissionId, { status: answer.status, receipt: JSON.parse(answer.body) });
          if (acknowledged.size >= KILL_AFTER && !killed) {
            const victim = server;
            killed = stopped(victim);
            victim.kill('SIGKILL');
          }
          return;
        }
        if (answer && answer.status < 500) {
          refused.push(`${submission.submissionId}: ${answer.status} ${answer.body.slice(0, 300)}`);
          return;
        }
        if (Date.now() > deadline)
          throw new Error(
            `submission ${submission.submissionId} not acknowledged in time (last answer: ${answer ? `${answer.status} ${answer.body.slice(0, 200)}` : 'no connection'})`,
          );
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** Math.min(attempt, 6)) * (0.5 + Math.random())));
      }
    };
    const restarted = (async () => {
      while (!killed) await new Promise((resolve) => setTimeout(resolve, 10));
      await killed;
      expect(server.signalCode).toBe('SIGKILL');
      const ackedAtKill = acknowledged.size;
      server = await startServer(dataDir, port, log);
      procs.push(server);
      return ackedAtKill;
    })();
    await Promise.all(submissions.map(submit));
    const ackedAtKill = await restarted;

    expect(refused).toEqual([]);
    expect(acknowledged.size).toBe(SUBMISSIONS);
    expect(ackedAtKill).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(ackedAtKill, 'the server was killed only after every submission was in').toBeLessThan(SUBMISSIONS);
    expect(attempts, 'some submissions had to be retried across the restart').toBeGreaterThan(SUBMISSIONS);
    const duplicates = [...acknowledged.values()].filter(({ receipt }) => receipt.duplicate).length;
    console.log(
      `crash test: killed after ${ackedAtKill} acknowledgements; ${attempts} attempts for ${SUBMISSIONS} submissions; ` +
        `${duplicates} acknowledged only after the restart as already written (their first answer was lost with the process)`,
    );

    // Wait until the restarted server's projections have folded the whole log, then stop it cleanly.
    for (let i = 0; ; i++) {
      const health = JSON.parse((await call(port, 'GET', '/api/health', auth)).body);
      if (health.projections.every((p: { position: string | null; error: string | null }) => p.error === null && p.position === health.lastPosition)) break;
      if (i > 200) throw new Error(`projections did not catch up: ${JSON.stringify(health)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const exited = stopped(server);
    server.kill('SIGTERM');
    await exited;

    const store = createSqliteStore(join(dataDir, 'events.db'));
    try {
      const events = await store.readAll();
      const submitted = events.filter((event) => event.type === 'MonthlyReportSubmitted');
      const bySubmission = new Map<string, typeof submitted>();
      for (const event of submitted) {
        const id = (event.metadata as { clientSubmissionId: string }).clientSubmissionId;
        bySubmission.set(id, [...(bySubmission.get(id) ?? []), event]);
      }
      // Every acknowledged submission exactly once, where its receipt said; no id twice; no
      // retry turned into a correction of itself; nothing that was not submitted.
      const twice = [...bySubmission].filter(([, found]) => found.length > 1).map(([id]) => id);
      expect(twice).toEqual([]);
      for (const [submissionId, { receipt }] of acknowledged) {
        const found = bySubmission.get(submissionId);
        expect(found, `acknowledged submission ${submissionId} is missing from the log`).toHaveLength(1);
        const actor = (found![0]!.metadata as { actor: string }).actor;
        expect({ id: found![0]!.id, streamName: found![0]!.streamName, position: found![0]!.position.toString() }).toEqual({
          id: eventId(actor, submissionId, 0),
          streamName: receipt.streamName,
          position: receipt.position,
        });
        expect((found![0]!.data as { supersedes: string | null }).supersedes).toBeNull();
      }
      expect(submitted).toHaveLength(SUBMISSIONS);
      expect(new Set(events.map((event) => event.id)).size).toBe(events.length);

      // The restarted server's projections, as it saved them on stopping, at the end of the log…
      const last = await store.lastPosition();
      const savedTables = openReadDatabase(join(dataDir, 'read.sqlite'));
      for (const projection of projections) expect(savedTables.versions(projection.name)[0]?.position, projection.name).toBe(last);
      const resumed = new ProjectionRunner(store, projections, savedTables);
      await resumed.start();
      // …equal every projection folded afresh from position 0.
      const freshTables = openReadDatabase(':memory:');
      const fresh = new ProjectionRunner(store, projections, freshTables);
      await fresh.start();
      for (const projection of projections) {
        expect(resumed.contents(projection.name), projection.name).toEqual(fresh.contents(projection.name));
      }
      await resumed.stop();
      await fresh.stop();
      savedTables.close();
      freshTables.close();
    } finally {
      await store.close();
    }
  }, 90_000);
});
