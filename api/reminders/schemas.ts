/** The reminder commands and the notifications' queries, as the routes take them. */
import { z } from 'zod';
import { deliverableKinds } from '../../events/catalog/campaign.ts';
import { month } from '../../events/catalog/report.ts';

const submissionId = z.uuid({ error: 'invalidFormat' });
const position = z.string().regex(/^\d{1,20}$/, { error: 'invalidFormat' });

/** 催报 a month's report: the unit's missing organisations (or the organisation itself). */
export const remindReportsSchema = z.object({ submissionId, kind: z.literal('monthlyReport', { error: 'invalidOption' }), month });

/** 催报 a drive's deliverable: the unit itself, or (`all`) every unit of its area that has not submitted it. */
export const remindDeliverableSchema = z.object({
  submissionId,
  kind: z.enum(deliverableKinds, { error: 'invalidOption' }),
  unitId: z.uuid({ error: 'invalidFormat' }),
  all: z.boolean({ error: 'invalidOption' }).default(false),
});

export const notificationsQuery = z.object({
  limit: z.coerce.number().int({ error: 'wholeNumber' }).min(1).max(100).default(20),
  cursor: position.optional(),
  /** Read your own write: answered once the notifications have reached this log position. */
  after: position.optional(),
});

/** Everything up to this log position (the newest notification seen) is read. */
export const readNotificationsSchema = z.object({ submissionId, upTo: position });
