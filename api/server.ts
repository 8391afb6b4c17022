/**
 * The API alone, without the web app: `node api/server.ts`. (`npm start` serves both on one
 * port through the SvelteKit server; see web/src/hooks.server.ts.)
 */
import type { IncomingMessage } from 'node:http';
import { serve } from '@hono/node-server';
import { loadDemoIfAsked } from '../bench/demo.ts';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { processLogger } from './observability/logger.ts';
import { startReminderSchedule } from './reminders/schedule.ts';
import { replayProgress } from './replayProgress.ts';
import { startRuntime } from './runtime.ts';

const config = loadConfig();
const logger = processLogger(config);
await loadDemoIfAsked(config); // DEMO=1 or --demo: a small province into an empty store
const runtime = await startRuntime(config, { onProgress: replayProgress(logger), logger });
const app = createApp(runtime);
const stopReminders = startReminderSchedule(runtime);
// The client's address comes from the connection, never from a header the client could send.
const fetch = (request: Request, env: { incoming: Pick<IncomingMessage, 'socket'> }) => {
  const trusted = new Request(request);
  trusted.headers.set('x-league-pulse-client', env.incoming.socket.remoteAddress ?? 'unknown');
  return app.fetch(trusted);
};
const server = serve({ fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  logger.info({ port: info.port, store: runtime.store.kind, clock: runtime.clock.description }, `League Pulse API on http://localhost:${info.port}/api (store: ${runtime.store.kind}, clock: ${runtime.clock.description})`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    stopReminders();
    void runtime.close().then(() => process.exit(0));
  });
}
