/**
 * The monthly report form and the API's body, both ways, in code that runs on the server (the
 * form action) and in the browser (the offline outbox): `reportBody(formData)` builds the JSON
 * of `POST /api/units/:id/reports` from what the form holds; `reportValues(report)` fills the
 * form from a report; `reportFailure(problem, status, values)` puts each of the API's messages
 * beside the field it names (`report.activity.title` → `activity-title`,
 * `report.survey.needs.0.count` → the input of that need's category); `reportSentPage` is
 * where a submission lands (the action's redirect, the outbox's `redirect`).
 *
 * Input names (and ids) are the API's paths without `report.`, with dashes for dots; a need's
 * count is `survey-needs-<category key>`, so the form holds one input per category of the
 * province's settings, in their order. Checkboxes are present (`on`) or absent.
 */
import type { Problem } from '../../../api/problem.ts';
import type { MonthlyReportContent } from '../../../events/catalog/report.ts';
import { numberOrText, type FormFailure, type Values } from './forms.ts';

/** The body of `POST /api/units/:id/reports`. */
export interface ReportBody {
  submissionId: string;
  month: string;
  report: MonthlyReportContent;
  /** When the user pressed submit on their device (the outbox sets it; the server's time when absent). */
  clientTime?: string;
}

export const NEED_PREFIX = 'survey-needs-';

/** The report's checkboxes. */
export const reportChecks = ['activity-held', 'service-done', 'meetings-evaluationRule', 'meetings-registrationRule', 'workManualInUse'] as const;
/** The report's counts (whole numbers, except training hours). */
export const reportCounts = [
  'activity-participants',
  'pairing-youthPaired',
  'survey-respondents',
  'service-beneficiaries',
  'talks-count',
  'meetings-committee',
  'meetings-assembly',
  'meetings-group',
  'meetings-lecture',
  'members-leagueMembers',
  'members-youthUnder35',
  'volunteers',
  'training-sessions',
  'training-people',
  'training-hours',
] as const;
/** The report's texts and its date. */
export const reportTexts = ['activity-title', 'activity-date', 'pairing-note', 'survey-freeText', 'service-what'] as const;

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};
/** A number as typed: empty is null, anything not a number goes on as typed — the API refuses both, naming the field. */
const number = (form: FormData, name: string) => numberOrText(text(form, name)) as number;
const checked = (form: FormData, name: string) => form.has(name);

/** The API's body from the report form (what was typed, unjudged: the API validates). */
export function reportBody(form: FormData): ReportBody {
  const needs: MonthlyReportContent['survey']['needs'] = [];
  for (const [name, value] of form) {
    if (!name.startsWith(NEED_PREFIX) || typeof value !== 'string' || value.trim() === '') continue;
    needs.push({ category: name.slice(NEED_PREFIX.length), count: numberOrText(value) as number });
  }
  const date = text(form, 'activity-date').trim();
  const clientTime = text(form, 'clientTime');
  return {
    submissionId: text(form, 'submissionId'),
    month: text(form, 'month'),
    report: {
      activity: {
        held: checked(form, 'activity-held'),
        title: text(form, 'activity-title'),
        date: date === '' ? null : date,
        participants: number(form, 'activity-participants'),
      },
      pairing: { youthPaired: number(form, 'pairing-youthPaired'), note: text(form, 'pairing-note') },
      survey: { respondents: number(form, 'survey-respondents'), needs, freeText: text(form, 'survey-freeText') },
      service: { done: checked(form, 'service-done'), what: text(form, 'service-what'), beneficiaries: number(form, 'service-beneficiaries') },
      talks: { count: number(form, 'talks-count') },
      meetings: {
        committee: number(form, 'meetings-committee'),
        assembly: number(form, 'meetings-assembly'),
        group: number(form, 'meetings-group'),
        lecture: number(form, 'meetings-lecture'),
        evaluationRule: checked(form, 'meetings-evaluationRule'),
        registrationRule: checked(form, 'meetings-registrationRule'),
      },
      members: { leagueMembers: number(form, 'members-leagueMembers'), youthUnder35: number(form, 'members-youthUnder35') },
      workManualInUse: checked(form, 'workManualInUse'),
      volunteers: number(form, 'volunteers'),
      training: { sessions: number(form, 'training-sessions'), people: number(form, 'training-people'), hours: number(form, 'training-hours') },
    },
    ...(clientTime ? { clientTime } : {}),
  };
}

/** Everything the form held, as typed (a checked box is `on`, an unchecked one absent): what a failed form shows again. */
export function formValues(form: FormData): Values {
  const values: Values = {};
  for (const [name, value] of form) if (typeof value === 'string') values[name] = value;
  return values;
}

/** The form's fields holding a report (to correct it, or to read it). */
export function reportValues(report: MonthlyReportContent): Values {
  const values: Values = {
    'activity-title': report.activity.title,
    'activity-date': report.activity.date ?? '',
    'activity-participants': String(report.activity.participants),
    'pairing-youthPaired': String(report.pairing.youthPaired),
    'pairing-note': report.pairing.note,
    'survey-respondents': String(report.survey.respondents),
    'survey-freeText': report.survey.freeText,
    'service-what': report.service.what,
    'service-beneficiaries': String(report.service.beneficiaries),
    'talks-count': String(report.talks.count),
    'meetings-committee': String(report.meetings.committee),
    'meetings-assembly': String(report.meetings.assembly),
    'meetings-group': String(report.meetings.group),
    'meetings-lecture': String(report.meetings.lecture),
    'members-leagueMembers': String(report.members.leagueMembers),
    'members-youthUnder35': String(report.members.youthUnder35),
    volunteers: String(report.volunteers),
    'training-sessions': String(report.training.sessions),
    'training-people': String(report.training.people),
    'training-hours': String(report.training.hours),
  };
  const checks: Record<(typeof reportChecks)[number], boolean> = {
    'activity-held': report.activity.held,
    'service-done': report.service.done,
    'meetings-evaluationRule': report.meetings.evaluationRule,
    'meetings-registrationRule': report.meetings.registrationRule,
    workManualInUse: report.workManualInUse,
  };
  for (const [name, on] of Object.entries(checks)) if (on) values[name] = 'on';
  for (const need of report.survey.needs) values[NEED_PREFIX + need.category] = String(need.count);
  return values;
}

/**
 * A new month's form: counts at 0 (nothing done is a true answer), texts empty; the members as
 * the last report had them (they seldom change), or empty for the secretary to fill in.
 */
export function blankValues(previous?: MonthlyReportContent | null): Values {
  const values: Values = Object.fromEntries(reportCounts.map((name) => [name, '0']));
  values['members-leagueMembers'] = previous ? String(previous.members.leagueMembers) : '';
  values['members-youthUnder35'] = previous ? String(previous.members.youthUnder35) : '';
  if (previous?.workManualInUse) values.workManualInUse = 'on';
  return values;
}

/** The need categories in the order `reportBody` sends them: the form's filled-in need fields, in the form's order. */
function sentNeeds(values: Values): string[] {
  return Object.entries(values)
    .filter(([name, value]) => name.startsWith(NEED_PREFIX) && value.trim() !== '')
    .map(([name]) => name.slice(NEED_PREFIX.length));
}

/**
 * The form field an API error path names, or null when the form has no such field. `values` are
 * the form's fields as sent (FormData order), which say which category `survey.needs.<i>` was.
 */
export function reportFieldOf(path: string, values: Values): string | null {
  if (path === 'month') return 'month';
  const need = /^report\.survey\.needs\.(\d+)\.(?:count|category)$/.exec(path);
  if (need) {
    const category = sentNeeds(values)[Number(need[1])];
    return category ? NEED_PREFIX + category : null;
  }
  if (!path.startsWith('report.')) return null;
  const name = path.slice('report.'.length).replaceAll('.', '-');
  return (reportChecks as readonly string[]).includes(name) ||
    (reportCounts as readonly string[]).includes(name) ||
    (reportTexts as readonly string[]).includes(name)
    ? name
    : null;
}

/**
 * The API's refusal as the form shows it: each message beside its field, the others above the
 * form — from the problem and the fields as typed only, so the outbox can show a refusal that
 * came back days later in the very same way (`reportFailure(entry.lastError, status, entry.form.values)`).
 */
export function reportFailure(problem: Pick<Problem, 'title' | 'errors'>, status: number, values: Values, action = 'submit'): FormFailure {
  const errors: Record<string, string> = {};
  const others: string[] = [];
  for (const item of problem.errors ?? []) {
    const field = reportFieldOf(item.field, values);
    if (field && !errors[field]) errors[field] = item.message;
    else others.push(item.message);
  }
  return { action, values, errors, formError: status >= 500 ? null : problem.title, others, status };
}

/** The report's page after a submission, showing it (`after`: read-your-writes) with "submitted" above it. */
export function reportSentPage(unitId: string, receipt: { month?: unknown; position: string }): string {
  return `/units/${unitId}/reports?${new URLSearchParams({ month: String(receipt.month ?? ''), after: receipt.position, sent: '1' })}`;
}
