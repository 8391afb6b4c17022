import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { requestLocale } from './locale.ts';
import { fieldErrors, problem, titles } from './problem.ts';

/**
 * The one validation path for every route: @hono/zod-validator with a hook that turns zod's
 * issues into a 400 problem naming each bad field. Nothing reaches a handler unvalidated.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const locale = requestLocale(c);
      return problem(c, 400, { title: titles.invalid[locale], errors: fieldErrors(result.error.issues, locale, result.data) });
    }
  });
}
