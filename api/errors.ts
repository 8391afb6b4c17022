import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { EventIdConflictError, StoreUnavailableError, WrongExpectedRevisionError } from '../events/store/errors.ts';
import { ProjectionFailedError, ReadYourWritesTimeoutError } from '../projections/runner.ts';
import { DomainRuleError } from './decider.ts';
import { problem } from './problem.ts';

/** Maps the typed errors of the layers below to problem details; anything else is a 500. */
export function handleError(error: Error, c: Context) {
  if (error instanceof DomainRuleError) {
    return problem(c, 409, { title: error.message, code: error.code, errors: error.field ? [{ field: error.field, code: error.code, message: error.message }] : undefined });
  }
  if (error instanceof WrongExpectedRevisionError) {
    return problem(c, 409, { title: 'The record was changed by someone else; reload and try again', expected: error.expected, actual: String(error.actual) });
  }
  if (error instanceof EventIdConflictError) {
    return problem(c, 409, { title: 'This submission id was already used for something else', detail: error.message });
  }
  if (error instanceof ReadYourWritesTimeoutError) {
    return problem(c, 503, { title: 'The view has not caught up with your change yet; try again shortly', detail: error.message, position: error.position.toString(), behind: error.behind });
  }
  if (error instanceof ProjectionFailedError || error instanceof StoreUnavailableError) {
    return problem(c, 503, { title: 'Service unavailable', detail: error.message });
  }
  // Hono's own rejections (e.g. a body that is not JSON) keep their status, as problem details.
  if (error instanceof HTTPException) return problem(c, error.status as ContentfulStatusCode, { title: error.message });
  console.error(error);
  return problem(c, 500, { title: 'Internal error', detail: 'The error was logged.' });
}
