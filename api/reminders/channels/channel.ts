/** An external channel of reminders (email, group robot): how the delivery worker sends through it. */
import type { ReminderChannel } from '../../../events/catalog/reminder.ts';
import type { ReminderMessage } from './message.ts';

export interface Channel {
  readonly name: ReminderChannel;
  /**
   * Sends one reminder. `reached` holds the addresses reached by earlier attempts of the same
   * reminder (a retry sends only to the others) and gains those reached now. Resolves with the
   * count reached in all; rejects when something could not be sent (the worker tries again).
   */
  send(message: ReminderMessage, reached: Set<string>): Promise<number>;
  close(): void;
}

/** A reason safe to log and show: the secrets of the channel's address (an SMTP password, a robot's key) taken out. */
export function redact(reason: string, secrets: readonly string[]): string {
  let safe = reason.split('\n')[0] ?? reason;
  for (const secret of secrets) if (secret.length >= 3) safe = safe.split(secret).join('***');
  return safe.slice(0, 400);
}
