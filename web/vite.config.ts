import { join } from 'node:path';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    sveltekit({
      compilerOptions: { runes: true },
      // The server bundle keeps node:sqlite and the EventStoreDB client as runtime imports.
      adapter: adapter({ out: join(import.meta.dirname, 'build') }),
      // Cross-site checks are our own (src/hooks.server.ts for pages, api/security.ts for /api):
      // SvelteKit's would refuse API clients that send a bearer token and no Origin.
      csrf: { trustedOrigins: ['*'] },
      // Scripts only from this site (SvelteKit hashes or nonces its own inline start-up script);
      // inline style attributes are how charts and the timeline place things, so styles allow them.
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:', 'blob:'],
          'font-src': ['self'],
          'connect-src': ['self'],
          'worker-src': ['self'],
          'manifest-src': ['self'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
          'base-uri': ['self'],
          'object-src': ['none'],
        },
      },
    }),
  ],
  ssr: { external: ['@eventstore/db-client'] },
});
