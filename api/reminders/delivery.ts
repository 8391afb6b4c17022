/**
 * The external channels of reminders (催报) — email over SMTP and a group robot — run in the
 * server process beside the projections: one worker per configured channel follows the log and
 * sends each new reminder once, whatever the number of replicas (see channels/claim.ts). With
 * neither SMTP_URL nor REMINDER_WEBHOOK_URL set nothing runs, and reminders are in-app only.
 */
import { reminderChannels, type ReminderChannel } from '../../events/catalog/reminder.ts';
import type { EventStore } from '../../events/store/port.ts';
import type { ProjectionRunner } from '../../projections/runner.ts';
import type { ReadDatabase } from '../../projections/sql/readDatabase.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../../runtime/config.ts';
import { silentLogger, type Logger } from '../observability/logger.ts';
import type { Channel } from './channels/channel.ts';
import { deliveryCheckpoints } from './channels/checkpoint.ts';
import { emailChannel } from './channels/email.ts';
import { webhookChannel } from './channels/webhook.ts';
import { ChannelWorker, type ChannelStatus } from './channels/worker.ts';

export type { ChannelStatus };

export interface DeliveryOptions {
  /** Attempts at sending one reminder before it is recorded as failed (default 5). */
  attempts?: number;
  /** Pause before the second attempt, doubling after (default 2 s: 2, 4, 8, 16 s). */
  firstRetryMs?: number;
  /** Deadline of an SMTP exchange or a robot call (default 10 s). */
  sendTimeoutMs?: number;
  /** The process's logger (the runtime's); unset, nothing is said. */
  log?: Logger;
}

export interface ReminderDelivery {
  /** Per channel: on or off, what waits, the last error (health). */
  status(): ChannelStatus[];
  /** Resolves once every reminder up to the log's current end has been dealt with by every channel. */
  drained(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface Parts {
  config: Config;
  store: EventStore;
  runner: ProjectionRunner;
  readDatabase: ReadDatabase;
  clock: Clock;
}

type DeliveryConfig = Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'REMINDER_WEBHOOK_URL' | 'REMINDER_WEBHOOK_FORMAT'>;

/** The channels the configuration turns on. */
function configuredChannels(config: DeliveryConfig, timeoutMs: number): Channel[] {
  const channels: Channel[] = [];
  if (config.SMTP_URL && config.MAIL_FROM) channels.push(emailChannel({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, timeoutMs }));
  if (config.REMINDER_WEBHOOK_URL) channels.push(webhookChannel({ url: config.REMINDER_WEBHOOK_URL, format: config.REMINDER_WEBHOOK_FORMAT, timeoutMs }));
  return channels;
}

export function startReminderDelivery(parts: Parts, options: DeliveryOptions = {}): ReminderDelivery {
  const { config } = parts;
  const channels = configuredChannels(config, options.sendTimeoutMs ?? 10_000);
  const checkpoints = channels.length > 0 ? deliveryCheckpoints(parts.readDatabase.db) : null;
  const workers = new Map<ReminderChannel, ChannelWorker>();
  for (const channel of channels) {
    const worker = new ChannelWorker(
      channel,
      { ...parts, checkpoints: checkpoints! },
      {
        attempts: options.attempts ?? 5,
        firstRetryMs: options.firstRetryMs ?? 2_000,
        maxAgeMs: config.REMINDER_MAX_AGE_HOURS * 3_600_000,
        publicUrl: config.PUBLIC_URL!,
        log: options.log ?? silentLogger,
      },
    );
    workers.set(channel.name, worker);
    worker.start();
  }
  return {
    status: () => reminderChannels.map((channel) => workers.get(channel)?.status() ?? off(channel)),
    drained: async (timeoutMs) => void (await Promise.all([...workers.values()].map((worker) => worker.drained(timeoutMs)))),
    stop: async () => void (await Promise.all([...workers.values()].map((worker) => worker.stop()))),
  };
}

function off(channel: ReminderChannel): ChannelStatus {
  return { channel, on: false, pending: 0, delivered: 0, failed: 0, tooOld: 0, lastError: null, lastErrorAt: null, lastDeliveredAt: null, position: null };
}
