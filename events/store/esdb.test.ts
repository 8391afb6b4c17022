import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { StreamNotFoundError as ClientStreamNotFoundError, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import { StoreUnavailableError, StreamNotFoundError, WrongExpectedRevisionError } from './errors.ts';
import {
  escapeRegex,
  exactTypesRegex,
  mapClientError,
  matchesFilter,
  revisionMatches,
  toActualRevision,
  toClientExpectedRevision,
  toClientPosition,
  toRecordedEvent,
  toServerFilter,
} from './esdb-mapping.ts';
import type { AllStreamResolvedEvent, AllStreamSubscription, EventStoreDBClient, SubscribeToAllOptions as ClientSubscribeOptions } from '@eventstore/db-client';
import { createEsdbStore } from './esdb.ts';
import { subscribeToAll } from './esdb-subscription.ts';
import type { RecordedEvent, SubscriptionMessage } from './port.ts';

const event = { id: '2f0ad2cc-5b0e-4b0e-9a51-0d0c7f3b8a11', type: 'MatchReported', data: { a: 1 }, metadata: {} };

describe('esdb mapping', () => {
  it('passes expected revisions through and rejects negative ones', () => {
    expect(toClientExpectedRevision('any')).toBe('any');
    expect(toClientExpectedRevision('no_stream')).toBe('no_stream');
    expect(toClientExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toClientExpectedRevision(7n)).toBe(7n);
    expect(() => toClientExpectedRevision(-1n)).toThrow(RangeError);
  });

  it('turns one bigint position into equal commit and prepare positions', () => {
    expect(toClientPosition(123n)).toEqual({ commit: 123n, prepare: 123n });
  });

  it('checks an expected revision against the current one', () => {
    expect(revisionMatches('any', -1n)).toBe(true);
    expect(revisionMatches('no_stream', -1n)).toBe(true);
    expect(revisionMatches('no_stream', 0n)).toBe(false);
    expect(revisionMatches('stream_exists', -1n)).toBe(false);
    expect(revisionMatches('stream_exists', 3n)).toBe(true);
    expect(revisionMatches(3n, 3n)).toBe(true);
    expect(revisionMatches(2n, 3n)).toBe(false);
  });

  it('normalises actual revisions', () => {
    expect(toActualRevision(4n)).toBe(4n);
    expect(toActualRevision(-1n)).toBe('no_stream');
    expect(toActualRevision('no_stream')).toBe('no_stream');
    expect(toActualRevision('12')).toBe(12n);
  });

  it('builds an anchored, escaped regex for exact event types', () => {
    expect(escapeRegex('a.b*c$(d)[e]{f}|g+h?i^j\\k')).toBe('a\\.b\\*c\\$\\(d\\)\\[e\\]\\{f\\}\\|g\\+h\\?i\\^j\\\\k');
    const regex = exactTypesRegex(['Match.Reported', 'Player$Joined']);
    expect(regex).toBe('^(Match\\.Reported|Player\\$Joined)$');
    const re = new RegExp(regex);
    expect(re.test('Match.Reported')).toBe(true);
    expect(re.test('MatchXReported')).toBe(false);
    expect(re.test('Match.ReportedLater')).toBe(false);
    expect(re.test('Player$Joined')).toBe(true);
  });

  it('chooses the server-side filter', () => {
    expect(toServerFilter()).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    expect(toServerFilter({ eventTypes: ['A', 'B'] })).toMatchObject({ filterOn: 'eventType', regex: '^(A|B)$' });
    expect(toServerFilter({ streamPrefixes: ['match-'] })).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['match-'],
    });
    // Both given: types on the server, the rest checked by matchesFilter.
    expect(toServerFilter({ eventTypes: ['A'], streamPrefixes: ['m-'] })).toMatchObject({ filterOn: 'eventType' });
  });

  it('applies the complete filter client-side', () => {
    const e = (type: string, streamName: string) => ({ type, streamName }) as RecordedEvent;
    expect(matchesFilter(e('A', 'm-1'))).toBe(true);
    expect(matchesFilter(e('$metadata', 'm-1'))).toBe(false);
    expect(matchesFilter(e('A', 'm-1'), { eventTypes: ['A'], streamPrefixes: ['m-'] })).toBe(true);
    expect(matchesFilter(e('A', 'x-1'), { eventTypes: ['A'], streamPrefixes: ['m-'] })).toBe(false);
    expect(matchesFilter(e('B', 'm-1'), { eventTypes: ['A'] })).toBe(false);
  });

  it('converts a client recorded event', () => {
    const created = new Date('2024-05-01T10:00:00Z');
    const recorded = toRecordedEvent({
      event: {
        streamId: 'match-1',
        id: event.id,
        isJson: true,
        revision: 3n,
        type: 'MatchReported',
        created,
        data: { a: 1 },
        metadata: undefined,
        position: { commit: 900n, prepare: 900n },
      },
    });
    expect(recorded).toEqual({
      id: event.id,
      type: 'MatchReported',
      streamName: 'match-1',
      revision: 3n,
      position: 900n,
      data: { a: 1 },
      metadata: {},
      created,
    });
    expect(toRecordedEvent({})).toBeNull();
  });

  it('maps a WrongExpectedVersionError (class or look-alike) to WrongExpectedRevisionError', () => {
    const real = new WrongExpectedVersionError(undefined, { streamName: 's-1', expected: 2n, current: 5n });
    const mapped = mapClientError(real, { streamName: 's-1', expected: 2n });
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamName: 's-1', expected: '2', actual: 5n });

    const noStream = new WrongExpectedVersionError(undefined, {
      streamName: 's-2',
      expected: 'stream_exists',
      current: 'no_stream',
    });
    expect(mapClientError(noStream)).toMatchObject({ streamName: 's-2', expected: 'stream_exists', actual: 'no_stream' });

    const lookAlike = { type: 'wrong-expected-version', streamName: 's-3', expectedVersion: 0n, actualVersion: -1n };
    const mappedLike = mapClientError(lookAlike, { expected: 'no_stream' });
    expect(mappedLike).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mappedLike).toMatchObject({ streamName: 's-3', expected: 'no_stream', actual: 'no_stream' });
  });

  it('maps a plain code-14 gRPC error and the client UnavailableError to StoreUnavailableError', () => {
    const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: 14,
      details: 'No connection established',
    });
    const mapped = mapClientError(grpc);
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect((mapped as Error).cause).toBe(grpc);

    const deadline = Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 });
    expect(mapClientError(deadline)).toBeInstanceOf(StoreUnavailableError);

    const clientUnavailable = new UnavailableError(undefined, 'unavailable');
    expect(mapClientError(clientUnavailable)).toBeInstanceOf(StoreUnavailableError);
  });

  it('maps stream-not-found, keeps unknown errors and our own errors', () => {
    const notFound = mapClientError(new ClientStreamNotFoundError(undefined, 'x'), { streamName: 'x' });
    expect(notFound).toBeInstanceOf(StreamNotFoundError);
    expect(notFound).toMatchObject({ streamName: 'x' });
    const deleted = { type: 'stream-deleted', streamName: 'y' };
    expect(mapClientError(deleted, { streamName: 'y', reading: true })).toBeInstanceOf(StreamNotFoundError);
    expect(mapClientError(deleted, { streamName: 'y' })).toBe(deleted);
    const other = new TypeError('boom');
    expect(mapClientError(other)).toBe(other);
    const ours = new StoreUnavailableError('x');
    expect(mapClientError(ours)).toBe(ours);
  });
});

/** A message of the subscription's gRPC stream, as the client reads it (only what the adapter's path uses). */
interface ServerMessage {
  hasConfirmation?: () => boolean;
  hasCaughtUp?: () => boolean;
  hasEvent?: () => boolean;
  getEvent?: () => AllStreamResolvedEvent;
}

/**
 * A stand-in for the client's subscription (`AllStreamSubscription`: a Readable in object mode
 * with `unsubscribe()`), built from Node's streams and the package's public types only, with no
 * import from the client's dist/ (its file layout is not its API). It does what the client's own
 * stream does with the gRPC stream piped into it (@eventstore/db-client 6.2): 'confirmation' and
 * 'caughtUp' are emitted while a server message is transformed, an event is pushed after them, a
 * gRPC error is emitted as the stream's error, and `unsubscribe()` cancels the call on the next
 * turn. The client's real stream is exercised by the contract suite against a server
 * (test/store/esdb.contract.test.ts, with EVENTSTORE_CONNECTION_STRING).
 */
class FakeClientSubscription extends Transform {
  readonly #grpc: PassThrough & { cancel(): void };
  constructor(grpc: PassThrough & { cancel(): void }) {
    super({ objectMode: true });
    this.#grpc = grpc;
    grpc.on('error', (error) => this.emit('error', error)).pipe(this);
  }
  override _transform(message: ServerMessage, _encoding: BufferEncoding, next: TransformCallback) {
    if (message.hasConfirmation?.()) this.emit('confirmation');
    if (message.hasCaughtUp?.()) this.emit('caughtUp');
    if (message.hasEvent?.()) return next(null, message.getEvent!());
    next();
  }
  async unsubscribe(): Promise<void> {
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        this.#grpc.cancel();
        resolve();
      }),
    );
  }
}

/** A fake server feeding messages into the stand-in: checks ordering of caughtUp, filtering and drop handling. */
function fakeServer() {
  const grpc = Object.assign(new PassThrough({ objectMode: true }), {
    cancel(this: PassThrough) {
      this.destroy();
    },
  });
  let options: ClientSubscribeOptions | undefined;
  const client = {
    subscribeToAll(o: ClientSubscribeOptions) {
      options = o;
      return new FakeClientSubscription(grpc) as unknown as AllStreamSubscription;
    },
  };
  let position = 100n;
  const resolved = (type: string, streamId = 'match-1') => {
    position += 10n;
    return {
      event: {
        streamId,
        id: `id-${position}`,
        isJson: true,
        revision: 0n,
        type,
        created: new Date(0),
        data: { n: Number(position) },
        metadata: undefined,
        position: { commit: position, prepare: position },
      },
    };
  };
  const send = {
    confirmation: () => grpc.write({ hasConfirmation: () => true, getConfirmation: () => ({ getSubscriptionId: () => 'sub' }) }),
    caughtUp: () => grpc.write({ hasCaughtUp: () => true }),
    event: (type: string, streamId?: string) => grpc.write({ hasEvent: () => true, getEvent: () => resolved(type, streamId) }),
  };
  return { grpc, client: client as unknown as Pick<EventStoreDBClient, 'subscribeToAll'>, send, options: () => options };
}

const describeMessage = (m: SubscriptionMessage) => (m.kind === 'caughtUp' ? 'caughtUp' : `${m.event.type}@${m.event.position}`);

describe('esdb subscription on the client stream', () => {
  it('yields events in order, caughtUp once at the right place, skips system events', async () => {
    const server = fakeServer();
    const sub = subscribeToAll(
      { from: 'start' },
      () => server.client,
      1000,
      () => {},
    );
    const seen: string[] = [];
    const consumed = (async () => {
      for await (const message of sub) {
        seen.push(describeMessage(message));
        await delay(5); // a slow consumer, so the client's buffer fills up
      }
    })();
    await delay(10);
    server.send.confirmation();
    server.send.event('A'); // 110
    server.send.event('$metadata'); // 120
    server.send.event('B'); // 130
    server.send.caughtUp();
    server.send.event('C'); // 140
    server.send.caughtUp(); // after fellBehind: not reported again
    server.send.event('D'); // 150
    await delay(100);
    server.grpc.end(); // the server closed the call: a drop
    await expect(consumed).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(seen).toEqual(['A@110', 'B@130', 'caughtUp', 'C@140', 'D@150']);
    expect(server.options()?.fromPosition).toBe('start');
  });

  it('resumes after the given position with the server-side filter, and filters fully client-side', async () => {
    const server = fakeServer();
    const sub = subscribeToAll(
      { from: 500n, filter: { eventTypes: ['A'], streamPrefixes: ['match-'] } },
      () => server.client,
      1000,
      () => {},
    );
    const seen: string[] = [];
    const consumed = (async () => {
      for await (const message of sub) {
        seen.push(describeMessage(message));
        if (message.kind === 'caughtUp') await sub.unsubscribe();
      }
    })();
    await delay(10);
    server.send.confirmation();
    server.send.event('A', 'match-1'); // 110
    server.send.event('A', 'league-1'); // 120: wrong stream
    server.send.event('B', 'match-1'); // 130: wrong type
    server.send.caughtUp();
    await consumed; // unsubscribe ends the iteration quietly
    expect(seen).toEqual(['A@110', 'caughtUp']);
    expect(server.options()).toMatchObject({
      fromPosition: { commit: 500n, prepare: 500n },
      filter: { filterOn: 'eventType', regex: '^(A)$' },
    });
  });

  it('throws StoreUnavailableError when the subscription drops with a gRPC error', async () => {
    const server = fakeServer();
    const sub = subscribeToAll(
      {},
      () => server.client,
      1000,
      () => {},
    );
    const seen: string[] = [];
    const consumed = (async () => {
      for await (const message of sub) seen.push(describeMessage(message));
    })();
    await delay(10);
    server.send.confirmation();
    server.send.event('A');
    await delay(10);
    server.grpc.emit('error', Object.assign(new Error('14 UNAVAILABLE: Connection dropped'), { code: 14, details: 'Connection dropped' }));
    const error = await consumed.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(seen).toEqual(['A@110']);
  });

  it('a consumer that breaks out of its loop cancels the gRPC call', async () => {
    const server = fakeServer();
    const sub = subscribeToAll(
      {},
      () => server.client,
      1000,
      () => {},
    );
    const consumed = (async () => {
      for await (const message of sub) if (message.kind === 'event') break;
    })();
    await delay(10);
    server.send.confirmation();
    server.send.event('A');
    await consumed;
    await delay(10); // the client cancels on setImmediate
    expect(server.grpc.destroyed).toBe(true);
  });
});

/** A server that accepts TCP connections and never says a word (a half-open endpoint). */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function timed(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const start = performance.now();
  try {
    await promise;
    return { error: undefined, ms: performance.now() - start };
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
}

describe('esdb store against an endpoint that never answers', () => {
  let server: Awaited<ReturnType<typeof silentServer>>;
  beforeAll(async () => {
    server = await silentServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('append, readStream, readAll and lastPosition time out with StoreUnavailableError', async () => {
    const store = createEsdbStore(`esdb://127.0.0.1:${server.port}?tls=false`, { timeoutMs: 300 });
    try {
      for (const call of [
        () => store.append('match-1', [event], { expectedRevision: 'no_stream' }),
        () => store.readStream('match-1'),
        () => store.readAll({ maxCount: 10 }),
        () => store.lastPosition(),
      ]) {
        const { error, ms } = await timed(call());
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect(ms).toBeGreaterThanOrEqual(250);
        expect(ms).toBeLessThan(1500);
      }
    } finally {
      await store.close();
    }
  });

  it('a subscription that is never confirmed makes the iterator throw StoreUnavailableError', async () => {
    const store = createEsdbStore(`esdb://127.0.0.1:${server.port}?tls=false`, { timeoutMs: 300 });
    try {
      const subscription = store.subscribeToAll({ from: 'start' });
      const { error, ms } = await timed(
        (async () => {
          for await (const _message of subscription) {
            // nothing arrives
          }
        })(),
      );
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(ms).toBeLessThan(1500);
      await subscription.unsubscribe();
    } finally {
      await store.close();
    }
  });

  it('unsubscribe ends a waiting iteration quietly', async () => {
    const store = createEsdbStore(`esdb://127.0.0.1:${server.port}?tls=false`, { timeoutMs: 5000 });
    try {
      const subscription = store.subscribeToAll({ from: 10n, filter: { eventTypes: ['A'] } });
      const consumed = timed(
        (async () => {
          for await (const _message of subscription) {
            // nothing arrives
          }
        })(),
      );
      setTimeout(() => void subscription.unsubscribe(), 100);
      const { error, ms } = await consumed;
      expect(error).toBeUndefined();
      expect(ms).toBeLessThan(1000);
    } finally {
      await store.close();
    }
  });

  it('lets the process exit after close()', async () => {
    const esdbModule = fileURLToPath(new URL('./esdb.ts', import.meta.url));
    const script = `
      const { createEsdbStore } = await import(${JSON.stringify(esdbModule)});
      const store = createEsdbStore('esdb://127.0.0.1:${server.port}?tls=false', { timeoutMs: 300 });
      const error = await store.append('s', [${JSON.stringify(event)}]).catch((e) => e);
      console.log(error.name);
      await store.close();
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const start = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      const kill = setTimeout(() => child.kill(), 10_000);
      child.on('exit', (c) => {
        clearTimeout(kill);
        resolve(c);
      });
    });
    expect(out.trim()).toBe('StoreUnavailableError');
    expect(code).toBe(0);
    expect(performance.now() - start).toBeLessThan(5000);
  }, 15_000);
});

describe('esdb store with nothing listening', () => {
  it('append rejects quickly with StoreUnavailableError carrying the gRPC cause', async () => {
    const port = await closedPort();
    const store = createEsdbStore(`esdb://127.0.0.1:${port}?tls=false`, { timeoutMs: 5000 });
    try {
      const { error, ms } = await timed(store.append('match-1', [event]));
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(((error as Error).cause as { code?: number }).code).toBe(14);
      expect(ms).toBeLessThan(1000);
    } finally {
      await store.close();
    }
  });

  it('an empty append, readStream and subscriptions fail the same way', async () => {
    const port = await closedPort();
    const store = createEsdbStore(`esdb://127.0.0.1:${port}?tls=false`, { timeoutMs: 5000 });
    try {
      const empty = await timed(store.append('match-1', [], { expectedRevision: 'no_stream' }));
      expect(empty.error).toBeInstanceOf(StoreUnavailableError);
      const read = await timed(store.readStream('match-1'));
      expect(read.error).toBeInstanceOf(StoreUnavailableError);
      expect(read.ms).toBeLessThan(1000);
      const sub = await timed(
        (async () => {
          for await (const _message of store.subscribeToAll()) {
            // nothing arrives
          }
        })(),
      );
      expect(sub.error).toBeInstanceOf(StoreUnavailableError);
      expect(sub.ms).toBeLessThan(1000);
    } finally {
      await store.close();
    }
  });

  it('refuses calls after close()', async () => {
    const store = createEsdbStore(`esdb://127.0.0.1:${await closedPort()}?tls=false`);
    await store.close();
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close(); // idempotent
  });
});
