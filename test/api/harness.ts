import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../api/app.ts';
import { fixedClock } from '../../api/clock.ts';
import { loadConfig } from '../../runtime/config.ts';
import { startRuntime } from '../../runtime/start.ts';
import type { Logger } from '../../api/observability/logger.ts';
import { TEST_NOW } from './now.ts';
import { json, send } from './requests.ts';

export { TEST_NOW };

/**
 * A real API on a fresh embedded store in a temporary folder; requests go through app.request.
 * Its clock stands at `now` (default TEST_NOW) until the test sets or advances it. It logs at
 * warn and above (NODE_ENV=test), unless the test hands it a logger to read (test/logs.ts).
 */
export async function startTestApi(env: Record<string, string> = {}, options: { now?: string; logger?: Logger } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'league-pulse-api-'));
  const clock = fixedClock(options.now ?? TEST_NOW);
  const runtime = await startRuntime(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', ...env }), { clock, logger: options.logger });
  const app = createApp(runtime);
  return { app, runtime, clock, dataDir, close: () => runtime.close() };
}

/** Runs `act` with the API's clock at `instant` (a submission sent on another day), then puts the clock back at TEST_NOW. */
export async function at<T>(api: { clock: { set(instant: string): void } }, instant: string, act: () => Promise<T>): Promise<T> {
  api.clock.set(instant);
  try {
    return await act();
  } finally {
    api.clock.set(TEST_NOW);
  }
}

export { json, send };
