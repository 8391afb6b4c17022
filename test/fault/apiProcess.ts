/**
 * The API as `npm run api` runs it, as a child process on a data folder and a free port, for the
 * fault tests that kill it or measure it from outside. Its clock stands at `now` (CLOCK_AT).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get, request } from 'node:http';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

/**
 * Starts `node runtime/apiServer.ts`; resolves once /api/health answers "ok" (or, with `healthy: false`,
 * answers at all). `log` collects what it prints.
 */
export async function startApiProcess(
  dataDir: string,
  port: number,
  log: string[],
  env: Record<string, string> = {},
  options: { healthy?: boolean } = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'runtime/apiServer.ts')], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      EVENTSTORE_CONNECTION_STRING: '',
      CLOCK_OFFSET: '',
      NODE_ENV: 'test',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => log.push(String(chunk)));
  child.stderr!.on('data', (chunk) => log.push(String(chunk)));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the API exited at start:\n${log.join('')}`);
    try {
      const health = await askHealth(port);
      if (health === 200 || options.healthy === false) return child;
    } catch {
      /* not listening yet */
    }
    if (i > 300) throw new Error(`the API did not answer within 30 s:\n${log.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * What the process printed, line by line, as its log entries (JSON, one object a line: it logs at
 * warn and above under NODE_ENV=test); a line that is not JSON is kept as `{ msg: line }`.
 */
export function logEntries(log: string[]): Array<{ level?: string; msg: string; [field: string]: unknown }> {
  return log
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as { msg: string };
      } catch {
        return { msg: line };
      }
    });
}

/** The most memory the process has held so far (its resident set's high-water mark), from /proc. */
export function peakRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmHWM for process ${pid}`);
  return Number(kb) * 1024;
}

/**
 * Asks /api/health on a connection of its own (not one kept alive from the pool, which the server
 * may close as idle just as it is reused); resolves with the status once the answer is read.
 */
export function askHealth(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/api/health', agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode!));
    }).on('error', reject);
  });
}

/**
 * POSTs a form (an upload) on a connection of its own, for the same reason as askHealth: a pooled
 * connection left idle while the test prepared its files may be closed by the server as it is
 * reused. Resolves with the status, content type and parsed answer.
 */
export async function postForm(
  port: number,
  path: string,
  form: FormData,
  headers: Record<string, string>,
): Promise<{ status: number; type: string | null; body: unknown }> {
  const encoded = new Response(form);
  const bytes = Buffer.from(await encoded.arrayBuffer());
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-type': encoded.headers.get('content-type')!, 'content-length': String(bytes.length) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, type: response.headers['content-type'] ?? null, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(bytes);
  });
}
