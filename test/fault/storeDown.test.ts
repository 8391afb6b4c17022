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
import { startApiProcess } from './apiProcess.ts';

let server: ChildProcess | undefined;
afterAll(() => server?.kill('SIGKILL'));

describe('EventStoreDB unreachable at start', () => {
  it('the API starts degraded, says why in one line per attempt, retries with backoff, and stops cleanly', async () => {
    const [port, storePort] = [await freePort(), await freePort()];
    const log: string[] = [];
    server = await startApiProcess(mkdtempSync(join(tmpdir(), 'league-pulse-store-down-')), port, log, {
      EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${storePort}?tls=false`,
      EVENTSTORE_TIMEOUT_MS: '2000',
    }, { healthy: false });
    const url = `http://127.0.0.1:${port}`;

    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'degraded' });

    const units = await fetch(`${url}/api/units`);
    expect(units.status).toBe(503);
    expect(units.headers.get('retry-after')).toBe('5');
    expect(await units.json()).toMatchObject({ status: 503, code: 'storeUnavailable' });

    // A line per attempt, each pause twice the one before; no stack trace.
    await vi.waitFor(() => expect(log.join('')).toContain('trying again in 1000 ms'), { timeout: 20_000, interval: 100 });
    const lines = log.join('').split('\n').filter((line) => line.trim() !== '');
    const attempts = lines.filter((line) => line.startsWith('event store unavailable ('));
    expect(attempts.slice(0, 3).map((line) => /trying again in (\d+) ms$/.exec(line)?.[1])).toEqual(['250', '500', '1000']);
    expect(lines.filter((line) => /^\s+at /.test(line))).toEqual([]);
    expect(server.exitCode).toBeNull();

    const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
