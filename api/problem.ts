/**
 * Errors as problem details (RFC 9457): a title a person can read, the HTTP status, and for
 * bad input an `errors` list naming each field with a message in the caller's language.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { fieldLabels, label, type Locale } from '../events/catalog/labels.ts';
import type { RuleCode } from './errors.ts';
import type { TableCode } from './tables/table.ts';

export interface FieldError {
  /** Dotted path of the field in the request body or query. */
  field: string;
  /** Stable machine code (e.g. required, tooLong, invalidOption; a rule's code when a rule names the field). */
  code: ProblemCode;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

/** A field's check that failed: the keys of the words below (`messages`). */
export type FieldCode = keyof typeof messages;

/** Refusals of the request itself or of a file, answered outside the domain's rules and the fields' checks. */
const requestCodes = [
  'tooLarge',
  'encodingUnsupported',
  'crossSite',
  'submissionReused',
  'importsWaiting',
  'busy',
  'forbidden',
  'storeUnavailable',
  'hashMismatch',
  'fileType',
  'fileSize',
  'empty',
  'futureMonth',
  'unknownCategory',
  'monthNotOver',
] as const;

/**
 * Every code a problem, or one of its field errors, carries — the API's and the web's one list:
 * a field's check, a rule of the domain (api/errors.ts), a file that cannot be read as a table, or
 * a refusal of the request. A code outside it, or a typo, fails to compile.
 */
export type ProblemCode = FieldCode | RuleCode | TableCode | (typeof requestCodes)[number];

/** A problem's own members plus any extension members (RFC 9457 §3.2). */
type ProblemBody = { title: string; type?: string; detail?: string; code?: ProblemCode; errors?: FieldError[] } & Record<string, unknown>;

export function problem<Status extends ContentfulStatusCode>(c: Context, status: Status, body: ProblemBody) {
  const payload: Problem = { type: 'about:blank', status, ...body };
  // The request's log line and the refusal metrics name the problem (api/observability/requests.ts): its code, else
  // `invalid` for field errors, else `none` (401, 403, 404 …).
  c.set('problemCode', typeof body.code === 'string' ? body.code : body.errors ? 'invalid' : 'none');
  // c.json keeps a content type given here, and types the response for hono/client.
  return c.json(payload, status, { 'content-type': 'application/problem+json; charset=utf-8' });
}

const messages = {
  required: { 'zh-CN': (f) => `请填写${f}`, en: (f) => `${f} is required` },
  tooLong: {
    'zh-CN': (f, i) => `${f}不能超过 ${limit(i)} 个字`,
    en: (f, i) => `${f} must be at most ${limit(i)} characters`,
  },
  invalidOption: { 'zh-CN': (f) => `请从列表中选择${f}`, en: (f) => `Choose a ${f.toLowerCase()} from the list` },
  invalidFormat: { 'zh-CN': (f) => `${f}格式不正确`, en: (f) => `${f} is not in the expected format` },
  tooSmall: {
    'zh-CN': (f, i) => `${f}不能小于 ${'minimum' in i ? String(i.minimum) : ''}`,
    en: (f, i) => `${f} must be at least ${'minimum' in i ? String(i.minimum) : ''}`,
  },
  tooBig: { 'zh-CN': (f, i) => `${f}不能大于 ${limit(i)}`, en: (f, i) => `${f} must be at most ${limit(i)}` },
  invalid: { 'zh-CN': (f) => `${f}无效`, en: (f) => `${f} is not valid` },
  invalidDate: { 'zh-CN': (f) => `${f}应为日期,如 2026-06-18`, en: (f) => `${f} must be a date like 2026-06-18` },
  invalidLogin: {
    'zh-CN': (f) => `${f}须为 3–32 位小写字母、数字或 . _ -`,
    en: (f) => `${f} must be 3–32 lower-case letters, digits or . _ -`,
  },
  invalidEmail: { 'zh-CN': (f) => `${f}格式不正确,如 name@example.cn`, en: (f) => `${f} must look like name@example.cn` },
  invalidPhone: { 'zh-CN': (f) => `${f}应为 6–20 位数字,如 13800138000`, en: (f) => `${f} must be 6–20 digits, like 13800138000` },
  requiredWhenHeld: { 'zh-CN': (f) => `开展了活动时须填写${f}`, en: (f) => `${f} is required when an activity was held` },
  requiredWhenDone: { 'zh-CN': (f) => `办了实事时须填写${f}`, en: (f) => `${f} is required when a service was done` },
  atLeastOne: { 'zh-CN': (f) => `${f}至少为 1`, en: (f) => `${f} must be at least 1` },
  dateOutsideMonth: { 'zh-CN': (f) => `${f}须在所报月份内`, en: (f) => `${f} must fall in the month reported` },
  moreThanRespondents: { 'zh-CN': () => '人数不能超过调查人数', en: () => 'Cannot exceed the number of respondents' },
  duplicateCategory: { 'zh-CN': () => '同一需求分类只能填一次', en: () => 'Each need category once' },
  membersAboveYouth: { 'zh-CN': () => '团员人数不能超过35岁以下青年人数', en: () => 'League members cannot outnumber the youth under 35' },
  trainingInconsistent: {
    'zh-CN': () => '培训场次、人数和学时须一致(有场次则须有人数和学时)',
    en: () => 'Sessions, people and hours must agree (sessions need people and hours)',
  },
  invalidMonth: { 'zh-CN': (f) => `${f}格式应为 2026-06`, en: (f) => `${f} must look like 2026-06` },
  wholeNumber: { 'zh-CN': (f) => `${f}须为整数`, en: (f) => `${f} must be a whole number` },
  endsBeforeStart: { 'zh-CN': () => '结束日期不能早于开始日期', en: () => 'The end cannot be before the start' },
  tooShort: {
    'zh-CN': (f, i) => `${f}至少 ${'minimum' in i ? String(i.minimum) : ''} 个字`,
    en: (f, i) => `${f} needs at least ${'minimum' in i ? String(i.minimum) : ''} characters`,
  },
  yearMismatch: { 'zh-CN': () => '年度须与第一阶段开始日期的年份一致', en: () => 'The year must be the year the first phase starts' },
  passwordTooShort: { 'zh-CN': () => '密码至少 10 位', en: () => 'The password needs at least 10 characters' },
  invalidCharacters: {
    'zh-CN': (f) => `${f}含有看不见的控制字符或改变文字方向的字符,请删除后重试(可重新输入该项)`,
    en: (f) => `${f} holds invisible control or text-direction characters; remove them (retype the field) and try again`,
  },
  passwordBlank: { 'zh-CN': () => '密码不能只有空格', en: () => 'The password cannot be only spaces' },
  passwordRepeated: { 'zh-CN': () => '密码不能是同一个字符的重复', en: () => 'The password cannot be one character repeated' },
  passwordCommon: {
    'zh-CN': () => '这是最常见的密码之一,很容易被猜到,请换一个',
    en: () => 'This is one of the most common passwords and easily guessed; choose another',
  },
} satisfies Record<string, Record<Locale, (field: string, issue: z.core.$ZodIssue) => string>>;

function limit(issue: z.core.$ZodIssue): string {
  return 'maximum' in issue ? String(issue.maximum) : '';
}

/** The value the caller sent at a path ('' and absent both count as not given). */
function given(input: unknown, path: readonly PropertyKey[]): boolean {
  let value = input;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value !== undefined && value !== null && value !== '';
}

const isFieldCode = (text: string): text is FieldCode => text in messages;

/** Our own codes are set as the schema's error text; zod's own codes map onto the same few. */
function codeOf(issue: z.core.$ZodIssue, input: unknown): FieldCode {
  if (isFieldCode(issue.message)) return issue.message;
  if (issue.code === 'invalid_value') return given(input, issue.path) ? 'invalidOption' : 'required';
  if (issue.code === 'invalid_format') return 'invalidFormat';
  if (issue.code === 'invalid_type') return given(input, issue.path) ? 'invalidFormat' : 'required';
  if (issue.code === 'too_big') return issue.origin === 'string' ? 'tooLong' : 'tooBig';
  if (issue.code === 'too_small') return issue.origin === 'string' || issue.origin === 'array' ? 'required' : 'tooSmall';
  return 'invalid';
}

/** Field errors in the caller's language; `input` is what was sent, to tell "missing" from "wrong". */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], locale: Locale, input?: unknown): FieldError[] {
  return issues.map((issue) => {
    const field = issue.path.join('.') || '(body)';
    const code = codeOf(issue, input);
    // The name of a field may depend on what it belongs to (activity.title: the activity's name).
    const last = String(issue.path[issue.path.length - 1] ?? field);
    const pair = issue.path.slice(-2).join('.');
    const name = label(fieldLabels, pair in fieldLabels ? pair : last, locale);
    return { field, code, message: messages[code][locale](name, issue) };
  });
}

export const titles = {
  invalid: { 'zh-CN': '提交的内容有误,请按提示修改', en: 'Some fields need correcting' },
} as const;
