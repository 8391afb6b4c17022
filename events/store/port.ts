/**
 * The EventStore port: the one contract every adapter (embedded SQLite, EventStoreDB) keeps.
 * Semantics follow EventStoreDB's, so code above this port cannot tell which store is in use:
 * 0-based stream revisions, expected-revision checks, client-chosen event ids that make an
 * append idempotent, one global order with monotonically increasing positions.
 */

/** What the writer believes the stream's current revision to be. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** An event as handed to `append`: its id is chosen by the client (a form's submission id). */
export interface EventToAppend {
  id: string;
  type: string;
  data: unknown;
  metadata: unknown;
}

/** An event as it stands in the log. */
export interface RecordedEvent {
  id: string;
  type: string;
  streamName: string;
  /** 0-based place of the event in its stream. */
  revision: bigint;
  /** Place in the global order; larger means later. Not contiguous on EventStoreDB. */
  position: bigint;
  data: unknown;
  metadata: unknown;
  /** When the store recorded the event. */
  created: Date;
}

export interface AppendResult {
  /** The revision of the last event now in the stream (expect this next time). */
  nextExpectedRevision: bigint;
  /** The global position of the last event appended. */
  position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: Direction;
  /** Inclusive; defaults to the first (forwards) or last (backwards) event. */
  fromRevision?: bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  direction?: Direction;
  /** Inclusive; defaults to the start (forwards) or end (backwards) of the log. */
  fromPosition?: bigint;
  maxCount?: number;
}

/** Which events a subscription delivers; positions still advance past the others. */
export interface SubscriptionFilter {
  eventTypes?: string[];
  streamPrefixes?: string[];
}

export interface SubscribeToAllOptions {
  /** 'start', or the position of the last event already processed (exclusive). */
  from?: 'start' | bigint;
  filter?: SubscriptionFilter;
}

/**
 * What a catch-up subscription yields: the events after `from` in order, then once
 * `caughtUp` when it has replayed everything that was in the log, then live events.
 */
export type SubscriptionMessage = { kind: 'event'; event: RecordedEvent } | { kind: 'caughtUp' };

export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  /** Ends the iteration; safe to call more than once. */
  unsubscribe(): Promise<void>;
}

export type StoreKind = 'sqlite' | 'esdb';

export interface EventStore {
  readonly kind: StoreKind;
  append(streamName: string, events: EventToAppend[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  /** Position of the last event in the log, or null when the log is empty. */
  lastPosition(): Promise<bigint | null>;
  close(): Promise<void>;
}
