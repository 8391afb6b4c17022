/**
 * The API reference: the OpenAPI document at /api/openapi.json, and a page at /api/docs that
 * shows it with Swagger UI (swagger-ui-dist: one package with no dependencies to speak of; Scalar,
 * tried first, brought 268 packages and over a minute to every clean install). The machine may have
 * no internet and the API's pages a strict policy, so the viewer is served from this server
 * (node_modules), never a CDN, and the page's own start-up is a script file, not inline.
 * Public: it describes routes, not data.
 */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import type { RouterRoute } from 'hono/types';
import type { ApiEnv } from '../context.ts';
import { openApiDocument, type OpenApiDocument } from './document.ts';

export const REFERENCE_PAGE = '/api/docs';

/**
 * What the page may load, and nothing else: scripts, the document and its "try it" requests from
 * this site; the viewer sets styles inline; no fonts or images from elsewhere.
 */
export const referencePagePolicy = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

const page = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>团建速报 API 接口文档 · League Pulse API reference</title>
<link rel="alternate" type="application/json" href="/api/openapi.json" title="OpenAPI 3.1">
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<noscript><p>接口文档需要 JavaScript;OpenAPI 文档见 <a href="/api/openapi.json">/api/openapi.json</a>.
The page needs JavaScript; the document is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></noscript>
<div id="app"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/reference.js"></script>
</body>
</html>
`;

/**
 * Starts the viewer on the document once the page is loaded: no validator badge (it would send the
 * document to validator.swagger.io), deep links to each route, and "try it out" against this server.
 */
const startUp = `window.addEventListener('DOMContentLoaded', () => {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#app', deepLinking: true, validatorUrl: null, docExpansion: 'list', tryItOutEnabled: false });
});
`;

/** The viewer's files, each read once and kept with its gzip'd form (the bundle is about 1.5 MB, 0.4 MB gzip'd). */
const viewerFiles = new Map<string, Promise<{ plain: Buffer; gzip: Buffer }>>();
function viewerFile(name: 'swagger-ui-bundle.js' | 'swagger-ui.css') {
  let file = viewerFiles.get(name);
  if (!file) {
    file = readFile(new URL(name, import.meta.resolve('swagger-ui-dist/package.json'))).then((plain) => ({ plain, gzip: gzipSync(plain) }));
    viewerFiles.set(name, file);
  }
  return file;
}

/** `routes` gives the app's routes when first asked (the app is complete by then); the document is made once. */
export function referenceRoutes(routes: () => readonly RouterRoute[]) {
  let document: OpenApiDocument | undefined;
  const javascript = { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' };
  return new Hono<ApiEnv>()
    .get('/openapi.json', (c) => c.json((document ??= openApiDocument(routes(), '1.0.0')), 200, { 'cache-control': 'public, max-age=300' }))
    .get('/docs', (c) => c.html(page, 200, { 'cache-control': 'public, max-age=300' }))
    .get('/docs/reference.js', (c) => c.body(startUp, 200, javascript))
    .get('/docs/swagger-ui-bundle.js', (c) => serveViewerFile(c, 'swagger-ui-bundle.js', javascript))
    .get('/docs/swagger-ui.css', (c) =>
      serveViewerFile(c, 'swagger-ui.css', { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
    );
}

async function serveViewerFile(c: Context<ApiEnv>, name: 'swagger-ui-bundle.js' | 'swagger-ui.css', headers: Record<string, string>) {
  const file = await viewerFile(name);
  const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  return c.body(new Uint8Array(gzip ? file.gzip : file.plain), 200, { ...headers, vary: 'accept-encoding', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
}
