/**
 * Exactly once per channel, whatever the replicas: before sending, a worker appends
 * ReminderDeliveryClaimed to the reminder's stream at the revision it read. Of two replicas that
 * read the same revision only one append succeeds; the other reads again, finds the claim and
 * skips. The email and robot channels claim on the same stream, so a conflict may be the other
 * channel's claim: then it reads again and tries once more.
 */
import { encode, type StoredEvent } from '../../../events/catalog/index.ts';
import type { ReminderChannel } from '../../../events/catalog/reminder.ts';
import { uuidFromName } from '../../../events/ids.ts';
import { WrongExpectedRevisionError } from '../../../events/store/errors.ts';
import type { EventStore } from '../../../events/store/port.ts';
import type { ReminderSentEvent } from './message.ts';

export const reminderStream = (reminderId: string) => `reminder-${reminderId}`;

/** `won`: this worker sends; `taken`: another worker has it, or it was delivered already. */
export type ClaimOutcome = 'won' | 'taken';

export async function claimDelivery(
  store: EventStore,
  reminder: ReminderSentEvent,
  channel: ReminderChannel,
  workerId: string,
  now: Date,
): Promise<ClaimOutcome> {
  const stream = reminderStream(reminder.data.reminderId);
  for (let attempt = 0; ; attempt++) {
    const recorded = await store.readStream(stream);
    const ofChannel = recorded.filter((event) => (event.data as { channel?: string }).channel === channel);
    const claim = ofChannel.find((event) => event.type === 'ReminderDeliveryClaimed');
    if (claim) {
      // Our own claim without a record: this worker stopped (or an append's answer was lost) before it finished.
      const ours = (claim.data as { claimedBy: string }).claimedBy === workerId;
      return ours && !ofChannel.some((event) => event.type === 'ReminderDelivered') ? 'won' : 'taken';
    }
    const event = encode(
      { type: 'ReminderDeliveryClaimed', data: { reminderId: reminder.data.reminderId, channel, claimedBy: workerId } },
      uuidFromName(`reminder-claim:${reminder.data.reminderId}:${channel}:${workerId}`),
      metadataFor(reminder, `claim:${channel}`, now),
    );
    try {
      await store.append(stream, [event], { expectedRevision: recorded[recorded.length - 1]!.revision });
      return 'won';
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && attempt < 10) continue;
      throw error;
    }
  }
}

export interface DeliveryOutcome {
  ok: boolean;
  sent: number;
  error?: string;
}

/** Records what became of a claimed delivery; its id is fixed per reminder and channel, so recording twice writes once. */
export async function recordDelivery(
  store: EventStore,
  reminder: ReminderSentEvent,
  channel: ReminderChannel,
  outcome: DeliveryOutcome,
  now: Date,
): Promise<void> {
  const event = encode(
    { type: 'ReminderDelivered', data: { reminderId: reminder.data.reminderId, channel, ...outcome } },
    uuidFromName(`reminder-delivered:${reminder.data.reminderId}:${channel}`),
    metadataFor(reminder, `delivered:${channel}`, now),
  );
  await store.append(reminderStream(reminder.data.reminderId), [event], { expectedRevision: 'stream_exists' });
}

/** The system acts, caused by the reminder and in its correlation. */
function metadataFor(reminder: StoredEvent, step: string, now: Date) {
  return {
    actor: 'system',
    correlationId: reminder.metadata.correlationId,
    causationId: reminder.id,
    clientSubmissionId: uuidFromName(`reminder-${step}:${reminder.id}`),
    clientTime: null,
    serverTime: now.toISOString(),
  };
}
