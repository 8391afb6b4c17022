/**
 * HTTP benchmarks against real server processes on this machine (loopback only), with
 * autocannon in this process: the whole path of a monthly report (auth, validation, append)
 * and the dashboards at province scale, each beside a bare Hono JSON route (the limit), and
 * read-your-writes (submit, then the township's month view with ?after=<position>).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import autocannon from 'autocannon';
import { uuidv7 } from '../events/ids.ts';
import { fullReport } from '../test/api/reportFixtures.ts';

const root = new URL('..', import.meta.url).pathname;

export interface Server {
  process: ChildProcess;
  port: number;
  readyMs: number;
  wallMs: number;
  failed: string[];
  log: string[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      })
      .on('error', reject);
  });
}

/** Starts a server script and waits for its `ready <ms>` line (or the API's own banner). */
export async function startServer(script: string, env: Record<string, string>, timeoutMs = 600_000): Promise<Server> {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    const fail = (message: string) => reject(Object.assign(new Error(`${message}:\n${log.slice(-5).join('\n')}`), { log }));
    const timer = setTimeout(() => {
      child.removeAllListeners('exit');
      child.kill('SIGKILL');
      fail(`${script} did not start within ${timeoutMs / 1000} s`);
    }, timeoutMs);
    const onLine = (line: string) => {
      log.push(line);
      if (log.length > 2000) log.shift();
      const ready =
        line.match(/^ready (\d+)(?: failed (.*))?/) ?? (line.includes('League Pulse API on') ? ['', String(Math.round(performance.now() - start))] : null);
      if (ready) {
        clearTimeout(timer);
        resolve({ process: child, port, readyMs: Number(ready[1]), wallMs: performance.now() - start, failed: ready[2] ? ready[2].split(',') : [], log });
      }
    };
    let buffered = '';
    const read = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      lines.forEach(onLine);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(`${script} exited (${code})`);
    });
  });
}

/** Peak resident memory of a process so far (Linux), in MiB. */
export function peakRssMiB(pid: number): number | null {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export async function stopServer(server: Server): Promise<void> {
  if (server.process.exitCode !== null) return;
  server.process.removeAllListeners('exit');
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill('SIGTERM');
  const timer = setTimeout(() => server.process.kill('SIGKILL'), 120_000);
  await exited;
  clearTimeout(timer);
}

export interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

/** autocannon with `connections` clients for `seconds`, each request made by `next(i)`. */
export async function load(
  port: number,
  connections: number,
  seconds: number,
  next: (i: number) => { method?: 'GET' | 'POST'; path: string; body?: string },
  headers: Record<string, string> = {},
): Promise<Load> {
  let i = 0;
  const first = next(0);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...headers },
    requests: [
      {
        method: first.method ?? 'GET',
        path: first.path,
        setupRequest: (request) => {
          const made = next(i++);
          return { ...request, method: made.method ?? 'GET', path: made.path, body: made.body };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

/** Signs in and returns the Bearer header. */
export async function signIn(port: number, loginName: string, password: string): Promise<Record<string, string>> {
  const response = await fetch(`http://127.0.0.1:${port}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginName, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${loginName} failed: ${response.status} ${await response.text()}`);
  const { session } = (await response.json()) as { session: { token: string } };
  return { authorization: `Bearer ${session.token}` };
}

/** A monthly report submission for one organisation (a new submission id each time). */
export function submission(organisationId: string, month: string) {
  return {
    method: 'POST' as const,
    path: `/api/units/${organisationId}/reports`,
    body: JSON.stringify({ submissionId: uuidv7(), month, report: fullReport(month) }),
  };
}

export interface ReadYourWrites {
  p50: number;
  p99: number;
  samples: number;
  stale: number;
}

/**
 * Submit, then read the township's month view with ?after=<receipt.position>: the time from
 * sending the report to a month view that shows it, over `rounds` rounds from `clients` clients.
 */
export async function readYourWrites(
  port: number,
  headers: Record<string, string>,
  pairs: Array<{ organisationId: string; townshipId: string }>,
  month: string,
  clients = 4,
  rounds = 400,
): Promise<ReadYourWrites> {
  const samples: number[] = [];
  let stale = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < rounds) {
        const { organisationId, townshipId } = pairs[next++ % pairs.length]!;
        const start = performance.now();
        const body = submission(organisationId, month);
        const posted = await fetch(`http://127.0.0.1:${port}${body.path}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: body.body,
        });
        if (!posted.ok) throw new Error(`submission failed: ${posted.status} ${await posted.text()}`);
        const { position } = (await posted.json()) as { position: string };
        const view = await fetch(`http://127.0.0.1:${port}/api/units/${townshipId}/reporting?month=${month}&after=${position}`, { headers });
        const { organisations } = (await view.json()) as { organisations: Array<{ unitId: string; status: string }> };
        samples.push(performance.now() - start);
        if (organisations.find((o) => o.unitId === organisationId)?.status === 'missing') stale++;
      }
    }),
  );
  samples.sort((a, b) => a - b);
  return {
    p50: samples[Math.floor(samples.length / 2)]!,
    p99: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))]!,
    samples: samples.length,
    stale,
  };
}

/** Single-client latencies of the first (uncached) and the repeated asking of each path. */
export async function coldAndWarm(port: number, headers: Record<string, string>, paths: string[]): Promise<{ cold: number; warm: number }> {
  const time = async (path: string) => {
    const start = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return performance.now() - start;
  };
  const cold: number[] = [];
  const warm: number[] = [];
  for (const path of paths) cold.push(await time(path));
  for (const path of paths) warm.push(await time(path));
  const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  return { cold: median(cold), warm: median(warm) };
}
