/**
 * The 100-day drive (百日集中行动): a committee declares a campaign for its units from the
 * template of the source plan (three phases, deadlines); units below deliver what each phase
 * asks (baseline, rectification list and plan, summary, statistical tables 附件1/2, an
 * outstanding case 附件3), the level above approves or returns them; the declaring committee
 * publishes a monthly progress bulletin whose ranking is frozen in the event itself.
 */
import { z } from 'zod';
import { attachmentSchema } from './attachment.ts';
import { defineEvent } from './define.ts';
import { healthClasses, month } from './report.ts';

const id = z.uuid();
const day = z.iso.date({ error: 'invalidDate' });

export const phaseKeys = ['survey', 'mobilise', 'summarise'] as const; // 调查研究、制定方案 / 宣传发动、整顿提高 / 总结和巩固提高
export type PhaseKey = (typeof phaseKeys)[number];

/**
 * What units deliver. Townships deliver all five; committees between the township and the
 * declaring committee (counties, cities) deliver the last three for their own area.
 */
export const deliverableKinds = ['baseline', 'rectification', 'case', 'summary', 'tables'] as const;
export type DeliverableKind = (typeof deliverableKinds)[number];
export const townshipDeliverables: readonly DeliverableKind[] = deliverableKinds;
export const committeeDeliverables: readonly DeliverableKind[] = ['case', 'summary', 'tables'];

export const phaseSchema = z.object({ key: z.enum(phaseKeys), start: day, end: day });
export type Phase = z.infer<typeof phaseSchema>;
export const deadlineSchema = z.object({ kind: z.enum(deliverableKinds), phase: z.enum(phaseKeys), due: day });
export type Deadline = z.infer<typeof deadlineSchema>;

export const CampaignDeclared = defineEvent({
  type: 'CampaignDeclared',
  version: 1,
  upcasters: {},
  schema: z.object({
    campaignId: id,
    /** The declaring committee (province, city or county); the drive covers its subtree. */
    unitId: id,
    name: z.string().trim().min(1, { error: 'required' }).max(80, { error: 'tooLong' }),
    template: z.literal('hundredDays'),
    phases: z.array(phaseSchema).length(3),
    deadlines: z.array(deadlineSchema).length(deliverableKinds.length),
    /** Directly affiliated organisations opened on or after this day count as new (2345 rule). */
    newSince: day,
  }),
});

/** A phase extended or shortened (or moved): the dates before and after, with the reason. */
export const CampaignPhaseRescheduled = defineEvent({
  type: 'CampaignPhaseRescheduled',
  version: 1,
  upcasters: {},
  schema: z.object({
    campaignId: id,
    phase: z.enum(phaseKeys),
    from: z.object({ start: day, end: day }),
    to: z.object({ start: day, end: day }),
    reason: z.string().trim().min(1, { error: 'required' }).max(500, { error: 'tooLong' }),
  }),
});

export const CampaignDeadlineRescheduled = defineEvent({
  type: 'CampaignDeadlineRescheduled',
  version: 1,
  upcasters: {},
  schema: z.object({
    campaignId: id,
    kind: z.enum(deliverableKinds),
    from: day,
    to: day,
    reason: z.string().trim().min(1, { error: 'required' }).max(500, { error: 'tooLong' }),
  }),
});

export { attachmentSchema, type Attachment } from './attachment.ts';

/** Totals of the statistical tables at the time they were submitted (the rows are exported live). */
export const tableTotals = z.record(z.string().max(40), z.number());

/** What each kind of deliverable holds. */
export const deliverableContent = z.discriminatedUnion('kind', [
  /** Every branch's health class as the township confirmed it (computed, overrides applied). */
  z.object({
    kind: z.literal('baseline'),
    month,
    classes: z.array(z.object({ unitId: id, healthClass: z.enum(healthClasses) })).max(5000),
  }),
  z.object({
    kind: z.literal('rectification'),
    branches: z.array(id).max(5000),
    plan: z.string().trim().min(20, { error: 'tooShort' }).max(10_000, { error: 'tooLong' }),
  }),
  z.object({
    kind: z.literal('case'),
    title: z.string().trim().min(1, { error: 'required' }).max(100, { error: 'tooLong' }),
    /** About 2,000 characters in the source plan. */
    text: z.string().trim().min(500, { error: 'tooShort' }).max(6000, { error: 'tooLong' }),
    attachments: z.array(attachmentSchema).max(10),
  }),
  z.object({
    kind: z.literal('summary'),
    text: z.string().trim().min(100, { error: 'tooShort' }).max(20_000, { error: 'tooLong' }),
  }),
  z.object({
    kind: z.literal('tables'),
    asOf: day,
    table1: tableTotals,
    table2: tableTotals,
  }),
]);
export type DeliverableContent = z.infer<typeof deliverableContent>;

export const DeliverableSubmitted = defineEvent({
  type: 'DeliverableSubmitted',
  version: 1,
  upcasters: {},
  schema: z.object({
    campaignId: id,
    unitId: id,
    submissionId: id,
    content: deliverableContent,
    /** The submission this one replaces (a correction), or null for the first. */
    supersedes: id.nullable(),
    submittedAt: z.iso.datetime(),
  }),
});

export const DeliverableApproved = defineEvent({
  type: 'DeliverableApproved',
  version: 1,
  upcasters: {},
  schema: z.object({ campaignId: id, unitId: id, kind: z.enum(deliverableKinds), submissionId: id }),
});

export const DeliverableReturned = defineEvent({
  type: 'DeliverableReturned',
  version: 1,
  upcasters: {},
  schema: z.object({
    campaignId: id,
    unitId: id,
    kind: z.enum(deliverableKinds),
    submissionId: id,
    reason: z.string().trim().min(1, { error: 'required' }).max(500, { error: 'tooLong' }),
  }),
});

/** One unit's line in a bulletin, with the figures its score was computed from. */
export const bulletinRow = z.object({
  unitId: id,
  name: z.string(),
  rank: z.number().int().min(1),
  score: z.number(),
  deliverables: z.number(),
  targets: z.number(),
  reporting: z.number(),
  workManual: z.number(),
  talk: z.boolean(),
});
export type BulletinRow = z.infer<typeof bulletinRow>;

/** The levels a bulletin can rank (市/县/乡镇): any level below its publisher. */
export const rankedLevels = ['city', 'county', 'township'] as const;
export type RankedLevel = (typeof rankedLevels)[number];

/**
 * A monthly progress bulletin (进度通报), published: its ranking is part of the fact, so data
 * that arrives later never changes what was published.
 */
export const BulletinPublished = defineEvent({
  type: 'BulletinPublished',
  version: 1,
  upcasters: {},
  schema: z.object({
    campaignId: id,
    unitId: id,
    month,
    /** The day the figures stand at. */
    asOf: day,
    rows: z.array(bulletinRow).max(5000),
    note: z.string().trim().max(2000, { error: 'tooLong' }),
    /**
     * The level ranked (层级), at or below the publisher's direct children. Absent in bulletins
     * published before a level could be chosen: those ranked the publisher's direct children.
     */
    level: z.enum(rankedLevels).optional(),
  }),
});
