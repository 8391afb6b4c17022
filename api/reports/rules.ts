/**
 * The monthly report's rules, in code that runs on the server (the API's schema) and in the
 * browser (the form checks itself before anything is stored or sent): the content's format
 * (the catalog's schema) and the rules between fields, each reported on the field it concerns.
 *
 * Both kinds are reported in one pass: the rules between fields also run when some fields are
 * malformed, on the fields that are well-formed (a rule reading a refused field is skipped, so no
 * field is refused twice), so a secretary sees every mistake at once. Nothing here may need Node: the form page imports it.
 */
import { z } from 'zod';
import { attachmentSchema, MAX_ATTACHMENTS } from '../../events/catalog/attachment.ts';
import { monthlyReportContent, month } from '../../events/catalog/report.ts';
import type { FieldCode } from '../problem.ts';

/** One refusal of a rule between fields: the field's path in the body and the message code. */
export interface RuleIssue {
  path: (string | number)[];
  code: FieldCode;
}

type Loose = Record<string, unknown>;
const at = (value: unknown, key: string): unknown => (value !== null && typeof value === 'object' ? (value as Loose)[key] : undefined);
/** A part of the body as an object (an empty one when it is missing or not an object). */
const part = (value: unknown, key: string): Loose => {
  const inner = at(value, key);
  return inner !== null && typeof inner === 'object' ? (inner as Loose) : {};
};
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isText = (value: unknown): value is string => typeof value === 'string';

/**
 * The rules between a report's fields, over a body of any shape (fields that are missing or of
 * the wrong type take no part in a rule). Paths are the body's: `report.activity.date` etc.
 */
export function reportRuleIssues(body: unknown): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const issue = (path: (string | number)[], code: FieldCode) => issues.push({ path: ['report', ...path], code });
  const reportMonth = at(body, 'month');
  const report = part(body, 'report');
  const activity = part(report, 'activity');
  const survey = part(report, 'survey');
  const service = part(report, 'service');
  const members = part(report, 'members');
  const training = part(report, 'training');
  if (activity.held === true) {
    if (isText(activity.title) && !activity.title.trim()) issue(['activity', 'title'], 'requiredWhenHeld');
    if (activity.date === null || activity.date === '') issue(['activity', 'date'], 'requiredWhenHeld');
    if (isNumber(activity.participants) && activity.participants < 1) issue(['activity', 'participants'], 'atLeastOne');
  }
  if (isText(activity.date) && activity.date && isText(reportMonth) && /^\d{4}-\d{2}$/.test(reportMonth) && !activity.date.startsWith(reportMonth))
    issue(['activity', 'date'], 'dateOutsideMonth');
  const needs = Array.isArray(survey.needs) ? (survey.needs as unknown[]) : [];
  needs.forEach((need, i) => {
    const count = at(need, 'count');
    if (isNumber(count) && isNumber(survey.respondents) && count > survey.respondents) issue(['survey', 'needs', i, 'count'], 'moreThanRespondents');
  });
  const categories = needs.map((need) => at(need, 'category'));
  if (new Set(categories).size !== categories.length) issue(['survey', 'needs'], 'duplicateCategory');
  if (service.done === true) {
    if (isText(service.what) && !service.what.trim()) issue(['service', 'what'], 'requiredWhenDone');
    if (isNumber(service.beneficiaries) && service.beneficiaries < 1) issue(['service', 'beneficiaries'], 'atLeastOne');
  }
  if (isNumber(members.leagueMembers) && isNumber(members.youthUnder35) && members.leagueMembers > members.youthUnder35)
    issue(['members', 'leagueMembers'], 'membersAboveYouth');
  const { sessions, people, hours } = training;
  if (isNumber(sessions) && isNumber(people) && isNumber(hours)) {
    if (sessions > 0 && (people < 1 || hours <= 0)) issue(['training', 'people'], 'trainingInconsistent');
    if (sessions === 0 && (people > 0 || hours > 0)) issue(['training', 'sessions'], 'trainingInconsistent');
  }
  return issues;
}

/**
 * What was sent without the fields at `paths`: only the objects along each path are copied (one
 * level each), so a body nested however deep costs no more than its refused paths are long.
 */
function without(input: unknown, paths: readonly (readonly PropertyKey[])[]): unknown {
  if (input === null || typeof input !== 'object') return input;
  const shallow = (value: object): Loose => (Array.isArray(value) ? ([...value] as unknown as Loose) : { ...(value as Loose) });
  const root = shallow(input);
  for (const path of paths) {
    let node: Loose | null = path.length > 0 ? root : null;
    for (const key of path.slice(0, -1)) {
      const child: unknown = node?.[String(key)];
      node = child !== null && typeof child === 'object' ? (node![String(key)] = shallow(child)) : null;
    }
    if (node) delete node[String(path[path.length - 1])];
  }
  return root;
}

const submissionId = z.uuid({ error: 'invalidFormat' });

/** The report's format: the catalog's content, the month, the submission's id and time (also what the API reference shows). */
export const reportFields = z.object({
  submissionId,
  month,
  report: monthlyReportContent,
  /** Photos and files of the month, uploaded first (PUT /api/attachments/:sha256), named here by hash. */
  attachments: z.array(attachmentSchema).max(MAX_ATTACHMENTS).default([]),
  /** When the secretary pressed submit on their device (ISO 8601); the server's time when left out. */
  clientTime: z.iso.datetime({ offset: true, error: 'invalidFormat' }).optional(),
});

/**
 * `POST /api/units/:id/reports`: the report's format and its rules between fields, all reported
 * at once. (Not `reportFields.superRefine`: zod skips an object's refinements once a field fails,
 * and a whole-number check stops them even with `when` — a secretary would meet the rules only
 * in a second round.) The rules run on the parsed report when its format is right, else on what
 * was sent.
 */
export const submitReportSchema: z.ZodType<z.output<typeof reportFields>, z.input<typeof reportFields>> = z.unknown().transform((input, ctx) => {
  const parsed = reportFields.safeParse(input);
  if (parsed.success) {
    for (const { path, code } of reportRuleIssues(parsed.data)) ctx.addIssue({ code: 'custom', path, message: code, input });
    return parsed.data;
  }
  ctx.issues.push(...(parsed.error.issues as unknown as typeof ctx.issues)); // as zod found them: fieldErrors reads their codes
  // A refused field takes no part in a rule (need counts are not judged against a negative number of respondents).
  for (const { path, code } of reportRuleIssues(
    without(
      input,
      parsed.error.issues.map((issue) => issue.path),
    ),
  )) {
    ctx.addIssue({ code: 'custom', path, message: code, input });
  }
  return z.NEVER;
}) as never;
