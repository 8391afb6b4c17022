/**
 * Reminders (催报): a branch that has not reported, or a unit that owes a drive's deliverable, is
 * reminded — by a manager from the month view or the timeline, or by the schedule a few days
 * before a due day — and after the due day the unit's manager is told which are overdue
 * (escalation). One reminder may cover all the missing units of an area: one event, one
 * group-robot message, one email per person told. A reminder's id is derived from (unit, period, kind, day), and its stream is
 * `reminder-<id>` written only when new, so a retry, a second click or a second replica never
 * reminds twice the same day. Each external channel's delivery is claimed on that stream before
 * it is sent and recorded after, so two replicas never both send it.
 */
import { z } from 'zod';
import { defineEvent } from './define.ts';

export const reminderKinds = ['monthlyReport', 'deliverable', 'escalation'] as const;
export type ReminderKind = (typeof reminderKinds)[number];
export const reminderChannels = ['email', 'webhook'] as const;
export type ReminderChannel = (typeof reminderChannels)[number];

const day = z.iso.date();

export const ReminderSent = defineEvent({
  type: 'ReminderSent',
  version: 1,
  upcasters: {},
  schema: z.object({
    /** uuidFromName(`reminder:${unitId}:${period}:${kind}:${day}`) — see reminderId in api/reminders. */
    reminderId: z.uuid(),
    kind: z.enum(reminderKinds),
    /**
     * The unit the reminder is for: one unit that owes (a branch, or a unit owing a deliverable),
     * or the area (a township, a county) whose missing units are reminded at once; for an
     * escalation, the unit whose managers are told.
     */
    unitId: z.uuid(),
    /** What is owed: the month (`2026-06`) of a monthly report; `<campaignId>:<deliverableKind>` of a deliverable; for an escalation, the period escalated. */
    period: z.string().min(1).max(120),
    /** The China day the reminder was sent on (one reminder per unit, period and kind a day). */
    day,
    /** The due day of what is owed. */
    due: day,
    /** Sent by the schedule (the event's actor is then `system`), not by a person. */
    scheduled: z.boolean(),
    /** The units that owe, reminded by this one reminder: `[unitId]` for one; the missing ones of an area; the overdue ones of an escalation. */
    units: z.array(z.uuid()).min(1).max(5000),
    /** The accounts told (the owing units' secretaries or managers; for an escalation, the area's managers), as they stood when it was sent. */
    recipients: z.array(z.uuid()).max(5000),
  }),
});

/** One external channel of a reminder taken on by one process: the claim that stops a second replica sending it too. */
export const ReminderDeliveryClaimed = defineEvent({
  type: 'ReminderDeliveryClaimed',
  version: 1,
  upcasters: {},
  schema: z.object({ reminderId: z.uuid(), channel: z.enum(reminderChannels), claimedBy: z.string().min(1).max(80) }),
});

/** What became of one external channel of a reminder: sent (to how many addresses), or failed with the reason. */
export const ReminderDelivered = defineEvent({
  type: 'ReminderDelivered',
  version: 1,
  upcasters: {},
  schema: z.object({
    reminderId: z.uuid(),
    channel: z.enum(reminderChannels),
    ok: z.boolean(),
    /** Addresses or webhook calls reached. */
    sent: z.number().int().min(0),
    error: z.string().max(500).optional(),
  }),
});

/** A person read their notifications (the bell): everything up to this log position is read. */
export const NotificationsRead = defineEvent({
  type: 'NotificationsRead',
  version: 1,
  upcasters: {},
  schema: z.object({ userId: z.uuid(), upTo: z.string().regex(/^\d{1,20}$/) }),
});
