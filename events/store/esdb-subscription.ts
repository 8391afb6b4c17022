/**
 * subscribeToAll for the EventStoreDB adapter (esdb.ts), apart so it can be tested without a
 * server, against a stand-in for the client's subscription stream fed with fake server messages
 * (esdb.test.ts; against a real server, test/store/esdb.contract.test.ts).
 */
import { START } from '@eventstore/db-client';
import type { AllStreamResolvedEvent, AllStreamSubscription, EventStoreDBClient } from '@eventstore/db-client';
import { StoreUnavailableError } from './errors.ts';
import { mapClientError, matchesFilter, toClientPosition, toRecordedEvent, toServerFilter } from './esdb-mapping.ts';
import type { SubscribeToAllOptions, Subscription, SubscriptionMessage } from './port.ts';

/** Pushed into the client's subscription stream to mark where the server said "caught up". */
const CAUGHT_UP = Object.freeze({ caughtUp: true });

/**
 * A catch-up subscription to $all. The client's stream is consumed with `for await` so events
 * are handled one at a time, in order. 'caughtUp' is an emitter event, fired synchronously
 * while the client transforms the server's CaughtUp message: pushing a marker into the same
 * readable buffer at that moment puts it after every earlier event and before every later one.
 * The client starts after `fromPosition` (exclusive), as the port wants, and never
 * resubscribes by itself: on a drop the iterator throws and the caller resumes.
 */
export function subscribeToAll<C extends Pick<EventStoreDBClient, 'subscribeToAll'>>(
  opts: SubscribeToAllOptions,
  getClient: () => C,
  timeoutMs: number,
  onTimeout: (client: C) => void,
): Subscription {
  let unsubscribed = false;
  let started = false;
  let active: AllStreamSubscription | undefined;

  /** Not awaiting the client's unsubscribe: it waits on the call's setup, which can hang. */
  async function unsubscribe(): Promise<void> {
    if (unsubscribed) return;
    unsubscribed = true;
    const sub = active;
    if (!sub) return;
    sub.destroy(); // wakes a pending `for await`, which then ends quietly
    sub.unsubscribe().catch(() => {}); // cancels the gRPC call
  }

  async function* iterate(): AsyncGenerator<SubscriptionMessage> {
    if (started) throw new Error('a Subscription can be iterated only once');
    started = true;
    if (unsubscribed) return;
    const c = getClient();
    const sub = c.subscribeToAll({
      fromPosition: opts.from === undefined || opts.from === 'start' ? START : toClientPosition(opts.from),
      filter: toServerFilter(opts.filter),
    });
    active = sub;
    sub.once('caughtUp', () => sub.push(CAUGHT_UP));
    // The server confirms a subscription first; no confirmation in time means no server.
    const timer = setTimeout(() => {
      onTimeout(c);
      sub.destroy(new StoreUnavailableError(`EventStoreDB did not confirm subscribeToAll within ${timeoutMs} ms`));
    }, timeoutMs);
    sub.once('confirmation', () => clearTimeout(timer));
    try {
      for await (const item of sub as AsyncIterable<AllStreamResolvedEvent | typeof CAUGHT_UP>) {
        if (item === CAUGHT_UP) {
          yield { kind: 'caughtUp' };
          continue;
        }
        const event = toRecordedEvent(item as AllStreamResolvedEvent);
        if (event && matchesFilter(event, opts.filter)) yield { kind: 'event', event };
      }
      if (!unsubscribed) throw new StoreUnavailableError('EventStoreDB ended the subscription to $all');
    } catch (error) {
      if (unsubscribed) return;
      throw mapClientError(error);
    } finally {
      clearTimeout(timer);
      await unsubscribe(); // also when the consumer breaks out of its loop
    }
  }

  return { [Symbol.asyncIterator]: iterate, unsubscribe };
}
