/**
 * The OpenAPI 3.1 document of the API, generated from the app itself: every route Hono knows
 * (`app.routes`), with the request schemas its `validate` middlewares check (./registry.ts),
 * converted by zod's own `z.toJSONSchema`. Only words are added by hand, per route, in ./routes.ts;
 * a route missing there still appears, and the test (test/api/openapi.test.ts) fails.
 */
import type { RouterRoute } from 'hono/types';
import { z } from 'zod';
import { problemResponses, problemSchema, receiptSchema, securitySchemes, type ProblemStatus } from './components.ts';
import { schemaOf, type RequestSchema } from './registry.ts';
import { documentedAs, routeWords, tags, type Answer, type RouteWords } from './routes.ts';

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

/** Hono's `/units/:id` (a parameter may carry a pattern, `:id{[0-9]+}`) as OpenAPI's `/units/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)(\{(?:[^{}]|\{[^}]*\})*\})?/g, '{$1}');
}

/** A request schema as JSON Schema: what a caller may send (input), files as binary strings. Made once per schema. */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const known = converted.get(schema);
  if (known) return structuredClone(known);
  const json = z.toJSONSchema(documentedAs.get(schema) ?? schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      // z.instanceof(File) (an upload's file) is a custom check: in a form it is a file part.
      if (zodSchema._zod.def.type === 'custom') Object.assign(jsonSchema, { type: 'string', contentMediaType: 'application/octet-stream' });
    },
  }) as JsonSchema;
  delete json.$schema;
  converted.set(schema, json);
  return structuredClone(json);
}
const converted = new WeakMap<z.ZodType, JsonSchema>();

/** A body with a `submissionId` (in itself, or in each shape of a union) is a command: it answers a receipt. */
function isCommand(json: JsonSchema): boolean {
  const shapes = (json.oneOf ?? json.anyOf ?? [json]) as JsonSchema[];
  return shapes.every((shape) => typeof shape.properties === 'object' && shape.properties !== null && 'submissionId' in shape.properties);
}

/** The media types of a success answer by its kind. */
const mediaTypes: Record<NonNullable<Answer['type']>, string[]> = {
  json: ['application/json'],
  download: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
  binary: ['application/octet-stream'],
  html: ['text/html'],
  javascript: ['text/javascript'],
  css: ['text/css'],
  text: ['text/plain'],
};

function parametersOf(path: string, validated: RequestSchema[]): Operation[] {
  const parameters: Operation[] = [];
  const params = validated.find((v) => v.target === 'param');
  const paramSchema = params ? jsonSchemaOf(params.schema) : undefined;
  for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
    const schema = (paramSchema?.properties as Record<string, JsonSchema> | undefined)?.[name!] ?? { type: 'string' };
    parameters.push({ name, in: 'path', required: true, schema });
  }
  for (const { target, schema } of validated) {
    if (target !== 'query' && target !== 'header') continue;
    const json = jsonSchemaOf(schema);
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries((json.properties as Record<string, JsonSchema> | undefined) ?? {})) {
      const { description, ...rest } = property;
      parameters.push({ name, in: target, required: required.has(name) && !('default' in property), ...(description ? { description } : {}), schema: rest });
    }
  }
  return parameters;
}

function requestBodyOf(validated: RequestSchema[], words: RouteWords | undefined): Operation | undefined {
  const json = validated.find((v) => v.target === 'json');
  if (json) return { required: true, content: { 'application/json': { schema: jsonSchemaOf(json.schema) } } };
  const form = validated.find((v) => v.target === 'form');
  if (form) return { required: true, content: { 'multipart/form-data': { schema: jsonSchemaOf(form.schema) } } };
  if (words?.body === 'file')
    return { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } };
  if (words?.body === 'files') {
    const schema = {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' } } },
    };
    return { required: true, content: { 'multipart/form-data': { schema } } };
  }
  return undefined;
}

/** The refusals an operation may answer, from what it is: public or not, with a body, ids in its path. */
function refusalsOf(method: string, path: string, words: RouteWords | undefined, validates: boolean): ProblemStatus[] {
  const changes = method === 'POST' || method === 'PUT' || method === 'DELETE';
  const statuses = new Set<ProblemStatus>([503]);
  if (validates) statuses.add(400);
  if (!words?.public) statuses.add(401).add(403);
  if (changes) statuses.add(403);
  if (path.includes('{')) statuses.add(404);
  if (method === 'POST' || method === 'PUT') statuses.add(409).add(413).add(415);
  for (const extra of words?.refusals ?? []) statuses.add(extra);
  return [...statuses].sort();
}

function responsesOf(method: string, path: string, words: RouteWords | undefined, validated: RequestSchema[]): Operation {
  const responses: Operation = {};
  const command = validated.some((v) => v.target === 'json' && isCommand(jsonSchemaOf(v.schema)));
  if (words?.ok) {
    for (const [status, answer] of Object.entries(words.ok)) {
      responses[status] = { description: answer.description, content: Object.fromEntries(mediaTypes[answer.type ?? 'json'].map((type) => [type, {}])) };
    }
  } else if (command) {
    const receipt = { 'application/json': { schema: { $ref: '#/components/schemas/Receipt' } } };
    responses['201'] = { description: 'Recorded (已记录): a receipt', content: receipt };
    responses['200'] = { description: 'The same submission sent again (or nothing to change): the first receipt; nothing written', content: receipt };
  } else {
    responses['200'] = { description: 'OK', content: { 'application/json': {} } };
  }
  const refusals = refusalsOf(method, path, words, validated.length > 0 || words?.body !== undefined);
  for (const status of refusals) responses[status] = { $ref: `#/components/responses/Problem${status}` };
  return responses;
}

const operationId = (method: string, path: string) =>
  method.toLowerCase() +
  path
    .replace(/^\/api/, '')
    .split(/[/{}-]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');

export function openApiDocument(routes: readonly RouterRoute[], version: string) {
  const operations = new Map<string, { method: string; path: string; validated: RequestSchema[] }>();
  for (const route of routes) {
    if (route.method === 'ALL') continue; // middleware (`.use`), not a route
    const key = `${route.method} ${route.path}`;
    const entry = operations.get(key) ?? { method: route.method, path: route.path, validated: [] };
    const validated = schemaOf(route.handler);
    if (validated) entry.validated.push(validated);
    operations.set(key, entry);
  }
  const paths: Record<string, Record<string, Operation>> = {};
  for (const { method, path, validated } of operations.values()) {
    const at = openApiPath(path);
    const words = routeWords[`${method} ${at}`];
    const parameters = parametersOf(at, validated);
    const requestBody = requestBodyOf(validated, words);
    (paths[at] ??= {})[method.toLowerCase()] = {
      operationId: operationId(method, at),
      summary: words?.summary ?? `${method} ${at}`,
      ...(words?.description ? { description: words.description } : {}),
      tags: [words?.tag ?? 'other'],
      ...(words?.public ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: responsesOf(method, at, words, validated),
    };
  }
  const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'League Pulse 团建速报 API',
      version,
      description: [
        '团建速报的接口参考:由各接口校验请求所用的同一套 zod 模式生成。The API reference, generated from the zod schemas the routes validate with.',
        '',
        [
          'Sign in with `POST /api/session`; the web app then sends the `lp_session` cookie, a script sends the returned token as',
          '`Authorization: Bearer <token>`. Every refusal is a problem detail (RFC 9457) in the caller’s language (`Accept-Language: en`',
          'for English). A command takes a `submissionId` (a UUID chosen by the caller): the same submission sent again answers the first',
          'receipt and writes nothing. Every query takes `?after=<position>` (a receipt’s position) and answers once the read models have reached it.',
        ].join(' '),
      ].join('\n'),
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { bearer: [] }],
    tags,
    paths,
    components: {
      securitySchemes,
      schemas: { Problem: jsonSchemaOf(problemSchema), Receipt: jsonSchemaOf(receiptSchema) },
      responses: Object.fromEntries(
        Object.entries(problemResponses).map(([status, description]) => [`Problem${status}`, { description, content: problemContent }]),
      ),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
