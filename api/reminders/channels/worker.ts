/**
 * One channel's delivery worker: it follows the log from its checkpoint and, for each reminder
 * (ReminderSent) it has not seen, claims the delivery on the reminder's stream, sends, and
 * records what became of it. Reading and sending are two loops joined by a short queue, so a
 * silent SMTP server holds up only its own channel — never the server, the log or the robot —
 * and health can say how many reminders wait.
 */
import { decode } from '../../../events/catalog/index.ts';
import type { ReminderChannel } from '../../../events/catalog/reminder.ts';
import type { EventStore, RecordedEvent } from '../../../events/store/port.ts';
import type { ProjectionRunner } from '../../../projections/runner.ts';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../observability/logger.ts';
import type { Channel } from './channel.ts';
import type { DeliveryCheckpoints } from './checkpoint.ts';
import { claimDelivery, recordDelivery, type DeliveryOutcome } from './claim.ts';
import { reminderMessage, type ReminderMessage, type ReminderSentEvent } from './message.ts';
import { Conditions } from '../../../projections/conditions.ts';
import * as readModels from '../../../projections/index.ts';
import type { ProjectionName } from '../../../projections/index.ts';

/** Reminders read ahead of the one being sent; the reader waits beyond this. */
const QUEUE_LIMIT = 500;
/** The read models a message is written from: the worker waits until they have folded the reminder. */
const READS: readonly ProjectionName[] = ['accounts', 'organisationTree', 'campaigns'];
/** Events read between two checkpoints while nothing waits to be sent. */
const CHECKPOINT_EVERY = 10_000;

export interface WorkerSettings {
  /** Attempts at sending one reminder before it is recorded as failed. */
  attempts: number;
  /** Pause before the second attempt; each next one doubles. Also the first pause after a store error. */
  firstRetryMs: number;
  /** A reminder stamped longer ago than this when first read is passed over. */
  maxAgeMs: number;
  publicUrl: string;
  /** The process's logger (api/observability/logger.ts). */
  log: Logger;
}

export interface WorkerParts {
  store: EventStore;
  runner: ProjectionRunner;
  clock: Clock;
  checkpoints: DeliveryCheckpoints;
}

/** What health shows of a channel. */
export interface ChannelStatus {
  channel: ReminderChannel;
  on: boolean;
  /** Reminders read and not yet sent or recorded (the one being sent included). */
  pending: number;
  /** Since this process started: reminders delivered, recorded as failed, and passed over as too old. */
  delivered: number;
  failed: number;
  tooOld: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastDeliveredAt: string | null;
  /** The log position every reminder up to which has been dealt with. */
  position: string | null;
}

export class ChannelWorker {
  private readonly queue: ReminderSentEvent[] = [];
  private current: ReminderSentEvent | null = null;
  private seen: bigint | null;
  private saved: bigint | null;
  private stopped = false;
  private readonly conditions = new Conditions();
  private subscription: { unsubscribe(): Promise<void> } | null = null;
  private loops: Promise<void>[] = [];
  private readonly counts = { delivered: 0, failed: 0, tooOld: 0 };
  private lastError: { reason: string; at: string } | null = null;
  private lastDeliveredAt: string | null = null;

  private readonly channel: Channel;
  private readonly store: EventStore;
  private readonly runner: ProjectionRunner;
  private readonly clock: Clock;
  private readonly checkpoints: DeliveryCheckpoints;
  private readonly settings: WorkerSettings;

  constructor(channel: Channel, parts: WorkerParts, settings: WorkerSettings) {
    this.channel = channel;
    this.store = parts.store;
    this.runner = parts.runner;
    this.clock = parts.clock;
    this.checkpoints = parts.checkpoints;
    this.settings = settings;
    this.seen = this.saved = parts.checkpoints.positionOf(channel.name);
  }

  start(): void {
    this.loops = [this.read(), this.sendAll()];
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.subscription?.unsubscribe();
    this.notify();
    await Promise.all(this.loops);
    this.saveCheckpoint();
    this.channel.close();
  }

  /** Resolves once every reminder in the log as it ends now has been dealt with (tests, a graceful stop). */
  async drained(timeoutMs = 30_000): Promise<void> {
    const last = await this.store.lastPosition();
    if (last === null) return;
    const reached = await this.until(() => this.stopped || (this.handledUpTo ?? -1n) >= last, timeoutMs);
    if (!reached) throw new Error(`${this.channel.name} reminders not delivered up to position ${last} within ${timeoutMs} ms`);
  }

  status(): ChannelStatus {
    return {
      channel: this.channel.name,
      on: true,
      pending: this.queue.length + (this.current ? 1 : 0),
      ...this.counts,
      lastError: this.lastError?.reason ?? null,
      lastErrorAt: this.lastError?.at ?? null,
      lastDeliveredAt: this.lastDeliveredAt,
      position: this.handledUpTo?.toString() ?? null,
    };
  }

  private get handledUpTo(): bigint | null {
    const first = this.current ?? this.queue[0];
    if (!first) return this.seen;
    return first.position > 0n ? first.position - 1n : null;
  }

  private saveCheckpoint(): void {
    const at = this.handledUpTo;
    if (at === null || at === this.saved) return;
    try {
      this.checkpoints.save(this.channel.name, at);
      this.saved = at;
    } catch (error) {
      // A read database that refuses a write only costs re-reading: the claims keep deliveries single.
      this.noteError(`checkpoint not saved: ${(error as Error).message}`);
    }
  }

  /** Follows the log, queueing the fresh reminders; resumes after a drop from the last event read. */
  private async read(): Promise<void> {
    let backoff = this.settings.firstRetryMs;
    let sinceCheckpoint = 0;
    while (!this.stopped) {
      try {
        const subscription = this.store.subscribeToAll({ from: this.seen ?? 'start' });
        this.subscription = subscription;
        for await (const message of subscription) {
          backoff = this.settings.firstRetryMs;
          if (message.kind === 'caughtUp') {
            this.saveCheckpoint();
            continue;
          }
          const event = message.event;
          if (event.type === 'ReminderSent') {
            await this.until(() => this.stopped || this.queue.length < QUEUE_LIMIT);
            if (this.stopped) return;
            if (this.fresh(event)) this.queue.push(decode(event) as ReminderSentEvent);
            else this.counts.tooOld++;
          }
          this.seen = event.position;
          if (++sinceCheckpoint >= CHECKPOINT_EVERY && this.queue.length === 0) {
            sinceCheckpoint = 0;
            this.saveCheckpoint();
          }
          this.notify();
        }
      } catch (error) {
        if (this.stopped) return;
        this.noteError(`log not read: ${(error as Error).message}`);
        await this.until(() => this.stopped, backoff);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  /** A reminder stamped long before the worker first sees it (an old log folded by a new replica, a channel just turned on) is not sent. */
  private fresh(event: RecordedEvent): boolean {
    const stamped = Date.parse((event.metadata as { serverTime?: string } | null)?.serverTime ?? '');
    return Number.isFinite(stamped) && this.clock.now().getTime() - stamped <= this.settings.maxAgeMs;
  }

  private async sendAll(): Promise<void> {
    while (!this.stopped) {
      await this.until(() => this.stopped || this.queue.length > 0);
      if (this.stopped) return;
      const reminder = this.queue.shift()!;
      this.current = reminder;
      let finished = false;
      try {
        finished = await this.deliver(reminder);
      } catch (error) {
        // Not a failure of the channel or the store (those are handled inside): said, and tried again after a pause.
        this.noteError(`reminder ${reminder.data.reminderId}: ${(error as Error).message}`);
        await this.until(() => this.stopped, this.settings.firstRetryMs);
      } finally {
        this.current = null;
        // Interrupted by a stop: it stays before the checkpoint, so the next start takes it up again.
        if (!finished) this.queue.unshift(reminder);
      }
      this.saveCheckpoint();
      this.notify();
    }
  }

  /** Claims, sends and records one reminder; false when a stop interrupted it before it was recorded. */
  private async deliver(reminder: ReminderSentEvent): Promise<boolean> {
    const name = this.channel.name;
    const claim = await this.persist(() => claimDelivery(this.store, reminder, name, this.checkpoints.workerId, this.clock.now()));
    if (claim === null) return false;
    if (claim === 'taken') return true;
    const message = await this.persist(() => this.messageOf(reminder));
    if (!message) return false;
    const outcome = await this.send(message);
    // Stopped between attempts: the claim is this replica's, and its next start finishes the delivery.
    if (!outcome) return false;
    if ((await this.persist(() => recordDelivery(this.store, reminder, name, outcome, this.clock.now()))) === null) return false;
    if (outcome.ok) {
      this.counts.delivered++;
      this.lastDeliveredAt = this.clock.now().toISOString();
    } else {
      this.counts.failed++;
      this.settings.log.error(
        { channel: name, reminderId: reminder.data.reminderId, attempts: this.settings.attempts, reason: outcome.error },
        `reminder ${reminder.data.reminderId}: ${name} failed after ${this.settings.attempts} attempts: ${outcome.error}`,
      );
    }
    return true;
  }

  private async messageOf(reminder: ReminderSentEvent): Promise<ReminderMessage> {
    // Short waits, tried again by `persist`, so a stop is never held up long.
    await this.runner.waitFor(reminder.position, 5_000, READS);
    return reminderMessage(
      reminder.data,
      {
        tree: this.runner.state(readModels.organisationTree),
        accounts: this.runner.state(readModels.accounts),
        campaigns: this.runner.state(readModels.campaigns),
      },
      this.settings.publicUrl,
    );
  }

  /** Sends with up to `attempts` tries, pausing 1×, 2×, 4×… `firstRetryMs` between them; null when stopped meanwhile. */
  private async send(message: ReminderMessage): Promise<DeliveryOutcome | null> {
    const reached = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      try {
        return { ok: true, sent: await this.channel.send(message, reached) };
      } catch (error) {
        const reason = String((error as Error).message ?? error).slice(0, 400);
        this.noteError(reason);
        if (attempt >= this.settings.attempts) return { ok: false, sent: reached.size, error: reason };
        await this.until(() => this.stopped, this.settings.firstRetryMs * 2 ** (attempt - 1));
        if (this.stopped) return null;
      }
    }
  }

  /**
   * A step on the log or the read models (claim, read, record) is tried until it passes: an
   * unreachable store is not the channel's failure and must not use up its attempts. Null when
   * stopped meanwhile.
   */
  private async persist<T>(step: () => Promise<T>): Promise<T | null> {
    let backoff = this.settings.firstRetryMs;
    for (;;) {
      try {
        return await step();
      } catch (error) {
        this.noteError(String((error as Error).message ?? error).split('\n')[0]!);
        if (this.stopped) return null;
        await this.until(() => this.stopped, backoff);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  /** What health shows as the channel's last error, and a log line (an attempt that failed, the store out of reach). */
  private noteError(reason: string): void {
    this.lastError = { reason, at: this.clock.now().toISOString() };
    this.settings.log.warn({ channel: this.channel.name, reason }, `${this.channel.name} reminders: ${reason}`);
  }

  private notify(): void {
    this.conditions.changed();
  }

  private until(done: () => boolean, timeoutMs?: number): Promise<boolean> {
    return this.conditions.until(done, timeoutMs);
  }
}
