import { defineConfig } from 'vitest/config';

/** One runner for every suite: unit tests beside the code, contract, API and browser tests in test/. */
export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  test: {
    include: ['{api,events,projections,web,bench}/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'web/build/**', 'web/.svelte-kit/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/browser/chromiumServer.ts'], // one Chromium for every browser test file
  },
});
