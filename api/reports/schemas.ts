/**
 * The monthly report as a command: the catalog's content plus the rules between fields, each
 * reported on the field it concerns so the form can show it there.
 */
import { z } from 'zod';
import { cleanText } from '../../events/catalog/text.ts';
import { healthClasses, month, monthlyReportContent, reportingSettings } from '../../events/catalog/report.ts';
import { pageQuery } from '../paging.ts';
import { attachmentSchema, MAX_ATTACHMENTS } from '../../events/catalog/attachment.ts';

const submissionId = z.uuid({ error: 'invalidFormat' });

export const submitReportSchema = z.object({
  submissionId,
  month,
  report: monthlyReportContent,
  /** Photos and files of the month, uploaded first (PUT /api/attachments/:sha256), named here by hash. */
  attachments: z.array(attachmentSchema).max(MAX_ATTACHMENTS).default([]),
  /** When the secretary pressed submit on their device (ISO 8601); the server's time when left out. */
  clientTime: z.iso.datetime({ offset: true, error: 'invalidFormat' }).optional(),
}).superRefine(({ month: reportMonth, report }, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path: ['report', ...path], message });
  const { activity, survey, service, members, training } = report;
  if (activity.held) {
    if (!activity.title) issue(['activity', 'title'], 'requiredWhenHeld');
    if (!activity.date) issue(['activity', 'date'], 'requiredWhenHeld');
    if (activity.participants < 1) issue(['activity', 'participants'], 'atLeastOne');
  }
  if (activity.date && !activity.date.startsWith(reportMonth)) issue(['activity', 'date'], 'dateOutsideMonth');
  survey.needs.forEach((need, i) => {
    if (need.count > survey.respondents) issue(['survey', 'needs', i, 'count'], 'moreThanRespondents');
  });
  const categories = survey.needs.map((need) => need.category);
  if (new Set(categories).size !== categories.length) issue(['survey', 'needs'], 'duplicateCategory');
  if (service.done) {
    if (!service.what) issue(['service', 'what'], 'requiredWhenDone');
    if (service.beneficiaries < 1) issue(['service', 'beneficiaries'], 'atLeastOne');
  }
  if (members.leagueMembers > members.youthUnder35) issue(['members', 'leagueMembers'], 'membersAboveYouth');
  if (training.sessions > 0 && (training.people < 1 || training.hours <= 0)) issue(['training', 'people'], 'trainingInconsistent');
  if (training.sessions === 0 && (training.people > 0 || training.hours > 0)) issue(['training', 'sessions'], 'trainingInconsistent');
});
export type SubmitReport = z.infer<typeof submitReportSchema>;

/** The version (report id) the manager read: a newer one arriving meanwhile is not decided unseen. */
const version = z.uuid({ error: 'required' });
export const decideReportSchema = z.object({ submissionId, version });
export const returnReportSchema = z.object({ submissionId, version, reason: cleanText(z.string().trim().min(1, { error: 'required' }).max(500, { error: 'tooLong' })) });
/** The day a paper report was handed in, recorded by a manager with the reason. */
export const paperReceiptSchema = z.object({
  submissionId,
  receivedOn: z.iso.date({ error: 'invalidDate' }),
  reason: cleanText(z.string().trim().min(1, { error: 'required' }).max(500, { error: 'tooLong' })),
});
export const overrideSchema = z.object({
  submissionId,
  month,
  healthClass: z.enum(healthClasses, { error: 'invalidOption' }),
  reason: cleanText(z.string().trim().min(1, { error: 'required' }).max(500, { error: 'tooLong' })),
});
export const settingsSchema = z.object({ submissionId, settings: reportingSettings });
export const monthQuery = z.object({
  month: month.optional(),
  after: z.string().regex(/^\d{1,20}$/, { error: 'invalidFormat' }).optional(),
});
/** Branch health: the month, then a page of its branches (filtered by class and name, sorted). */
export const healthQuery = monthQuery.extend(pageQuery(['class', 'name', 'fiveOnes'], 'class').shape).extend({
  class: z.enum([...healthClasses, 'unassessed']).optional(),
  q: z.string().trim().max(40, { error: 'tooLong' }).optional(),
});
/** The month view: the month, then its organisations paged (filtered by status and name) and its children and organisations sorted. */
export const reportingQuery = monthQuery.extend(pageQuery(['name', 'status', 'receivedAt', 'corrections', 'rate', 'missing'], 'name').shape).extend({
  status: z.enum(['missing', 'late', 'onTime']).optional(),
  q: z.string().trim().max(40, { error: 'tooLong' }).optional(),
});
/**
 * Several organisations' reports of a month decided at once (批量审核): each with the version the
 * manager read, all approved or all returned with one reason.
 */
export const decideManySchema = z.object({
  submissionId,
  month,
  decision: z.enum(['approve', 'return'], { error: 'invalidOption' }),
  reason: cleanText(z.string().trim().max(500, { error: 'tooLong' })).optional(),
  items: z.array(z.object({ unitId: z.uuid({ error: 'invalidFormat' }), version })).min(1, { error: 'required' }).max(200),
}).refine((body) => body.decision === 'approve' || Boolean(body.reason), { error: 'required', path: ['reason'] });

/** A list downloaded: the list's filter and order, every row, as .xlsx or .csv. */
const download = { format: z.enum(['xlsx', 'csv'], { error: 'invalidOption' }).default('xlsx') };
export const healthExportQuery = healthQuery.omit({ limit: true, cursor: true }).extend(download);
export const reportingExportQuery = reportingQuery.omit({ limit: true, cursor: true }).extend(download);
export const needsExportQuery = monthQuery.extend(download);
export const monthParam = z.object({ id: z.string(), month });
