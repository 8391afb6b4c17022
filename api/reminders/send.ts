/**
 * Sends one planned reminder through the reminder decider: its stream is named by the id of
 * (unit, period, kind, day), so whatever asks — a manager's click, its retry, the schedule on
 * any replica — the day's reminder is written once, and the others learn it was already sent.
 */
import type { EventStore } from '../../events/store/port.ts';
import { handleCommand, type CommandContext } from '../commands.ts';
import { reminderDecider, reminderId, reminderStream } from './decider.ts';
import type { ReminderPlan } from './owing.ts';

export interface SentReminder {
  reminderId: string;
  unitId: string;
  /** The owing units and the accounts told (as planned now; for a resent submission, what it sent). */
  units: number;
  recipients: number;
  /** Sent earlier today (another submission, the schedule): nothing was sent now. */
  alreadySent: boolean;
  /** This very submission had been carried out before (a retry): its reminder stands, nothing new was written. */
  duplicate: boolean;
  position: string;
}

/** What a plan whose every unit was reminded earlier today answers: nothing written, already sent. */
export function sentEarlier(plan: ReminderPlan, day: string): SentReminder {
  return {
    reminderId: reminderId(plan.unitId, plan.period, plan.kind, day),
    unitId: plan.unitId,
    units: 0,
    recipients: 0,
    alreadySent: true,
    duplicate: false,
    position: '0',
  };
}

export async function sendReminder(
  store: EventStore,
  plan: ReminderPlan,
  request: { day: string; scheduled: boolean; submissionId: string; context: CommandContext },
): Promise<SentReminder> {
  const id = reminderId(plan.unitId, plan.period, plan.kind, request.day);
  const receipt = await handleCommand(store, reminderDecider, {
    streamName: reminderStream(id),
    submissionId: request.submissionId,
    command: { type: 'remind', ...plan, day: request.day, scheduled: request.scheduled },
    context: request.context,
  });
  const alreadySent = receipt.unchanged === true;
  return {
    reminderId: id,
    unitId: plan.unitId,
    units: alreadySent ? 0 : plan.units.length,
    recipients: alreadySent ? 0 : plan.recipients.length,
    alreadySent,
    duplicate: receipt.duplicate,
    position: receipt.position,
  };
}
