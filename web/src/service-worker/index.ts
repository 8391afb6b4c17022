/**
 * The service worker: the app opens with no network.
 * - On install, only the shell is cached under this version's name: SvelteKit's entry files, the
 *   root layout and error nodes, and the `static` files. That is a handful of small files, so the
 *   worker takes control of the page within a second, even on a loaded machine or a slow phone
 *   (precaching the whole build took tens of seconds there). Any other file of the build is cached
 *   the first time it is fetched, and when a form page that uses the outbox asks to be kept, the
 *   files its HTML names are cached with it, so a form visited online opens offline. On activate,
 *   other versions' caches go.
 * - A page (navigation) comes from the network, and the last good copy of it is kept, so a form
 *   page visited online opens offline; a page never visited gets a short "offline" page.
 *   Pages SvelteKit reached without loading HTML (client-side links) are cached when a page asks
 *   (`{ type: 'cache-page', url }`, sent by forms that use the outbox, and once for /outbox by every
 *   signed-in tab: the outbox's page then opens offline, styled, with what waits on the device).
 * - /api is never cached: data must be live, and submissions go through the outbox instead.
 * - Signing out forgets the kept pages (they show the user's name and data).
 */
import { assets, immutable, prerendered } from '$app/manifest';
import { version } from '$app/env';
import { self } from '$app/service-worker';
import { messages } from '#lib/i18n.ts';

const APP = `app-${version}`;
const PAGES = `pages-${version}`;
const MAX_PAGES = 200;
const FILES = new Set([...immutable, ...assets, ...prerendered].map(({ path }) => new URL(path, self.location.href).pathname));
/** The shell: what every page needs before its own node (entry, root layout and error nodes, their CSS) and the static files. */
const SHELL = [...FILES].filter((path) => /\/_app\/immutable\/(entry\/|nodes\/[01]\.|assets\/[01]\.)/.test(path) || !path.includes('/_app/'));

/** Caches each file on its own: one that fails (a flaky network) is fetched again when needed, and never fails the install. */
async function keepFiles(paths: Iterable<string>) {
  const cache = await caches.open(APP);
  await Promise.all(
    [...paths]
      .filter((path) => FILES.has(path))
      .map(async (path) => {
        if (await cache.match(path)) return;
        try {
          const response = await fetch(path);
          if (response.ok) await cache.put(path, response);
        } catch {
          /* offline or refused: fetched again on demand */
        }
      }),
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(keepFiles(SHELL).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== APP && key !== PAGES) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

// A test of the prefix every API route shares, not an address built: the worker's own bundle has no typed client.
const isApi = (url: URL) => url.pathname === '/api' || url.pathname.startsWith('/api/');
const pageKey = (url: URL) => url.origin + url.pathname + url.search;

/** Keeps a page's HTML if it is a good, whole, same-origin answer (not an error, not a redirect to sign-in). */
async function keep(url: URL, response: Response) {
  if (response.status !== 200 || response.type !== 'basic' || response.redirected) return;
  if (!response.headers.get('content-type')?.includes('text/html')) return;
  const cache = await caches.open(PAGES);
  await cache.put(pageKey(url), response);
  // The most recently kept pages only (keys come oldest first; a put moves its key to the end).
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) await cache.delete(old);
}

async function page(request: Request): Promise<Response> {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    await keep(url, response.clone()).catch(() => undefined);
    return response;
  } catch {
    const kept = await caches.match(pageKey(url), { cacheName: PAGES });
    return kept ?? offlinePage(request);
  }
}

function offlinePage(request: Request): Response {
  const english = /^en\b/i.test(request.headers.get('accept-language') ?? '') || /(?:^|;\s*)lang=en\b/.test(request.headers.get('cookie') ?? '');
  const t = messages(english ? 'en' : 'zh-CN').outbox.offlinePage;
  const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="${english ? 'en' : 'zh-CN'}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.6">
<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.body)}</p><p><a href="/">${escapeHtml(t.home)}</a></p></body></html>`;
  return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isApi(url)) return;
  if (request.method !== 'GET') {
    if (request.method === 'POST' && url.pathname === '/logout') event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (FILES.has(url.pathname)) {
    event.respondWith(fileOf(request, url.pathname));
  } else if (request.mode === 'navigate') {
    event.respondWith(page(request));
  }
});

/** A file of the build: from the cache, else from the network and kept (build files never change under one name). */
async function fileOf(request: Request, path: string): Promise<Response> {
  const cache = await caches.open(APP);
  const hit = await cache.match(path);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(path, response.clone()).catch(() => undefined);
  return response;
}

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string; url?: string; ifMissing?: boolean } | null;
  if (data?.type !== 'cache-page' || typeof data.url !== 'string') return;
  const url = new URL(data.url, self.location.href);
  if (url.origin !== self.location.origin || isApi(url)) return;
  // The build files the page's HTML names (its scripts, preloads and styles: the page loaded them
  // before this worker controlled it, so they may not be cached yet), then the HTML itself — last,
  // so a page found in the cache always has its files there too. `ifMissing`: only when not kept
  // yet (the outbox's page, asked for by every signed-in tab).
  event.waitUntil(
    (async () => {
      if (data.ifMissing && (await caches.match(pageKey(url), { cacheName: PAGES }))) return;
      await keepPage(url);
    })().catch(() => undefined),
  );
});

function keepPage(url: URL) {
  return fetch(url, { credentials: 'same-origin' }).then(async (response) => {
    const html = response.ok ? await response.clone().text() : '';
    await keepFiles([...html.matchAll(/(?:href|src)="([^"]*\/_app\/immutable\/[^"]+)"/g)].map((match) => new URL(match[1]!, url).pathname));
    await keep(url, response);
  });
}
