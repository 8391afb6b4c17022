/**
 * The API alone, without the web app: `node runtime/apiServer.ts` (`npm run api`). (`npm start`
 * serves both on one port through the SvelteKit server; see web/server.ts and web/src/hooks.server.ts.)
 */
import type { IncomingMessage } from 'node:http';
import { serve } from '@hono/node-server';
import { loadConfig } from './config.ts';
import { startApp } from './start.ts';

const config = loadConfig();
const { runtime, app, stop, logger } = await startApp(config);
// The client's address comes from the connection, never from a header the client could send.
const fetch = (request: Request, env: { incoming: Pick<IncomingMessage, 'socket'> }) => {
  const trusted = new Request(request);
  trusted.headers.set('x-league-pulse-client', env.incoming.socket.remoteAddress ?? 'unknown');
  return app.fetch(trusted);
};
const server = serve({ fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  logger.info(
    { port: info.port, store: runtime.store.kind, clock: runtime.clock.description },
    `League Pulse API on http://localhost:${info.port}/api (store: ${runtime.store.kind}, clock: ${runtime.clock.description})`,
  );
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void stop().then(() => process.exit(0));
  });
}
