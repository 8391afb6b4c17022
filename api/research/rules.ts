/**
 * A visit record's rules, in code that runs on the server (the API) and in the browser (the visit
 * form checks itself before anything is stored or sent): the record's format (`recordVisitSchema`)
 * and the day's place in the round (`visitDateRule`: within the round, not after today), with the
 * rule's words. Nothing here may need Node: the form page imports it.
 */
import { z } from 'zod';
import { attachmentSchema, MAX_ATTACHMENTS } from '../../events/catalog/attachment.ts';
import type { Locale } from '../../events/catalog/labels.ts';
import { finding, researchItems } from '../../events/catalog/research.ts';

const day = z.iso.date({ error: 'invalidDate' });

/** `POST /api/research-teams/:teamId/visits`. */
export const recordVisitSchema = z.object({
  submissionId: z.uuid({ error: 'invalidFormat' }),
  regionId: z.uuid({ error: 'invalidOption' }),
  item: z.enum(researchItems, { error: 'invalidOption' }),
  date: day,
  place: z.string().trim().min(1, { error: 'required' }).max(100, { error: 'tooLong' }),
  participants: z.object({
    count: z.number().int({ error: 'wholeNumber' }).min(1, { error: 'atLeastOne' }).max(10_000),
    who: z.string().trim().max(500, { error: 'tooLong' }).default(''),
  }),
  notes: z.string().trim().max(5000, { error: 'tooLong' }).default(''),
  findings: z.array(finding).min(1, { error: 'required' }).max(20),
  recommendations: z.string().trim().max(2000, { error: 'tooLong' }).default(''),
  location: z
    .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) })
    .nullable()
    .default(null),
  /** Files uploaded first (PUT /api/attachments/:sha256), named here by hash. */
  attachments: z.array(attachmentSchema).max(MAX_ATTACHMENTS).default([]),
  clientTime: z.iso.datetime({ offset: true, error: 'invalidFormat' }).optional(),
});

export interface VisitDates {
  startsOn: string;
  endsOn: string;
  /** Today where the visit is recorded (China's calendar). */
  today: string;
}

/** Why a visit's day is refused (the rule's code), or null: it must fall within the round and not after today. */
export function visitDateRule(date: string, dates: VisitDates): 'visitOutsideRound' | 'visitInFuture' | null {
  if (date < dates.startsOn || date > dates.endsOn) return 'visitOutsideRound';
  if (date > dates.today) return 'visitInFuture';
  return null;
}

/** The rule's words, with the round's dates and today filled in (api/errors.ts fills `{name}` the same way). */
export const visitRuleMessages: Record<'visitOutsideRound' | 'visitInFuture', Record<Locale, string>> = {
  visitOutsideRound: { 'zh-CN': '日期须在本次调研的起止日期({startsOn} 至 {endsOn})内', en: 'The date must fall within the round ({startsOn} to {endsOn})' },
  visitInFuture: { 'zh-CN': '日期不能晚于今天({today})', en: 'The date cannot be after today ({today})' },
};
