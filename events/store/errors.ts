/** Typed errors of the EventStore port; both adapters raise exactly these. */

/** The stream was not at the revision the writer expected (optimistic concurrency). */
export class WrongExpectedRevisionError extends Error {
  readonly streamName: string;
  readonly expected: string;
  /** The stream's actual revision, or 'no_stream' when it has no events. */
  readonly actual: bigint | 'no_stream';
  constructor(streamName: string, expected: string, actual: bigint | 'no_stream') {
    super(`stream ${streamName}: expected revision ${expected}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
    this.streamName = streamName;
    this.expected = expected;
    this.actual = actual;
  }
}

export class StreamNotFoundError extends Error {
  readonly streamName: string;
  constructor(streamName: string) {
    super(`stream ${streamName} not found`);
    this.name = 'StreamNotFoundError';
    this.streamName = streamName;
  }
}

/**
 * Some of the event ids are already in the log, but not as this exact append
 * (another stream, another order, or mixed with new ids): never silently half-applied.
 */
export class EventIdConflictError extends Error {
  readonly eventId: string;
  constructor(eventId: string, detail: string) {
    super(`event id ${eventId} already used: ${detail}`);
    this.name = 'EventIdConflictError';
    this.eventId = eventId;
  }
}

/** The store did not answer in time (EventStoreDB can hang on a half-open endpoint). */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export function describeExpected(expected: 'any' | 'no_stream' | 'stream_exists' | bigint): string {
  return typeof expected === 'bigint' ? expected.toString() : expected;
}
