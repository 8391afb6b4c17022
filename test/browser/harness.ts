/**
 * Browser tests drive Debian's Chromium (never a downloaded browser) against the built app,
 * started as `npm start` would run it, on a free loopback port with a fresh data folder.
 *
 * Time is an input: the app's clock starts at `now` (TEST_NOW unless a test says otherwise) and
 * runs on (CLOCK_OFFSET), and every page of the browser launched for it starts at that instant
 * too (Playwright's clock), so no expectation depends on the day the suite runs, and a phone's
 * time stays just behind the server's, as a real one does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from './chromiumServer.ts';
import { TEST_NOW } from '../api/now.ts';

export { TEST_NOW };

const root = new URL('../..', import.meta.url).pathname;
export const screenshots = join(root, 'test-results');

/** A port nothing listens on now, on loopback (the browser and fault tests start servers on it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      })
      .on('error', reject);
  });
}

/**
 * The app as `npm start` runs it, its clock standing at `now`; `dataDir` reuses a folder a test
 * prepared (e.g. a drive lived day by day through the API harness).
 */
export async function startApp(
  options: { now?: string; dataDir?: string; env?: Record<string, string> } = {},
): Promise<{ url: string; dataDir: string; now: string; stop(): Promise<void> }> {
  const entry = join(root, 'web/server.ts');
  if (!existsSync(join(root, 'web/build/handler.js'))) throw new Error('web/build is missing: run `npm run build` first (npm test does)');
  const port = await freePort();
  const now = options.now ?? TEST_NOW;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'league-pulse-browser-'));
  const child: ChildProcess = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      CLOCK_AT: '',
      CLOCK_OFFSET: offsetTo(now),
      NODE_ENV: 'test',
      EVENTSTORE_CONNECTION_STRING: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the app exited at start:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 200) throw new Error(`the app did not answer within 20 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    dataDir,
    now,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The CLOCK_OFFSET that moves this process's clock (and a child's) to `instant` now: whole days, then seconds. */
export function offsetTo(instant: string): string {
  const ms = Date.parse(instant) - Date.now();
  const seconds = Math.round(Math.abs(ms) / 1000);
  return `${ms < 0 ? '-' : '+'}${Math.floor(seconds / 86_400)}d${seconds % 86_400}s`;
}

/** The instant each browser's pages start at (see `newContext` in helpers.ts). */
export const browserNow = new WeakMap<Browser, string>();

/**
 * The run's Chromium (started once by chromiumServer.ts), connected to for this file, or one of
 * the file's own when the run has none; its contexts' pages start at `now` (the app's time), and
 * their clocks run on from there. Closing it closes the contexts this file opened.
 */
export async function launchBrowser(options: { now?: string } = {}): Promise<Browser> {
  mkdirSync(screenshots, { recursive: true });
  const endpoint = inject('chromiumEndpoint');
  const browser = endpoint
    ? await chromium.connect(endpoint, { timeout: 30_000 })
    : await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  browserNow.set(browser, options.now ?? TEST_NOW);
  return browser;
}
