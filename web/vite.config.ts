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
    }),
  ],
  ssr: { external: ['@eventstore/db-client'] },
});
