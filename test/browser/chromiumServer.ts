/**
 * One Chromium for the whole run (Vitest's globalSetup): each browser test file connects to it
 * (`launchBrowser` in harness.ts) and opens its own contexts there, instead of starting and
 * stopping a browser of its own, a second of CPU per file on CI's two cores. A file's contexts
 * are closed when it disconnects, so no file sees another's pages, cookies or service workers.
 *
 * Without Chromium installed nothing is launched: the browser tests then fail in launchBrowser,
 * naming the missing executable, and the other suites run as before.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';

/** Debian's Chromium (CHROMIUM_PATH names another). */
export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the run's Chromium listens (Playwright's protocol over a WebSocket); empty when none was launched. */
    chromiumEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(chromiumPath())) {
    project.provide('chromiumEndpoint', '');
    return;
  }
  const server = await chromium.launchServer({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return () => server.close();
}
