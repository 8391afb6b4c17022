/**
 * The API alone, without the web app: `node api/server.ts`. (`npm start` serves both on one
 * port through the SvelteKit server; see web/src/hooks.server.ts.)
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { startRuntime } from './runtime.ts';

const config = loadConfig();
const runtime = await startRuntime(config);
const server = serve({ fetch: createApp(runtime).fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  console.log(`League Pulse API on http://localhost:${info.port}/api (store: ${runtime.store.kind})`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void runtime.close().then(() => process.exit(0));
  });
}
