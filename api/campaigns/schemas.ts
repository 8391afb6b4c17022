/** The drive's commands and queries as the API takes them. */
import { z } from 'zod';
import { pageQuery } from '../paging.ts';
import { cleanLine, cleanText } from '../../events/catalog/text.ts';
import { attachmentSchema, deliverableKinds, phaseKeys, rankedLevels } from '../../events/catalog/campaign.ts';
import { month } from '../../events/catalog/report.ts';

const submissionId = z.uuid({ error: 'invalidFormat' });
const unitId = z.uuid({ error: 'invalidFormat' });
const day = z.iso.date({ error: 'invalidDate' });
const reason = cleanText(z.string().trim().min(1, { error: 'required' }).max(500, { error: 'tooLong' }));
const clientTime = z.iso.datetime({ offset: true, error: 'invalidFormat' }).optional();

/**
 * Declared from the template for a year; any of its dates may be given to replace the
 * template's (all three phases, any deadlines, the day new organisations count from).
 */
export const declareCampaignSchema = z
  .object({
    submissionId,
    unitId,
    name: cleanLine(z.string().trim().min(1, { error: 'required' }).max(80, { error: 'tooLong' })),
    year: z.number().int({ error: 'wholeNumber' }).min(2000).max(2100),
    phases: z
      .array(z.object({ key: z.enum(phaseKeys, { error: 'invalidOption' }), start: day, end: day }))
      .length(3)
      .optional(),
    deadlines: z
      .array(z.object({ kind: z.enum(deliverableKinds, { error: 'invalidOption' }), due: day }))
      .max(deliverableKinds.length)
      .optional(),
    newSince: day.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.phases && body.phases[0]!.start.slice(0, 4) !== String(body.year)) ctx.addIssue({ code: 'custom', path: ['year'], message: 'yearMismatch' });
    body.phases?.forEach((phase, i) => {
      if (phase.key !== phaseKeys[i]) ctx.addIssue({ code: 'custom', path: ['phases', i, 'key'], message: 'invalidOption' });
      if (phase.end < phase.start) ctx.addIssue({ code: 'custom', path: ['phases', i, 'end'], message: 'endsBeforeStart' });
    });
  });

export const reschedulePhaseSchema = z
  .object({ submissionId, start: day, end: day, reason })
  .refine((body) => body.end >= body.start, { path: ['end'], message: 'endsBeforeStart' });
export const rescheduleDeadlineSchema = z.object({ submissionId, due: day, reason });

/** What a unit submits; baseline and tables are worked out by the server from the projections. */
export const submitDeliverableSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('baseline'), submissionId, month: month.optional(), clientTime }),
    z.object({
      kind: z.literal('rectification'),
      submissionId,
      clientTime,
      branches: z.array(unitId).max(5000),
      plan: z.string().trim().min(20, { error: 'tooShort' }).max(10_000, { error: 'tooLong' }),
    }),
    z.object({
      kind: z.literal('case'),
      submissionId,
      clientTime,
      title: z.string().trim().min(1, { error: 'required' }).max(100, { error: 'tooLong' }),
      text: z.string().trim().min(500, { error: 'tooShort' }).max(6000, { error: 'tooLong' }),
      attachments: z.array(attachmentSchema).max(10).default([]),
    }),
    z.object({
      kind: z.literal('summary'),
      submissionId,
      clientTime,
      text: z.string().trim().min(100, { error: 'tooShort' }).max(20_000, { error: 'tooLong' }),
    }),
    z.object({ kind: z.literal('tables'), submissionId, clientTime }),
  ],
  { error: 'invalidOption' },
);
export type SubmitDeliverable = z.infer<typeof submitDeliverableSchema>;

/** The version (its submission id) the approver read: a correction arriving meanwhile is not decided unseen. */
const version = z.uuid({ error: 'required' });
export const decideSchema = z.object({ submissionId, version });
export const returnSchema = z.object({ submissionId, version, reason });
/**
 * 批量审核 of a drive's deliverables: those ticked in the inbox (unit, kind and the version read),
 * all approved or all returned with one reason.
 */
export const decideManyDeliverablesSchema = z
  .object({
    submissionId,
    decision: z.enum(['approve', 'return'], { error: 'invalidOption' }),
    reason: cleanText(z.string().trim().max(500, { error: 'tooLong' })).optional(),
    items: z
      .array(z.object({ unitId, kind: z.enum(deliverableKinds, { error: 'invalidOption' }), version }))
      .min(1, { error: 'required' })
      .max(200),
  })
  .refine((body) => body.decision === 'approve' || Boolean(body.reason), { error: 'required', path: ['reason'] });
/** `level`: the level ranked (市/县/乡镇), below the publisher; the publisher's direct children when not given. */
const level = z.enum(rankedLevels, { error: 'invalidOption' });
export const publishBulletinSchema = z.object({
  submissionId,
  unitId,
  month,
  note: z.string().trim().max(2000, { error: 'tooLong' }).default(''),
  level: level.optional(),
});

const after = z
  .string()
  .regex(/^\d{1,20}$/, { error: 'invalidFormat' })
  .optional();
export const templateQuery = z.object({ year: z.coerce.number().int({ error: 'wholeNumber' }).min(2000).max(2100).optional() });
/** A view "as of" the end of a past day in China (default: today). */
const asOf = day.optional();
export const campaignsQuery = z.object({ unit: unitId.optional(), after, asOf });
export const unitQuery = z.object({ unit: unitId.optional(), after, asOf });
/** The drive's timeline from a unit: its rows (the units below) paged, by name. */
export const timelineQuery = unitQuery.extend(pageQuery(['name'], 'name').shape);
/** Progress against the targets: a county's townships paged, sorted, and filtered to those missing a target. */
export const targetsQuery = unitQuery.extend(pageQuery(['name', 'population', 'direct', 'new', 'sixHas', 'manual'], 'name').shape).extend({
  unmet: z.enum(['direct', 'new', 'total']).optional(),
});
/** A list downloaded whole with its filter and order, as .xlsx or .csv. */
const format = z.enum(['xlsx', 'csv'], { error: 'invalidOption' }).default('xlsx');
export const targetsExportQuery = targetsQuery.omit({ limit: true, cursor: true }).extend({ format });
export const bulletinQuery = z.object({ unit: unitId.optional(), month: month.optional(), level: level.optional(), after, asOf });
/** A unit's ranks in the published bulletins, newest first, paged (`limit`, `cursor`), in one drive when `campaign` is given. */
export const ranksQuery = z.object({
  after,
  limit: z.coerce.number().int({ error: 'wholeNumber' }).min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,20}$/, { error: 'invalidFormat' })
    .optional(),
  campaign: unitId.optional(),
});
/**
 * The inbox: what waits for a decision (paged by `cursor`) and what was returned (paged by
 * `returnedCursor`), both `limit` long, oldest first by default (`sort=due` by due date), optionally one kind.
 */
export const inboxQuery = z
  .object({ after, asOf })
  .extend(pageQuery(['receivedAt', 'due'], 'receivedAt').shape)
  .extend({
    returnedCursor: z
      .string()
      .regex(/^\d{1,9}$/, { error: 'invalidFormat' })
      .optional(),
    kind: z.enum(deliverableKinds).optional(),
  });
export const inboxExportQuery = inboxQuery.omit({ limit: true, cursor: true, returnedCursor: true }).extend({ format });
