/**
 * The monthly branch report (团支部月报): the 五个一 activities of the month, the youth-needs
 * survey, meetings (三会两制一课), members, the work manual, volunteers and training; and the
 * township committee's approval or return of it. One report per organisation per month; a
 * changed report for the same month is a correction that supersedes the earlier one.
 */
import { z } from 'zod';
import { attachmentList } from './attachment.ts';
import { defineEvent } from './define.ts';

const count = z.number().int({ error: 'wholeNumber' }).min(0).max(100_000);
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'invalidMonth' });

/** What a branch reports for one month. Cross-field rules live in `monthlyReportSchema` (api). */
export const monthlyReportContent = z.object({
  /** 活跃青年: one youth activity held. */
  activity: z.object({
    held: z.boolean(),
    title: z.string().trim().max(100, { error: 'tooLong' }),
    date: z.iso.date({ error: 'invalidDate' }).nullable(),
    participants: count,
  }),
  /** 帮助青年结对: the youth the branch paired with this month. */
  pairing: z.object({ youthPaired: count, note: z.string().trim().max(200, { error: 'tooLong' }) }),
  /** 了解青年需求调查: the youth-needs survey. */
  survey: z.object({
    respondents: count,
    needs: z.array(z.object({ category: z.string().min(1).max(40), count })).max(30),
    freeText: z.string().trim().max(2000, { error: 'tooLong' }),
  }),
  /** 服务青年办实事: at least one practical service done. */
  service: z.object({ done: z.boolean(), what: z.string().trim().max(200, { error: 'tooLong' }), beneficiaries: count }),
  /** 沟通青年谈心: heart-to-heart talks. */
  talks: z.object({ count }),
  /** 三会两制一课: 支委会, 团员大会, 团小组会; 团课; the two rules (评议, 团籍注册) applied. */
  meetings: z.object({ committee: count, assembly: count, group: count, lecture: count, evaluationRule: z.boolean(), registrationRule: z.boolean() }),
  members: z.object({ leagueMembers: count, youthUnder35: count }),
  /** 基层团支部工作手册 in use this month. */
  workManualInUse: z.boolean(),
  volunteers: count,
  training: z.object({ sessions: count, people: count, hours: z.number().min(0).max(100_000) }),
});
export type MonthlyReportContent = z.infer<typeof monthlyReportContent>;

export const MonthlyReportSubmitted = defineEvent({
  type: 'MonthlyReportSubmitted',
  version: 1,
  upcasters: {},
  schema: z.object({
    reportId: z.uuid(),
    unitId: z.uuid(),
    month,
    report: monthlyReportContent,
    /** The report this one corrects, or null for the month's first. */
    supersedes: z.uuid().nullable(),
    /** When the secretary submitted it on their device (offline submissions arrive later). */
    submittedAt: z.iso.datetime(),
    /** Photos and files of the month's work, e.g. of the activity (absent in reports made before there were any). */
    attachments: attachmentList,
  }),
});

/** The township committee approved the month's report: it is locked. */
export const MonthlyReportApproved = defineEvent({
  type: 'MonthlyReportApproved',
  version: 1,
  upcasters: {},
  schema: z.object({ unitId: z.uuid(), month, reportId: z.uuid() }),
});

/** Returned with a reason: the branch corrects and submits again. */
export const MonthlyReportReturned = defineEvent({
  type: 'MonthlyReportReturned',
  version: 1,
  upcasters: {},
  schema: z.object({ unitId: z.uuid(), month, reportId: z.uuid(), reason: z.string().trim().min(1, { error: 'required' }).max(500, { error: 'tooLong' }) }),
});

/**
 * A manager recorded the day a paper report (纸质报表) for the month was handed in: lateness counts
 * from that day instead of the day the report was typed in. The reason is kept for the audit.
 */
export const MonthlyReportReceivedOnPaper = defineEvent({
  type: 'MonthlyReportReceivedOnPaper',
  version: 1,
  upcasters: {},
  schema: z.object({
    unitId: z.uuid(),
    month,
    reportId: z.uuid(),
    receivedOn: z.iso.date(),
    reason: z.string().trim().min(1, { error: 'required' }).max(500, { error: 'tooLong' }),
  }),
});

export const healthClasses = ['consolidate', 'improve', 'rectify', 'rebuild'] as const; // 巩固 提高 整顿 重建
export type HealthClass = (typeof healthClasses)[number];

/** A township overrides the computed class of a branch for a month, with a written reason. */
export const HealthClassOverridden = defineEvent({
  type: 'HealthClassOverridden',
  version: 1,
  upcasters: {},
  schema: z.object({
    unitId: z.uuid(),
    month,
    healthClass: z.enum(healthClasses),
    reason: z.string().trim().min(1, { error: 'required' }).max(500, { error: 'tooLong' }),
  }),
});

/** Reporting settings of a province: the need categories, the due day, the health rule's thresholds. */
export const reportingSettings = z.object({
  needCategories: z
    .array(z.object({ key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/), zh: z.string().min(1).max(40), en: z.string().min(1).max(60) }))
    .min(1)
    .max(30),
  /** A month's report is due by this day of the following month. */
  dueDay: z.number().int().min(1).max(28),
  health: z.object({
    /** Months looked back over (the month itself and the ones before it). */
    window: z.number().int().min(1).max(12),
    /** Average share of the 五个一 done at or above which a branch can be 巩固. */
    consolidateFiveOnes: z.number().min(0).max(1),
    /** Below this share it is 整顿. */
    rectifyFiveOnes: z.number().min(0).max(1),
    /** Fewer league members than this and it is 重建 (a branch needs at least 3). */
    minimumMembers: z.number().int().min(0).max(100),
  }),
});
export type ReportingSettings = z.infer<typeof reportingSettings>;

export const ReportingSettingsConfigured = defineEvent({
  type: 'ReportingSettingsConfigured',
  version: 1,
  upcasters: {},
  schema: z.object({ provinceId: z.uuid(), settings: reportingSettings }),
});
