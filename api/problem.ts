/**
 * Errors as problem details (RFC 9457): a title a person can read, the HTTP status, and for
 * bad input an `errors` list naming each field with a message in the caller's language.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { fieldLabels, label, type Locale } from '../events/catalog/labels.ts';

export interface FieldError {
  /** Dotted path of the field in the request body or query. */
  field: string;
  /** Stable machine code (e.g. required, tooLong, invalidOption). */
  code: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

/** A problem's own members plus any extension members (RFC 9457 §3.2). */
type ProblemBody = { title: string; type?: string; detail?: string; errors?: FieldError[] } & Record<string, unknown>;

export function problem<Status extends ContentfulStatusCode>(c: Context, status: Status, body: ProblemBody) {
  const payload: Problem = { type: 'about:blank', status, ...body };
  // c.json keeps a content type given here, and types the response for hono/client.
  return c.json(payload, status, { 'content-type': 'application/problem+json; charset=utf-8' });
}

const messages: Record<string, Record<Locale, (field: string, issue: z.core.$ZodIssue) => string>> = {
  required: { 'zh-CN': (f) => `请填写${f}`, en: (f) => `${f} is required` },
  tooLong: {
    'zh-CN': (f, i) => `${f}不能超过 ${limit(i)} 个字`,
    en: (f, i) => `${f} must be at most ${limit(i)} characters`,
  },
  invalidOption: { 'zh-CN': (f) => `请从列表中选择${f}`, en: (f) => `Choose a ${f.toLowerCase()} from the list` },
  invalidFormat: { 'zh-CN': (f) => `${f}格式不正确`, en: (f) => `${f} is not in the expected format` },
  invalid: { 'zh-CN': (f) => `${f}无效`, en: (f) => `${f} is not valid` },
  invalidDate: { 'zh-CN': (f) => `${f}应为日期,如 2026-06-18`, en: (f) => `${f} must be a date like 2026-06-18` },
  invalidLogin: {
    'zh-CN': (f) => `${f}须为 3–32 位小写字母、数字或 . _ -`,
    en: (f) => `${f} must be 3–32 lower-case letters, digits or . _ -`,
  },
  passwordTooShort: { 'zh-CN': () => '密码至少 10 位', en: () => 'The password needs at least 10 characters' },
};

function limit(issue: z.core.$ZodIssue): string {
  return 'maximum' in issue ? String(issue.maximum) : '';
}

/** Our own codes are set as the schema's error text; zod's own codes map onto the same few. */
function codeOf(issue: z.core.$ZodIssue): string {
  if (issue.message in messages) return issue.message;
  if (issue.code === 'invalid_value') return 'invalidOption';
  if (issue.code === 'invalid_format') return 'invalidFormat';
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
  if (issue.code === 'too_big') return 'tooLong';
  if (issue.code === 'too_small') return 'required';
  if (issue.code === 'invalid_type') return 'invalidFormat';
  return 'invalid';
}

export function fieldErrors(issues: readonly z.core.$ZodIssue[], locale: Locale): FieldError[] {
  return issues.map((issue) => {
    const field = issue.path.join('.') || '(body)';
    const code = codeOf(issue);
    const name = label(fieldLabels, String(issue.path[issue.path.length - 1] ?? field), locale);
    return { field, code, message: messages[code]![locale](name, issue) };
  });
}

export const titles = {
  invalid: { 'zh-CN': '提交的内容有误,请按提示修改', en: 'Some fields need correcting' },
} as const;
