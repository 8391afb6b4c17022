import { createHash } from 'node:crypto';
import { zValidator } from '@hono/zod-validator';
import type { Context, ValidationTargets } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { z } from 'zod';
import type { ApiEnv } from './context.ts';
import { requestLocale } from './locale.ts';
import { recordSchema } from './openapi/registry.ts';
import { fieldErrors, problem, titles } from './problem.ts';

/**
 * The one validation path for every route: @hono/zod-validator with a hook that turns zod's
 * issues into a 400 problem naming each bad field. Nothing reaches a handler unvalidated.
 *
 * A valid JSON body also leaves its fingerprint (`requestHash`: the route's path and the body as
 * validated), which commands keep in their events' metadata: a submission id sent again with
 * other content is then told apart from a true resend (api/commands.ts).
 *
 * Each middleware made here is recorded with its schema: the API reference (/api/openapi.json)
 * is generated from them (api/openapi/).
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  const validator = zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const locale = requestLocale(c);
      return problem(c, 400, { title: titles.invalid[locale], errors: fieldErrors(result.error.issues, locale, result.data) });
    }
    if (target === 'json') (c as unknown as Context<ApiEnv>).set('requestHash', fingerprint(c.req.path, result.data));
  });
  if (target !== 'json') return recordSchema(validator, target, schema);
  // A JSON body must be valid UTF-8: decoded leniently, a broken byte sequence would become U+FFFD
  // and be stored altered. Checked here, after sign-in (the body is read only for those who may
  // send it); Hono keeps the bytes, so the validator reads them again.
  return recordSchema(
    createMiddleware(async (c, next) => {
      if (/json/i.test(c.req.header('content-type') ?? '')) {
        try {
          strictUtf8.decode(await c.req.arrayBuffer());
        } catch {
          const en = requestLocale(c) === 'en';
          return problem(c, 400, { title: en ? 'The request body is not valid UTF-8 text' : '请求内容不是有效的 UTF-8 文本' });
        }
      }
      return validator(c, next);
    }) as typeof validator,
    target,
    schema,
  );
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A stable hash of a request: object keys sorted, so the same content always hashes the same. */
export function fingerprint(path: string, body: unknown): string {
  return createHash('sha256').update(stableJson({ path, body })).digest('base64url');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
