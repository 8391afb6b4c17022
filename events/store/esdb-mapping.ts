/**
 * Pure translations between the EventStore port and @eventstore/db-client (v6): revisions,
 * positions, filters, recorded events and errors. Kept apart from esdb.ts so they can be
 * tested without a server.
 */
import { eventTypeFilter, excludeSystemEvents, streamNameFilter } from '@eventstore/db-client';
import type { AppendExpectedRevision, Filter, Position, RecordedEvent as ClientRecordedEvent } from '@eventstore/db-client';
import { StoreUnavailableError, StreamNotFoundError, WrongExpectedRevisionError, describeExpected } from './errors.ts';
import type { ExpectedRevision, RecordedEvent, SubscriptionFilter } from './port.ts';

/** The port's expected revisions are the client's own constants ('any', 'no_stream', ...). */
export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (typeof expected === 'bigint' && expected < 0n) {
    throw new RangeError(`expected revision must be >= 0, got ${expected}`);
  }
  return expected;
}

/**
 * Our global position is one bigint: the event's commit position. The client wants both halves.
 * Assumption: on EventStoreDB 20+ an event written outside a (legacy TCP) transaction has equal
 * commit and prepare positions, so { commit: p, prepare: p } names exactly that event.
 */
export function toClientPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/** Whether a stream at `current` (-1 for no stream) satisfies `expected`. */
export function revisionMatches(expected: ExpectedRevision, current: bigint): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === -1n;
  if (expected === 'stream_exists') return current !== -1n;
  return expected === current;
}

/** The actual revision a WrongExpectedVersion reports: a revision, or 'no_stream' (-1 on some paths). */
export function toActualRevision(actual: unknown): bigint | 'no_stream' {
  if (typeof actual === 'bigint') return actual < 0n ? 'no_stream' : actual;
  if (typeof actual === 'string' && /^\d+$/.test(actual)) return BigInt(actual);
  return 'no_stream';
}

/** EventStoreDB names its own events (and links, '$>') with a leading '$'. */
export function isSystemEventType(type: string): boolean {
  return type.startsWith('$');
}

/** Escapes regex metacharacters; the result is valid in both JS and .NET (server-side) regexes. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A server-side regex that matches exactly one of `types` (a prefix filter would over-match). */
export function exactTypesRegex(types: readonly string[]): string {
  return `^(${types.map(escapeRegex).join('|')})$`;
}

/**
 * The server-side filter for a subscription. The server accepts one filter only, so when both
 * event types and stream prefixes are given the types go to the server and `matchesFilter`
 * applies the full filter (AND) on our side.
 */
export function toServerFilter(filter: SubscriptionFilter = {}): Filter {
  if (filter.eventTypes) return eventTypeFilter({ regex: exactTypesRegex(filter.eventTypes) });
  if (filter.streamPrefixes) return streamNameFilter({ prefixes: filter.streamPrefixes });
  return excludeSystemEvents();
}

/** The complete filter, client-side: never system events, and every given condition holds. */
export function matchesFilter(event: RecordedEvent, filter: SubscriptionFilter = {}): boolean {
  if (isSystemEventType(event.type)) return false;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((p) => event.streamName.startsWith(p))) {
    return false;
  }
  return true;
}

/** Binary payloads (written by other tools) are decoded when they hold JSON, else kept as bytes. */
function decodeBinary(value: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(value).toString('utf8'));
  } catch {
    return value;
  }
}

/**
 * A client read/subscription item as a port RecordedEvent, or null when it carries no event.
 * The client already parses JSON data and metadata. Absent metadata (the client writes none
 * for null/undefined) reads back as {}, as the SQLite store stores `metadata ?? {}`.
 */
export function toRecordedEvent(resolved: { event?: ClientRecordedEvent; commitPosition?: bigint }): RecordedEvent | null {
  const event = resolved.event;
  if (!event) return null;
  const position = event.position?.commit ?? resolved.commitPosition;
  if (position === undefined) {
    throw new Error(`EventStoreDB returned event ${event.id} without a position`);
  }
  const data = event.data instanceof Uint8Array && !event.isJson ? decodeBinary(event.data) : event.data;
  const metadata = event.metadata instanceof Uint8Array ? decodeBinary(event.metadata) : event.metadata;
  return {
    id: event.id,
    type: event.type,
    streamName: event.streamId,
    revision: event.revision,
    position,
    data,
    metadata: metadata ?? {},
    created: event.created,
  };
}

export interface ErrorContext {
  streamName?: string;
  /** What we sent as expected revision (more reliable than what the error echoes back). */
  expected?: ExpectedRevision;
  /** Reading a stream: a deleted (tombstoned) stream has no events, so it is "not found". */
  reading?: boolean;
}

/** gRPC status codes meaning "could not talk to the server (in time)". */
const GRPC_UNAVAILABLE_CODES = new Set([1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);
/** The client's error `type`s with the same meaning (ABORTED maps to 'timeout'). */
const UNAVAILABLE_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'cancelled']);

/**
 * A client error as the port's typed error; anything else is returned unchanged. Matches on the
 * client's `type` tag and on raw gRPC `code`s, because a failed connection surfaces as a plain
 * gRPC error (code 14) rather than one of the client's classes.
 */
export function mapClientError(error: unknown, context: ErrorContext = {}): unknown {
  if (
    error instanceof StoreUnavailableError ||
    error instanceof WrongExpectedRevisionError ||
    error instanceof StreamNotFoundError ||
    typeof error !== 'object' ||
    error === null
  ) {
    return error;
  }
  const e = error as { type?: unknown; code?: unknown; message?: unknown; streamName?: unknown };
  const streamName = context.streamName ?? (typeof e.streamName === 'string' ? e.streamName : '');
  if (e.type === 'wrong-expected-version') {
    const w = error as { expectedVersion?: unknown; actualVersion?: unknown };
    const expected = context.expected !== undefined ? describeExpected(context.expected) : String(w.expectedVersion);
    return new WrongExpectedRevisionError(streamName, expected, toActualRevision(w.actualVersion));
  }
  if (e.type === 'stream-not-found' || (context.reading && e.type === 'stream-deleted')) {
    return new StreamNotFoundError(streamName);
  }
  const unavailable =
    (typeof e.type === 'string' && UNAVAILABLE_TYPES.has(e.type)) || (e.type === undefined && typeof e.code === 'number' && GRPC_UNAVAILABLE_CODES.has(e.code));
  if (unavailable) {
    const detail = typeof e.message === 'string' ? e.message : String(error);
    return new StoreUnavailableError(`EventStoreDB unavailable: ${detail}`, { cause: error });
  }
  return error;
}
