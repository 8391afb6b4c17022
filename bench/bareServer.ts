/**
 * The limit the HTTP benchmarks compare against: a bare Hono app on @hono/node-server (the
 * same stack as the API) with one JSON route to read and one to post, and nothing else — no
 * sign-in, no validation, no store. For the dashboards it also sends back a copy of one real
 * answer (handed over with POST /bare-answer/:name), gzipped when asked as the API does: the
 * same bytes, without computing or checking anything. Prints `ready <ms>` once it listens.
 */
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const copies = new Map<string, { plain: Uint8Array<ArrayBuffer>; gzip: Uint8Array<ArrayBuffer> }>();

const start = performance.now();
const answer = { month: '2026-10', expected: 33, received: 30, onTime: 27, late: 3, missing: 3, approved: 20, rate: 0.909, onTimeRate: 0.818 };
const app = new Hono()
  .post('/bare-answer/:name', async (c) => {
    const plain = new TextEncoder().encode(await c.req.text());
    copies.set(c.req.param('name'), { plain, gzip: new Uint8Array(gzipSync(plain, { level: 6 })) });
    return c.json({ bytes: plain.byteLength }, 201);
  })
  .get('/bare-answer/:name/:i', (c) => {
    const copy = copies.get(c.req.param('name'));
    if (!copy) return c.json({ missing: true }, 404);
    return /\bgzip\b/.test(c.req.header('accept-encoding') ?? '') && copy.plain.byteLength >= 4096
      ? c.body(copy.gzip, 200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
      : c.body(copy.plain, 200, { 'content-type': 'application/json' });
  })
  .get('/bare/:id', (c) => c.json({ unitId: c.req.param('id'), ...answer }, 200))
  .post('/bare/:id', async (c) => {
    const body = (await c.req.json()) as { submissionId: string; month: string };
    return c.json(
      { unitId: c.req.param('id'), month: body.month, streamName: `report-${c.req.param('id')}-${body.month}`, position: '1', revision: '0', duplicate: false },
      201,
    );
  });
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: process.env.HOST ?? '127.0.0.1' }, () => {
  console.log(`ready ${Math.round(performance.now() - start)}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
