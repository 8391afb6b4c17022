/**
 * The EventStore contract: one suite, run against every adapter (see *.contract.test.ts).
 * Stream names are unique per test, so the suite can run against a shared EventStoreDB.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../events/ids.ts';
import { StreamNotFoundError, WrongExpectedRevisionError } from '../../events/store/errors.ts';
import type { EventStore, EventToAppend, RecordedEvent, Subscription, SubscriptionMessage } from '../../events/store/port.ts';
import { runDurabilityCheck } from './durability.ts';

export interface ContractTarget {
  name: string;
  /** A store on the same log each time it is called (the durability check reopens it). */
  open(): EventStore;
  /** Environment for the child process of the durability check, naming the same log. */
  childEnv: Record<string, string>;
}

const stream = (category = 'contract') => `${category}-${randomUUID()}`;
const event = (type = 'ContractTested', data: unknown = { n: 1 }): EventToAppend => ({ id: uuidv7(), type, data, metadata: { actor: 'contract' } });

async function expectWrongRevision(promise: Promise<unknown>, expected: string, actual: bigint | 'no_stream') {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect((error as WrongExpectedRevisionError).expected).toBe(expected);
  expect((error as WrongExpectedRevisionError).actual).toBe(actual);
}

/** Collects subscription messages until `until` says stop (or the time runs out). */
async function collect(subscription: Subscription, until: (messages: SubscriptionMessage[]) => boolean, timeoutMs = 10_000) {
  const messages: SubscriptionMessage[] = [];
  const timer = setTimeout(() => void subscription.unsubscribe(), timeoutMs);
  for await (const message of subscription) {
    messages.push(message);
    if (until(messages)) break;
  }
  clearTimeout(timer);
  await subscription.unsubscribe();
  return messages;
}
const eventsOf = (messages: SubscriptionMessage[]) => messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));

export function describeStoreContract(target: ContractTarget) {
  describe(`EventStore contract: ${target.name}`, () => {
    let store: EventStore;
    const withStore = async (test: (store: EventStore) => Promise<void>) => {
      store = target.open();
      try {
        await test(store);
      } finally {
        await store.close();
      }
    };

    describe('expected revision', () => {
      it('no_stream creates a stream at revision 0 and fails once it exists', () =>
        withStore(async (store) => {
          const name = stream();
          const first = await store.append(name, [event()], { expectedRevision: 'no_stream' });
          expect(first.nextExpectedRevision).toBe(0n);
          expect(typeof first.position).toBe('bigint');
          await expectWrongRevision(store.append(name, [event()], { expectedRevision: 'no_stream' }), 'no_stream', 0n);
        }));

      it('stream_exists fails on a missing stream and passes on an existing one', () =>
        withStore(async (store) => {
          const name = stream();
          await expectWrongRevision(store.append(name, [event()], { expectedRevision: 'stream_exists' }), 'stream_exists', 'no_stream');
          await store.append(name, [event()], { expectedRevision: 'no_stream' });
          const second = await store.append(name, [event()], { expectedRevision: 'stream_exists' });
          expect(second.nextExpectedRevision).toBe(1n);
        }));

      it('an exact revision passes when it is the current one and fails with the actual one otherwise', () =>
        withStore(async (store) => {
          const name = stream();
          await store.append(name, [event(), event()], { expectedRevision: 'no_stream' });
          const next = await store.append(name, [event()], { expectedRevision: 1n });
          expect(next.nextExpectedRevision).toBe(2n);
          await expectWrongRevision(store.append(name, [event()], { expectedRevision: 1n }), '1', 2n);
          await expectWrongRevision(store.append(stream(), [event()], { expectedRevision: 0n }), '0', 'no_stream');
        }));

      it('any appends whatever the stream holds', () =>
        withStore(async (store) => {
          const name = stream();
          expect((await store.append(name, [event()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(0n);
          expect((await store.append(name, [event(), event()])).nextExpectedRevision).toBe(2n);
        }));

      it('of 50 concurrent appends at the same revision exactly one wins', () =>
        withStore(async (store) => {
          const name = stream();
          await store.append(name, [event()], { expectedRevision: 'no_stream' });
          const results = await Promise.allSettled(Array.from({ length: 50 }, () => store.append(name, [event()], { expectedRevision: 0n })));
          const won = results.filter((r) => r.status === 'fulfilled');
          const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(49);
          for (const r of lost) expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(await store.readStream(name)).toHaveLength(2);
        }));
    });

    describe('idempotency', () => {
      it('appending the same event ids again returns the original result and writes nothing', () =>
        withStore(async (store) => {
          const name = stream();
          const events = [event(), event(), event()];
          const original = await store.append(name, events, { expectedRevision: 'no_stream' });
          const last = await store.lastPosition();
          const again = await store.append(name, events, { expectedRevision: 'no_stream' });
          expect(again).toEqual(original);
          expect(await store.lastPosition()).toBe(last);
          expect(await store.readStream(name)).toHaveLength(3);
        }));
    });

    describe('reading', () => {
      it('reads a stream forwards and backwards, from a revision, with maxCount', () =>
        withStore(async (store) => {
          const name = stream();
          const events = Array.from({ length: 5 }, (_, n) => event('Counted', { n }));
          await store.append(name, events, { expectedRevision: 'no_stream' });
          const forwards = await store.readStream(name);
          expect(forwards.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
          expect(forwards.map((e) => e.id)).toEqual(events.map((e) => e.id));
          expect(forwards[2]).toMatchObject({ type: 'Counted', streamName: name, data: { n: 2 }, metadata: { actor: 'contract' } });
          expect(forwards[0]!.created).toBeInstanceOf(Date);
          expect((await store.readStream(name, { fromRevision: 3n })).map((e) => e.revision)).toEqual([3n, 4n]);
          expect((await store.readStream(name, { maxCount: 2 })).map((e) => e.revision)).toEqual([0n, 1n]);
          expect((await store.readStream(name, { direction: 'backwards', maxCount: 2 })).map((e) => e.revision)).toEqual([4n, 3n]);
          expect((await store.readStream(name, { direction: 'backwards', fromRevision: 1n })).map((e) => e.revision)).toEqual([1n, 0n]);
        }));

      it('a missing stream raises StreamNotFoundError', () =>
        withStore(async (store) => {
          await expect(store.readStream(stream())).rejects.toBeInstanceOf(StreamNotFoundError);
        }));

      it('keeps one global order across streams, read forwards and backwards', () =>
        withStore(async (store) => {
          const [a, b] = [stream(), stream()];
          const first = await store.append(a, [event('Ordered', { n: 0 })]);
          await store.append(b, [event('Ordered', { n: 1 }), event('Ordered', { n: 2 })]);
          const last = await store.append(a, [event('Ordered', { n: 3 })]);
          expect(last.position).toBeGreaterThan(first.position);
          expect(await store.lastPosition()).toBeGreaterThanOrEqual(last.position);
          const mine = (events: RecordedEvent[]) => events.filter((e) => e.streamName === a || e.streamName === b);
          const forwards = mine(await store.readAll({ fromPosition: first.position, maxCount: 100 }));
          expect(forwards.map((e) => (e.data as { n: number }).n)).toEqual([0, 1, 2, 3]);
          const positions = forwards.map((e) => e.position);
          expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
          const backwards = mine(await store.readAll({ direction: 'backwards', fromPosition: last.position, maxCount: 4 }));
          expect(backwards.map((e) => (e.data as { n: number }).n)).toEqual([3, 2, 1, 0]);
          expect(await store.readAll({ fromPosition: first.position, maxCount: 2 })).toHaveLength(2);
        }));
    });

    describe('catch-up subscription to all', () => {
      it('replays, reports caught up, then delivers live events in order', () =>
        withStore(async (store) => {
          const name = stream();
          const from = (await store.lastPosition()) ?? 'start';
          await store.append(name, [event('Early', { n: 0 }), event('Early', { n: 1 })]);
          const subscription = store.subscribeToAll({ from });
          const live = [event('Live', { n: 2 }), event('Live', { n: 3 })];
          let appended = false;
          const messages = await collect(subscription, (seen) => {
            if (!appended && seen.some((m) => m.kind === 'caughtUp')) {
              appended = true;
              void store.append(name, [live[0]!]).then(() => store.append(name, [live[1]!]));
            }
            return eventsOf(seen).filter((e) => e.streamName === name).length === 4;
          });
          const mine = eventsOf(messages).filter((e) => e.streamName === name);
          expect(mine.map((e) => e.type)).toEqual(['Early', 'Early', 'Live', 'Live']);
          const caughtUpAt = messages.findIndex((m) => m.kind === 'caughtUp');
          const liveAt = messages.findIndex((m) => m.kind === 'event' && m.event.type === 'Live');
          expect(caughtUpAt).toBeGreaterThanOrEqual(0);
          expect(messages.filter((m) => m.kind === 'caughtUp')).toHaveLength(1);
          expect(liveAt).toBeGreaterThan(caughtUpAt);
        }));

      it('resumes after a checkpoint: only the events after it', () =>
        withStore(async (store) => {
          const name = stream();
          const results = [];
          for (let n = 0; n < 4; n++) results.push(await store.append(name, [event('Step', { n })]));
          const checkpoint = results[1]!.position;
          const messages = await collect(store.subscribeToAll({ from: checkpoint }), (seen) => seen.some((m) => m.kind === 'caughtUp'));
          const mine = eventsOf(messages).filter((e) => e.streamName === name);
          expect(mine.map((e) => (e.data as { n: number }).n)).toEqual([2, 3]);
          expect(mine.every((e) => e.position > checkpoint)).toBe(true);
        }));

      it('filters by event type and by stream prefix', () =>
        withStore(async (store) => {
          const tag = randomUUID().slice(0, 8);
          const wanted = `Wanted${tag}`;
          const from = (await store.lastPosition()) ?? 'start';
          await store.append(stream(`flt${tag}`), [event(wanted), event('Other')]);
          await store.append(stream(`other${tag}`), [event(wanted), event('Other')]);
          const byType = eventsOf(
            await collect(store.subscribeToAll({ from, filter: { eventTypes: [wanted] } }), (seen) => seen.some((m) => m.kind === 'caughtUp')),
          );
          expect(byType.map((e) => e.type)).toEqual([wanted, wanted]);
          const byPrefix = eventsOf(
            await collect(store.subscribeToAll({ from, filter: { streamPrefixes: [`flt${tag}-`] } }), (seen) => seen.some((m) => m.kind === 'caughtUp')),
          );
          expect(byPrefix.map((e) => e.type)).toEqual([wanted, 'Other']);
        }));
    });

    describe('durability', () => {
      it('every append acknowledged before a SIGKILL is in the log afterwards', async () => {
        const { acknowledged, found } = await runDurabilityCheck(target.childEnv, () => target.open());
        expect(acknowledged.length).toBeGreaterThan(20);
        expect(found).toEqual(acknowledged);
      }, 60_000);
    });
  });
}
