import { defineConfig } from 'vitest/config';

const exclude = ['**/node_modules/**', 'web/build/**', 'web/.svelte-kit/**'];

/**
 * One runner for every suite: unit tests beside the code, contract, API and browser tests in test/,
 * as two projects that differ only in how their files are loaded.
 *
 * - `node` (everything but the browser tests) shares its workers' module cache between files
 *   (`isolate: false`): each file still builds its own API on its own temporary folder, and no
 *   module of theirs registers hooks or keeps state a later file would see; loading the API's
 *   modules once instead of once per file is a minute of CI's two cores.
 * - `browser` keeps a fresh module graph per file (helpers.ts registers each file's
 *   Content-Security-Policy check at import), and launches one Chromium for the run
 *   (chromiumServer.ts, only when a browser test runs), which each file connects to.
 */
export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['{api,events,projections,runtime,web,bench}/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...exclude, 'test/browser/**'],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          exclude,
          globalSetup: ['test/browser/chromiumServer.ts'],
        },
      },
    ],
  },
});
