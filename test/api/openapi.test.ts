/**
 * The API reference (/api/openapi.json, /api/docs): every route of the app is in the document,
 * with the schema it validates its body and query with; the document's words cover every route;
 * refusals are described as the problems the API really answers; the page and its viewer are
 * served from this server under a policy that allows them and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { usersQuery } from '../../api/accounts/schemas.ts';
import { problemSchema } from '../../api/openapi/components.ts';
import { openApiPath } from '../../api/openapi/document.ts';
import { schemaOf } from '../../api/openapi/registry.ts';
import { routeWords, tags } from '../../api/openapi/routes.ts';
import { reportFields } from '../../api/reports/rules.ts';
import { renameSchema } from '../../api/units/schemas.ts';
import { setupAdministrator, type Auth } from './fixtures.ts';
import { json, send, startTestApi } from './harness.ts';

// biome-ignore lint/suspicious/noExplicitAny: the document is walked as plain JSON
type Json = any;

let api: Awaited<ReturnType<typeof startTestApi>>;
let admin: Auth;
let doc: Json;

beforeAll(async () => {
  api = await startTestApi();
  admin = await setupAdministrator(api);
  const answer = await api.app.request('/api/openapi.json');
  expect(answer.status).toBe(200);
  doc = await answer.json();
});
afterAll(() => api.close());

/** The routes of the app as Hono lists them (middleware, `ALL`, left out), with what each validates. */
function appRoutes() {
  const routes = new Map<string, { method: string; path: string; targets: Set<string> }>();
  for (const route of api.app.routes) {
    if (route.method === 'ALL') continue;
    const key = `${route.method} ${route.path}`;
    const entry = routes.get(key) ?? { method: route.method, path: route.path, targets: new Set<string>() };
    const validated = schemaOf(route.handler);
    if (validated) entry.targets.add(validated.target);
    routes.set(key, entry);
  }
  return [...routes.values()];
}

/** A body schema that says something: its fields, or the shapes it may take (a union by `kind`). */
const described = (schema: Json) => Boolean(schema?.properties ?? schema?.oneOf ?? schema?.anyOf);

/** The fields a zod object requires: those that refuse to be left out. */
const requiredOf = (schema: z.ZodObject) =>
  Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key)
    .sort();

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and names every route of the app, with the request schemas it validates', () => {
    expect(doc.openapi).toBe('3.1.0');
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThan(80);
    const missing: string[] = [];
    const withoutSchema: string[] = [];
    for (const { method, path, targets } of routes) {
      const operation = doc.paths[openApiPath(path)]?.[method.toLowerCase()];
      if (!operation) {
        missing.push(`${method} ${path}`);
        continue;
      }
      if (targets.has('json') && !described(operation.requestBody?.content?.['application/json']?.schema)) withoutSchema.push(`${method} ${path} (json body)`);
      if (targets.has('form') && !described(operation.requestBody?.content?.['multipart/form-data']?.schema)) withoutSchema.push(`${method} ${path} (form)`);
      if (targets.has('query') && !operation.parameters?.some((p: Json) => p.in === 'query')) withoutSchema.push(`${method} ${path} (query)`);
    }
    expect(missing, 'routes of the app missing from /api/openapi.json').toEqual([]);
    expect(withoutSchema, 'routes whose validated input is not in the document').toEqual([]);
    // And nothing in the document that the app does not have.
    const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(routes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort());
  });

  it('has words for every route (ours, not the generated fallback), tagged by a capability it lists', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item as object).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op: op as Json })),
    );
    expect(
      operations.filter(({ key }) => !(key in routeWords)).map(({ key }) => key),
      'add these to api/openapi/routes.ts',
    ).toEqual([]);
    expect(
      Object.keys(routeWords).filter((key) => !operations.some((o) => o.key === key)),
      'words for routes the app no longer has',
    ).toEqual([]);
    const names = new Set(tags.map((tag) => tag.name));
    for (const { op } of operations) expect(names.has(op.tags[0])).toBe(true);
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('takes a body’s schema from the route’s own zod schema', () => {
    const rename = doc.paths['/api/units/{id}/rename'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(rename.properties).sort()).toEqual(Object.keys(renameSchema.shape).sort());
    expect([...rename.required].sort()).toEqual(requiredOf(renameSchema));
    expect(rename.properties.name.maxLength).toBe(60);
    const report = doc.paths['/api/units/{id}/reports'].post.requestBody.content['application/json'].schema;
    expect([...report.required].sort()).toEqual(requiredOf(reportFields));
    const users = doc.paths['/api/users'].get.parameters.filter((p: Json) => p.in === 'query').map((p: Json) => p.name);
    expect(users.sort()).toEqual(Object.keys(usersQuery.shape).sort());
    // A command answers a receipt, also when its body is a union of shapes (a deliverable, by `kind`).
    for (const path of ['/api/units/{id}/rename', '/api/campaigns/{id}/deliverables/{unitId}']) {
      expect(doc.paths[path].post.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Receipt' });
    }
    const upload = doc.paths['/api/imports'].post.requestBody.content['multipart/form-data'].schema;
    expect(upload.required).toEqual(['file']);
  });

  it('describes sign-in (cookie and bearer) and the public routes', () => {
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'lp_session' });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ session: [] }, { bearer: [] }]);
    expect(doc.paths['/api/session'].post.security).toEqual([]);
    expect(doc.paths['/api/units'].get.security).toBeUndefined();
    expect(doc.paths['/api/units'].get.responses['401']).toEqual({ $ref: '#/components/responses/Problem401' });
  });

  it('describes refusals as the problem details the API answers', async () => {
    for (const status of [400, 401, 403, 404, 409, 413, 415, 503]) {
      expect(doc.components.responses[`Problem${status}`].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    }
    expect(doc.components.schemas.Problem.required.sort()).toEqual(['status', 'title', 'type']);
    const rename = doc.paths['/api/units/{id}/rename'].post.responses;
    expect(Object.keys(rename)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403', '404', '409', '413', '415', '503']));
    // Real refusals fit the schema the document gives them.
    const bad = await send(api.app, '/api/units/00000000-0000-7000-8000-000000000000/rename', json({ name: '' }, admin));
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(problemSchema.parse(bad.body).errors?.map((e) => e.field)).toEqual(expect.arrayContaining(['submissionId', 'revision']));
    const anonymous = await send(api.app, '/api/units');
    expect(anonymous.status).toBe(401);
    problemSchema.parse(anonymous.body);
  });

  it('has every reference resolve', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const pointer = ref.slice(8, -1).replace(/^#\//, '').split('/');
      expect(
        pointer.reduce((node: Json, key) => node?.[key], doc),
        ref,
      ).toBeDefined();
    }
  });
});

describe('the reference page', () => {
  it('answers HTML that loads the viewer from this server, under a policy that allows just that', async () => {
    const page = await api.app.request('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<script src="/api/docs/swagger-ui-bundle.js"></script>\n<script src="/api/docs/reference.js"></script>');
    expect(html).not.toMatch(/<script>(?!<)/); // no inline script: the policy runs none
    expect(html).not.toMatch(/https?:\/\//); // nothing from elsewhere
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-eval');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the viewer and its start-up as JavaScript (gzip’d when asked)', async () => {
    const viewer = await api.app.request('/api/docs/swagger-ui-bundle.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(viewer.headers.get('content-encoding')).toBe('gzip');
    expect(viewer.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const plain = await api.app.request('/api/docs/swagger-ui-bundle.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toContain('SwaggerUIBundle');
    const styles = await api.app.request('/api/docs/swagger-ui.css');
    expect(styles.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await styles.text()).toContain('.swagger-ui');
    const startUp = await api.app.request('/api/docs/reference.js');
    expect(startUp.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await startUp.text()).toContain("url: '/api/openapi.json'");
  });

  it('keeps the strict policy on every other answer', async () => {
    const document = await api.app.request('/api/openapi.json');
    expect(document.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const health = await api.app.request('/api/health');
    expect(health.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
