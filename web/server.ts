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
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../runtime/config.ts';
import { processLogger } from '../api/observability/logger.ts';

const OWN_PROTOCOL_HEADER = 'x-league-pulse-protocol';
const behindProxy = Boolean(process.env.PROTOCOL_HEADER);
if (!behindProxy) process.env.PROTOCOL_HEADER = OWN_PROTOCOL_HEADER;

const config = loadConfig(); // fails early, naming the bad variable
const logger = processLogger(config); // the bundle's runtime writes through this one too
// The bundled app starts worker threads from the source files (the spreadsheet reader): where they are.
process.env.LEAGUE_PULSE_ROOT ??= fileURLToPath(new URL('..', import.meta.url));
// adapter-node refuses bodies over 512 KB by default; an import's spreadsheet may be larger. Just
// above the API's own upload limit, so the API answers what it refuses (413, as a problem), and
// adapter-node cuts off anything larger before reading it.
process.env.BODY_SIZE_LIMIT ??= `${config.UPLOAD_LIMIT_MB + 1}M`;
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
  logger.info({ port: config.PORT, host: config.HOST }, `League Pulse on http://localhost:${config.PORT} (API under /api)`);
});

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    server.close(() => {
      // Lets the app's own shutdown (the store, the read database) run, as adapter-node does.
      process.emit('sveltekit:shutdown' as 'beforeExit', 0);
      setTimeout(() => process.exit(0), 2_000).unref();
    });
    server.closeIdleConnections();
  });
}
