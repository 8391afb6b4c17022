/**
 * EventStoreDB adapter of the EventStore port, on @eventstore/db-client v6 (gRPC, server 20+).
 *
 * Every call races our own timer (default 5 s): against an endpoint that accepts TCP but never
 * answers, the client waits past its own deadlines forever. A timeout becomes
 * StoreUnavailableError, as does the plain gRPC UNAVAILABLE error the client throws when
 * nothing listens.
 */
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START, jsonEvent } from '@eventstore/db-client';
import type { AllStreamResolvedEvent, JSONType, ReadPosition } from '@eventstore/db-client';
import { StoreUnavailableError, StreamNotFoundError, WrongExpectedRevisionError, describeExpected } from './errors.ts';
import {
  isSystemEventType,
  mapClientError,
  revisionMatches,
  toActualRevision,
  toClientExpectedRevision,
  toClientPosition,
  toRecordedEvent,
} from './esdb-mapping.ts';
import type { ErrorContext } from './esdb-mapping.ts';
import { subscribeToAll } from './esdb-subscription.ts';
import type { AppendResult, Direction, EventStore, EventToAppend, ExpectedRevision, ReadAllOptions, ReadStreamOptions, RecordedEvent } from './port.ts';

const DEFAULT_TIMEOUT_MS = 5000;
/** Pages of $all grow from what is still wanted up to this size (system events are skipped). */
const MAX_PAGE = 1024;

type Progress = () => void;
type Cancellable = { cancel(): Promise<void> };

export function createEsdbStore(connectionString: string, options: { timeoutMs?: number } = {}): EventStore {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let client = EventStoreDBClient.connectionString(connectionString);
  let closed = false;

  /**
   * After a timeout the client may be wedged for good (a channel stuck connecting, a cached
   * server-features request that never settles), so further calls would only time out too:
   * swap in a fresh client and shut the old one down in the background.
   */
  function replaceClient(stale: EventStoreDBClient): void {
    if (closed || client !== stale) return;
    client = EventStoreDBClient.connectionString(connectionString);
    shutdown(stale).catch(() => {});
  }

  /** One store call: our deadline (re-armed by `progress`), error mapping, recovery on timeout. */
  async function call<T>(
    what: string,
    context: ErrorContext,
    op: (c: EventStoreDBClient, progress: Progress) => Promise<T>,
    onTimeout?: () => void,
  ): Promise<T> {
    if (closed) throw new StoreUnavailableError('the EventStoreDB store is closed');
    const current = client;
    try {
      return await withDeadline(
        timeoutMs,
        what,
        (progress) => op(current, progress),
        () => {
          onTimeout?.();
          replaceClient(current);
        },
      );
    } catch (error) {
      throw mapClientError(error, context);
    }
  }

  /** $all from `fromPosition`, skipping system events until `maxCount` remain (or the end). */
  async function readAll(opts: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const direction = opts.direction ?? 'forwards';
    const limit = opts.maxCount ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return [];
    let read: Cancellable | undefined;
    return call(
      'readAll',
      {},
      async (c, progress) => {
        const out: RecordedEvent[] = [];
        const take = (event: RecordedEvent | null): void => {
          if (event && !isSystemEventType(event.type) && out.length < limit) out.push(event);
        };
        const page = async (from: ReadPosition, dir: Direction, maxCount: number) => {
          const stream = c.readAll({ fromPosition: from, direction: toClientDirection(dir), maxCount });
          read = stream;
          return collect(stream, progress);
        };
        let from: ReadPosition = direction === 'forwards' ? START : END;
        if (opts.fromPosition !== undefined) {
          from = toClientPosition(opts.fromPosition);
          // Reading $all backwards from P starts *before* P; fetch the event at P (inclusive) first.
          if (direction === 'backwards') {
            const [atFrom] = await page(from, 'forwards', 1);
            if (atFrom?.position === opts.fromPosition) take(atFrom);
          }
        }
        // Forwards reads include the event at `from`, so every page after the first repeats
        // the previous page's last event: `skip` drops it.
        let skip: bigint | undefined;
        let size = Math.min(MAX_PAGE, Math.max(16, limit - out.length + 1));
        while (out.length < limit) {
          const events = await page(from, direction, size);
          for (const event of events) if (event?.position !== skip) take(event);
          const last = events.at(-1);
          if (events.length < size || !last) break;
          from = toClientPosition(last.position);
          skip = direction === 'forwards' ? last.position : undefined;
          size = Math.min(MAX_PAGE, size * 2);
        }
        return out;
      },
      () => void read?.cancel().catch(() => {}),
    );
  }

  async function append(streamName: string, events: EventToAppend[], opts: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    const expected = opts.expectedRevision ?? 'any';
    if (events.length === 0) return emptyAppend(streamName, expected);
    const proposed = events.map((e) => jsonEvent({ id: e.id, type: e.type, data: (e.data ?? null) as JSONType, metadata: e.metadata ?? undefined }));
    const result = await call(`append to ${streamName}`, { streamName, expected }, (c) =>
      c.appendToStream(streamName, proposed, { expectedRevision: toClientExpectedRevision(expected) }),
    );
    // Only with throwOnAppendFailure=false in the connection string; the client's batch path
    // then reports an unreliable revision, so `actual` is best effort.
    if (!result.success) {
      throw new WrongExpectedRevisionError(streamName, describeExpected(expected), toActualRevision(result.nextExpectedRevision));
    }
    const next = result.nextExpectedRevision;
    // Older servers answer an idempotent repeat without a position: look the event up.
    const position = result.position?.commit ?? (await readStream(streamName, { fromRevision: next, maxCount: 1 }))[0]?.position;
    if (position === undefined) throw new Error(`EventStoreDB reported no position for ${streamName}@${next}`);
    return { nextExpectedRevision: next, position };
  }

  /**
   * An empty append writes nothing, so it is answered from reads, as the SQLite store does
   * (the client misreports it: revision 0 for a missing stream, and no position).
   */
  async function emptyAppend(streamName: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [head] = await readStream(streamName, { direction: 'backwards', maxCount: 1 }).catch((error: unknown) => {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    });
    const current = head?.revision ?? -1n;
    if (!revisionMatches(expected, current)) {
      throw new WrongExpectedRevisionError(streamName, describeExpected(expected), toActualRevision(current));
    }
    return { nextExpectedRevision: current, position: (await lastPosition()) ?? -1n };
  }

  async function readStream(streamName: string, opts: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = opts.direction ?? 'forwards';
    if (opts.maxCount !== undefined && opts.maxCount <= 0) return [];
    let read: Cancellable | undefined;
    const events = await call(
      `readStream ${streamName}`,
      { streamName, reading: true },
      (c, progress) => {
        const stream = c.readStream(streamName, {
          direction: toClientDirection(direction),
          // The client defaults to START even when reading backwards.
          fromRevision: opts.fromRevision ?? (direction === 'forwards' ? START : END),
          ...(opts.maxCount !== undefined && { maxCount: opts.maxCount }),
        });
        read = stream;
        return collect(stream, progress);
      },
      () => void read?.cancel().catch(() => {}),
    );
    return events.filter((e) => e !== null);
  }

  async function lastPosition(): Promise<bigint | null> {
    const [last] = await readAll({ direction: 'backwards', maxCount: 1 });
    return last?.position ?? null;
  }

  return {
    kind: 'esdb',

    append,
    readStream,
    readAll,
    lastPosition,

    subscribeToAll(opts = {}) {
      return subscribeToAll(
        opts,
        () => {
          if (closed) throw new StoreUnavailableError('the EventStoreDB store is closed');
          return client;
        },
        timeoutMs,
        replaceClient,
      );
    },

    async close() {
      if (closed) return;
      closed = true;
      try {
        await withDeadline(
          timeoutMs,
          'close',
          () => shutdown(client),
          () => {},
        );
      } catch (error) {
        throw mapClientError(error);
      }
    },
  };
}

/**
 * Runs `op`, failing with StoreUnavailableError when it makes no progress for `ms`: `progress`
 * re-arms the timer, so a long read that keeps delivering events is not cut off. The timer is
 * always cleared, so it never keeps the process alive.
 */
function withDeadline<T>(ms: number, what: string, op: (progress: Progress) => Promise<T>, onTimeout: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      if (settled) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        settled = true;
        onTimeout();
        reject(new StoreUnavailableError(`EventStoreDB did not answer ${what} within ${ms} ms`));
      }, ms);
    };
    const finish = (): boolean => {
      clearTimeout(timer);
      if (settled) return false;
      settled = true;
      return true;
    };
    arm();
    Promise.resolve()
      .then(() => op(arm))
      .then(
        (value) => finish() && resolve(value),
        (error: unknown) => finish() && reject(error),
      );
  });
}

/** Materialises a client read, re-arming the deadline per event. */
async function collect(read: AsyncIterable<unknown>, progress: Progress): Promise<(RecordedEvent | null)[]> {
  const out: (RecordedEvent | null)[] = [];
  for await (const resolved of read) {
    progress();
    out.push(toRecordedEvent(resolved as AllStreamResolvedEvent));
  }
  return out;
}

/**
 * dispose() cancels the client's streams but leaves its gRPC channel open, and a channel still
 * connecting to a half-open endpoint keeps a timer that stops the process from exiting. The
 * channel is only reachable through the client's (protected) getChannel.
 */
async function shutdown(c: EventStoreDBClient): Promise<void> {
  await c.dispose();
  const channel = await (c as unknown as { getChannel(): Promise<{ close(): void }> }).getChannel();
  channel.close();
}

function toClientDirection(direction: Direction): typeof FORWARDS | typeof BACKWARDS {
  return direction === 'forwards' ? FORWARDS : BACKWARDS;
}
