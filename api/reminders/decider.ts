/**
 * A reminder (催报), stream `reminder-<reminderId>`: written once. Its id is derived from the unit,
 * the period, the kind and the China day, so a retry, a second click, a second replica or the
 * schedule meeting a manager's click on the same day finds the stream written and reminds nobody
 * twice; the next day is a new stream.
 */
import type { DomainEvent, StoredEvent } from '../../events/catalog/index.ts';
import type { ReminderKind } from '../../events/catalog/reminder.ts';
import { uuidFromName } from '../../events/ids.ts';
import { DomainRuleError, type Decider } from '../decider.ts';

/** The id of the one reminder of a unit for a period and kind on a China day. */
export function reminderId(unitId: string, period: string, kind: ReminderKind, day: string): string {
  return uuidFromName(`reminder:${unitId}:${period}:${kind}:${day}`);
}

export const reminderStream = (id: string) => `reminder-${id}`;

export interface RemindCommand {
  type: 'remind';
  kind: ReminderKind;
  /** The owing unit, or the area whose missing units are reminded at once, or (escalation) the unit whose managers are told. */
  unitId: string;
  period: string;
  day: string;
  due: string;
  scheduled: boolean;
  /** The owing units this reminder covers. */
  units: string[];
  recipients: string[];
}

export interface ReminderState {
  sent: boolean;
}

export const reminderDecider: Decider<ReminderState, RemindCommand> = {
  initialState: () => ({ sent: false }),
  evolve: (state, event: StoredEvent) => (event.type === 'ReminderSent' ? { sent: true } : state),
  decide(command, state): DomainEvent[] {
    // Already reminded today (by anyone, or by the schedule): nothing is sent twice.
    if (state.sent) return [];
    if (command.units.length === 0) throw new DomainRuleError('nothingToRemind', 'every unit has already reported: there is nobody to remind');
    const { kind, unitId, period, day, due, scheduled, units, recipients } = command;
    return [
      {
        type: 'ReminderSent',
        data: {
          reminderId: reminderId(unitId, period, kind, day),
          kind,
          unitId,
          period,
          day,
          due,
          scheduled,
          units: [...new Set(units)],
          recipients: [...new Set(recipients)],
        },
      },
    ];
  },
};

/**
 * What one person has read (stream `notifications-<userId>`): everything up to a log position.
 * Never past the newest notification they have (`latest`, looked up by the route): one read now
 * does not silence those still to come.
 */
export interface ReadNotificationsCommand {
  userId: string;
  upTo: string;
  latest: string;
}

export const notificationsReadDecider: Decider<null, ReadNotificationsCommand> = {
  initialState: () => null,
  evolve: (state) => state,
  decide({ userId, upTo, latest }): DomainEvent[] {
    return [{ type: 'NotificationsRead', data: { userId, upTo: BigInt(upTo) < BigInt(latest) ? upTo : latest } }];
  },
};

export const notificationsStream = (userId: string) => `notifications-${userId}`;
