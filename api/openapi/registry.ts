/**
 * Which schema each validating middleware checks, so the API reference is generated from the
 * very schemas the routes validate with. `validate` (api/validate.ts) records each middleware it
 * makes; the document (./document.ts) finds them again among a route's handlers in `app.routes`.
 * Keyed by the middleware function itself: no route file names its schemas twice.
 */
import type { ValidationTargets } from 'hono';
import { findTargetHandler } from 'hono/utils/handler';
import type { z } from 'zod';

export interface RequestSchema {
  target: keyof ValidationTargets;
  schema: z.ZodType;
}

const schemas = new WeakMap<object, RequestSchema>();

export function recordSchema<Middleware extends object>(middleware: Middleware, target: keyof ValidationTargets, schema: z.ZodType): Middleware {
  schemas.set(middleware, { target, schema });
  return middleware;
}

/** The schema a handler of `app.routes` validates with (a sub-app's handlers are wrapped: unwrapped first). */
export function schemaOf(handler: Parameters<typeof findTargetHandler>[0]): RequestSchema | undefined {
  return schemas.get(findTargetHandler(handler)) ?? schemas.get(handler);
}
