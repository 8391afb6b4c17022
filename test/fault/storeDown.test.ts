/**
 * The API started against an EventStoreDB that cannot be reached (nothing listens on its port):
 * it does not print a stack and exit. It says so in one line per attempt, tries again with growing
 * pauses, answers /api/health with 503 "degraded", refuses
 * other routes with a 503 problem and Retry-After, and stops cleanly when asked.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../browser/harness.ts';
import { logEntries, startApiProcess } from './apiProcess.ts';

let server: ChildProcess | undefined;
afterAll(() => server?.kill('SIGKILL'));

describe('EventStoreDB unreachable at start', () => {
  it('the API starts degraded, says why in one line per attempt, retries with backoff, and stops cleanly', async () => {
    const [port, storePort] = [await freePort(), await freePort()];
    const log: string[] = [];
    server = await startApiProcess(
      mkdtempSync(join(tmpdir(), 'league-pulse-store-down-')),
      port,
      log,
      {
        EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${storePort}?tls=false`,
        EVENTSTORE_TIMEOUT_MS: '2000',
      },
      { healthy: false },
    );
    const url = `http://127.0.0.1:${port}`;

    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'degraded' });

    const units = await fetch(`${url}/api/units`);
    expect(units.status).toBe(503);
    expect(units.headers.get('retry-after')).toBe('5');
    expect(await units.json()).toMatchObject({ status: 503, code: 'storeUnavailable' });

    // A log line (JSON) per attempt, each pause twice the one before; no stack trace.
    await vi.waitFor(() => expect(log.join('')).toContain('trying again in 1000 ms'), { timeout: 20_000, interval: 100 });
    const entries = logEntries(log);
    expect(
      entries.filter((entry) => entry.level === undefined),
      'every line is a JSON log entry',
    ).toEqual([]);
    const attempts = entries.filter((entry) => entry.msg.startsWith('event store unavailable ('));
    expect(attempts.slice(0, 3).map((entry) => /trying again in (\d+) ms$/.exec(entry.msg)?.[1])).toEqual(['250', '500', '1000']);
    expect(attempts.slice(0, 3).map(({ level, store, retryInMs }) => ({ level, store, retryInMs }))).toEqual(
      [250, 500, 1000].map((retryInMs) => ({ level: 'warn', store: 'esdb', retryInMs })),
    );
    expect(entries.filter((entry) => 'err' in entry || Object.values(entry).some((value) => typeof value === 'string' && /\n\s+at /.test(value)))).toEqual([]);
    expect(server.exitCode).toBeNull();

    const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
