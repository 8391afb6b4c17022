/**
 * The process `npm start` runs: one HTTP server on PORT for the pages and /api (the SvelteKit
 * handler built by adapter-node, whose server hook hands /api to the Hono app).
 *
 * adapter-node assumes a TLS-terminating proxy and takes the protocol from a header
 * (PROTOCOL_HEADER), defaulting to https. Served directly, the browser's Origin is http://…,
 * and SvelteKit's CSRF check would refuse every form post; so, unless the operator names a
 * proxy header, the protocol comes from the connection itself.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { loadConfig } from '../api/config.ts';
import { loadDemoIfAsked } from '../bench/demo.ts';

const OWN_PROTOCOL_HEADER = 'x-league-pulse-protocol';
const behindProxy = Boolean(process.env.PROTOCOL_HEADER);
if (!behindProxy) process.env.PROTOCOL_HEADER = OWN_PROTOCOL_HEADER;

// Imports of a whole province's tree are large uploads; adapter-node refuses bodies over 512 KB by default.
process.env.BODY_SIZE_LIMIT ??= '64M';

const config = loadConfig(); // fails early, naming the bad variable
await loadDemoIfAsked(config); // DEMO=1 or --demo: a small province into an empty store, before the runtime starts
const { handler } = (await import(new URL('./build/handler.js', import.meta.url).href)) as {
  handler: (req: IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => void;
};

const server = createServer((req, res) => {
  if (!behindProxy) req.headers[OWN_PROTOCOL_HEADER] = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  handler(req, res, () => {
    res.statusCode = 404;
    res.end('Not found');
  });
});

server.listen(config.PORT, config.HOST, () => {
  console.log(`League Pulse on http://localhost:${config.PORT} (API under /api)`);
});

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    server.close(() => {
      // Lets the app's own shutdown (the store, the projection snapshots) run, as adapter-node does.
      process.emit('sveltekit:shutdown' as 'beforeExit', 0);
      setTimeout(() => process.exit(0), 2_000).unref();
    });
    server.closeIdleConnections();
  });
}
