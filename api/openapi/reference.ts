/**
 * The API reference: the OpenAPI document at /api/openapi.json, and a page at /api/docs that
 * shows it with Scalar. The machine may have no internet and the API's pages a strict policy, so
 * the viewer is served from this server (node_modules), never a CDN, and the page's own
 * start-up is a script file, not inline. Public: it describes routes, not data.
 */
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
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
</head>
<body>
<noscript><p>接口文档需要 JavaScript;OpenAPI 文档见 <a href="/api/openapi.json">/api/openapi.json</a>.
The page needs JavaScript; the document is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></noscript>
<div id="app"></div>
<script src="/api/docs/reference.js"></script>
<script src="/api/docs/scalar.js"></script>
</body>
</html>
`;

/**
 * Runs before the viewer: the zod inside it would probe whether it may compile code (`Function('')`),
 * which the policy refuses: told to run without, it does not ask. Then, once the viewer is loaded,
 * starts it on the document, with no fonts, telemetry, AI or hosted tools from elsewhere.
 */
const startUp = `globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true };
document.addEventListener('DOMContentLoaded', () => Scalar.createApiReference('#app', {
  url: '/api/openapi.json', withDefaultFonts: false, telemetry: false, showDeveloperTools: 'never', agent: { disabled: true }, documentDownloadType: 'json',
}));
`;

/** The viewer's browser bundle, read once, kept with its gzip'd form (about 4.9 MB, 1.4 MB gzip'd). */
let viewer: Promise<{ plain: Buffer; gzip: Buffer }> | undefined;
function viewerBundle() {
  viewer ??= readFile(new URL('./browser/standalone.js', import.meta.resolve('@scalar/api-reference'))).then((plain) => ({ plain, gzip: gzipSync(plain) }));
  return viewer;
}

/** `routes` gives the app's routes when first asked (the app is complete by then); the document is made once. */
export function referenceRoutes(routes: () => readonly RouterRoute[]) {
  let document: OpenApiDocument | undefined;
  const javascript = { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' };
  return new Hono<ApiEnv>()
    .get('/openapi.json', (c) => c.json(document ??= openApiDocument(routes(), '1.0.0'), 200, { 'cache-control': 'public, max-age=300' }))
    .get('/docs', (c) => c.html(page, 200, { 'cache-control': 'public, max-age=300' }))
    .get('/docs/reference.js', (c) => c.body(startUp, 200, javascript))
    .get('/docs/scalar.js', async (c) => {
      const bundle = await viewerBundle();
      const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
      return c.body(new Uint8Array(gzip ? bundle.gzip : bundle.plain), 200, { ...javascript, vary: 'accept-encoding', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    });
}
