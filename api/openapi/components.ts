/**
 * What every operation of the reference shares: how a caller signs in, and the problem-detail
 * answer (RFC 9457, api/problem.ts) behind every refusal.
 */
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/sessions.ts';

/** The shape api/problem.ts answers with (`Problem` and `FieldError` there), as a schema for the document. */
const fieldError = z.object({
  field: z.string().describe('Dotted path of the field in the request body or query (`(body)` for the body as a whole)'),
  code: z.string().describe('Stable machine code: required, tooLong, invalidOption, invalidFormat, …'),
  message: z.string().describe('In the caller’s language (Accept-Language: zh-CN by default, or en)'),
});

export const problemSchema = z
  .looseObject({
    type: z.string().describe('`about:blank` unless a more specific type applies'),
    title: z.string().describe('What went wrong, for a person, in the caller’s language'),
    status: z.number().int().describe('The HTTP status, repeated'),
    detail: z.string().optional(),
    code: z
      .string()
      .optional()
      .describe(
        'A stable code for a refusal the caller may act on: changedMeanwhile, submissionReused, crossSite, tooLarge, encodingUnsupported, or a domain rule’s code',
      ),
    errors: z.array(fieldError).optional().describe('For 400: each field that needs correcting'),
  })
  .describe('A problem detail (RFC 9457), `application/problem+json`. Extension members may follow (a domain rule’s code, a limit, row errors of an import).');

export const securitySchemes = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      '会话 Cookie. Set by `POST /api/session` (sign in) for the web app. A request that changes something with it must come from this site (its `Origin`), else `403 crossSite`.',
  },
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'The `session.token` of `POST /api/session`, sent as `Authorization: Bearer <token>`: for scripts and integrations (no Origin check).',
  },
} as const;

/** The refusals, each answered as a problem. */
export const problemResponses = {
  400: 'Bad input (参数有误): `errors` names each field',
  401: 'Not signed in (请先登录)',
  403: 'Not permitted, or no such object: the two answer alike (无权访问或对象不存在); also `crossSite`',
  404: 'No such object or route',
  409: 'Refused by a rule (`code`), changed meanwhile (`changedMeanwhile`), or a submission id reused with other content (`submissionReused`)',
  413: 'The body is larger than the limit (`tooLarge`, with `limit` in bytes)',
  415: 'A compressed request body (`encodingUnsupported`)',
  429: 'Too many attempts (sign-in) or imports waiting; `Retry-After` says when to try again',
  503: 'Not ready yet, the event store does not answer, or the read models did not reach `after` in time',
} as const;
export type ProblemStatus = keyof typeof problemResponses;

/** A command's answer (api/commands.ts `Receipt`), often with the new object's id beside it. */
export const receiptSchema = z
  .looseObject({
    streamName: z.string(),
    position: z.string().describe('Log position of the command’s last event (64-bit, as a string): send it back as `?after=` to read one’s own write'),
    revision: z.string(),
    duplicate: z.boolean().describe('True when this submission had been accepted before: nothing new was written'),
    unchanged: z.boolean().optional().describe('True when the command changed nothing'),
  })
  .describe('A receipt (回执): where the command’s events stand in the log');
