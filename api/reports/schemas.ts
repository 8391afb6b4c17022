/**
 * The reports' requests. The monthly report itself (its content and the rules between fields)
 * lives in ./rules.ts, which the report form also runs in the browser.
 */
import { z } from 'zod';
import { cleanText } from '../../events/catalog/text.ts';
import { healthClasses, month, reportingSettings } from '../../events/catalog/report.ts';
import { submitReportSchema } from './rules.ts';
import { pageQuery } from '../paging.ts';

const submissionId = z.uuid({ error: 'invalidFormat' });

/** The report as sent, checked for its format and its rules between fields at once (shared with the form: ./rules.ts). */
export { submitReportSchema };
export type SubmitReport = z.infer<typeof submitReportSchema>;

/** The version (report id) the manager read: a newer one arriving meanwhile is not decided unseen. */
const version = z.uuid({ error: 'required' });
export const decideReportSchema = z.object({ submissionId, version });
export const returnReportSchema = z.object({
  submissionId,
  version,
  reason: cleanText(z.string().trim().min(1, { error: 'required' }).max(500, { error: 'tooLong' })),
});
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
  after: z
    .string()
    .regex(/^\d{1,20}$/, { error: 'invalidFormat' })
    .optional(),
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
export const decideManySchema = z
  .object({
    submissionId,
    month,
    decision: z.enum(['approve', 'return'], { error: 'invalidOption' }),
    reason: cleanText(z.string().trim().max(500, { error: 'tooLong' })).optional(),
    items: z
      .array(z.object({ unitId: z.uuid({ error: 'invalidFormat' }), version }))
      .min(1, { error: 'required' })
      .max(200),
  })
  .refine((body) => body.decision === 'approve' || Boolean(body.reason), { error: 'required', path: ['reason'] });

/** A list downloaded: the list's filter and order, every row, as .xlsx or .csv. */
const download = { format: z.enum(['xlsx', 'csv'], { error: 'invalidOption' }).default('xlsx') };
export const healthExportQuery = healthQuery.omit({ limit: true, cursor: true }).extend(download);
export const reportingExportQuery = reportingQuery.omit({ limit: true, cursor: true }).extend(download);
export const needsExportQuery = monthQuery.extend(download);
export const monthParam = z.object({ id: z.string(), month });
