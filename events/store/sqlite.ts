/**
 * The embedded event store (the default): one SQLite file through node:sqlite, in WAL mode
 * with synchronous=FULL, so an append is acknowledged only after its commit reached the disk.
 *
 * Appends from concurrent callers are queued and written by a single writer in one
 * transaction per turn of the event loop (group commit): one fsync covers every append of
 * the turn. Each append runs in its own savepoint, so one conflicting append fails alone.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { EventIdConflictError, StreamNotFoundError, WrongExpectedRevisionError, describeExpected } from './errors.ts';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
  SubscriptionFilter,
  SubscriptionMessage,
} from './port.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  stream   TEXT    NOT NULL,
  revision INTEGER NOT NULL,
  id       TEXT    NOT NULL UNIQUE,
  type     TEXT    NOT NULL,
  data     TEXT    NOT NULL,
  metadata TEXT    NOT NULL,
  created  INTEGER NOT NULL,
  UNIQUE (stream, revision)
);`;

/** Rows per read page: large enough to amortise the query, small enough to keep the loop responsive. */
const PAGE = 1000;
/** Subscriptions also poll, so that appends by another process on the same file are seen. */
const POLL_MS = 1000;

interface PendingAppend {
  streamName: string;
  events: EventToAppend[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface Row {
  position: bigint;
  stream: string;
  revision: bigint;
  id: string;
  type: string;
  data: string;
  metadata: string;
  created: bigint;
}

export function createSqliteStore(file: string): EventStore {
  return new SqliteEventStore(file);
}

class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly db: DatabaseSync;
  private readonly sql: Record<
    'byId' | 'head' | 'insert' | 'all' | 'allBack' | 'stream' | 'streamBack' | 'last' | 'savepoint' | 'release' | 'rollbackTo',
    StatementSync
  >;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private waiters = new Set<() => void>();
  private closed = false;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;');
    this.db.exec(SCHEMA);
    const cols = 'position, stream, revision, id, type, data, metadata, created';
    const prepare = (sql: string) => {
      const statement = this.db.prepare(sql);
      statement.setReadBigInts(true);
      return statement;
    };
    this.sql = {
      byId: prepare('SELECT stream, revision, position FROM events WHERE id = ?'),
      head: prepare('SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1'),
      insert: prepare('INSERT INTO events (stream, revision, id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      all: prepare(`SELECT ${cols} FROM events WHERE position >= ? ORDER BY position LIMIT ?`),
      allBack: prepare(`SELECT ${cols} FROM events WHERE position <= ? ORDER BY position DESC LIMIT ?`),
      stream: prepare(`SELECT ${cols} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`),
      streamBack: prepare(`SELECT ${cols} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`),
      last: prepare('SELECT max(position) AS position FROM events'),
      savepoint: this.db.prepare('SAVEPOINT append'),
      release: this.db.prepare('RELEASE append'),
      rollbackTo: this.db.prepare('ROLLBACK TO append'),
    };
  }

  append(streamName: string, events: EventToAppend[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ streamName, events, expected: options.expectedRevision ?? 'any', resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes every queued append in one transaction; acknowledges only after COMMIT. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: Array<{ ok: true; result: AppendResult } | { ok: false; error: unknown }> = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      for (const pending of batch) {
        this.sql.savepoint.run();
        try {
          let result: AppendResult;
          try {
            result = this.write(pending, true);
          } catch (error) {
            // An id already in the log, or a revision that does not match: undo, and decide as
            // before (a repeat of an earlier append returns its receipt).
            if (!(error instanceof WrongExpectedRevisionError || (error instanceof Error && /UNIQUE constraint failed: events\.id/.test(error.message))))
              throw error;
            this.sql.rollbackTo.run();
            result = this.write(pending, false);
          }
          outcomes.push({ ok: true, result });
          this.sql.release.run();
        } catch (error) {
          this.sql.rollbackTo.run();
          this.sql.release.run();
          outcomes.push({ ok: false, error });
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    this.wake();
  }

  private write({ streamName, events, expected }: PendingAppend, optimistic = false): AppendResult {
    const repeat = optimistic ? null : this.alreadyAppended(streamName, events);
    if (repeat) return repeat;
    const head = this.sql.head.get(streamName) as { revision: bigint } | undefined;
    const current = head?.revision ?? -1n;
    const mismatch =
      (expected === 'no_stream' && current !== -1n) ||
      (expected === 'stream_exists' && current === -1n) ||
      (typeof expected === 'bigint' && expected !== current);
    if (mismatch) {
      throw new WrongExpectedRevisionError(streamName, describeExpected(expected), current === -1n ? 'no_stream' : current);
    }
    let revision = current;
    let position = -1n;
    const now = BigInt(Date.now());
    for (const event of events) {
      revision += 1n;
      const inserted = this.sql.insert.run(streamName, revision, event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata ?? {}), now);
      position = BigInt(inserted.lastInsertRowid);
    }
    if (events.length === 0) {
      // An empty append changes nothing; like EventStoreDB it reports where the stream stands.
      position = (this.sql.last.get() as { position: bigint | null }).position ?? -1n;
    }
    return { nextExpectedRevision: revision, position };
  }

  /**
   * Idempotency: when every id is already in this stream, in this order and consecutively,
   * this is a repeat of an earlier append; return its original result and write nothing.
   */
  private alreadyAppended(streamName: string, events: EventToAppend[]): AppendResult | null {
    const found = events.map((event) => this.sql.byId.get(event.id) as { stream: string; revision: bigint; position: bigint } | undefined);
    const known = found.filter((row) => row !== undefined);
    if (known.length === 0) return null;
    const first = found[0];
    const exactRepeat =
      known.length === events.length &&
      first !== undefined &&
      found.every((row, i) => row!.stream === streamName && row!.revision === first.revision + BigInt(i));
    if (!exactRepeat) {
      const clash = events[found.findIndex((row) => row !== undefined)]!;
      throw new EventIdConflictError(clash.id, 'it belongs to another append');
    }
    const last = found[found.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? -1;
    const from = options.fromRevision ?? (backwards ? BigInt(Number.MAX_SAFE_INTEGER) : 0n);
    const rows = (backwards ? this.sql.streamBack : this.sql.stream).all(streamName, from, limit) as unknown as Row[];
    if (rows.length === 0 && !this.sql.head.get(streamName)) throw new StreamNotFoundError(streamName);
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? -1;
    const from = options.fromPosition ?? (backwards ? BigInt(Number.MAX_SAFE_INTEGER) : 0n);
    const rows = (backwards ? this.sql.allBack : this.sql.all).all(from, limit) as unknown as Row[];
    return rows.map(toRecorded);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const matches = compileFilter(options.filter);
    let after = options.from === undefined || options.from === 'start' ? 0n : options.from;
    let stopped = false;
    let stop: () => void = () => {};
    const store = this;
    async function* messages(): AsyncGenerator<SubscriptionMessage> {
      let caughtUp = false;
      while (!stopped && !store.closed) {
        const rows = store.sql.all.all(after + 1n, PAGE) as unknown as Row[];
        for (const row of rows) {
          after = row.position;
          if (matches(row)) yield { kind: 'event', event: toRecorded(row) };
          if (stopped) return;
        }
        if (rows.length === PAGE) continue;
        if (!caughtUp) {
          caughtUp = true;
          yield { kind: 'caughtUp' };
          continue; // events appended while the consumer handled caughtUp are read at once
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, POLL_MS);
          function done() {
            clearTimeout(timer);
            store.waiters.delete(done);
            resolve();
          }
          stop = done;
          store.waiters.add(done);
        });
      }
    }
    const iterator = messages();
    return {
      [Symbol.asyncIterator]: () => iterator,
      async unsubscribe() {
        stopped = true;
        stop();
      },
    };
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  async lastPosition(): Promise<bigint | null> {
    return (this.sql.last.get() as { position: bigint | null }).position;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.queue.length > 0) this.flush();
    this.wake();
    this.db.close();
  }
}

function compileFilter(filter: SubscriptionFilter | undefined): (row: Row) => boolean {
  const types = filter?.eventTypes ? new Set(filter.eventTypes) : null;
  const prefixes = filter?.streamPrefixes ?? null;
  return (row) => (types === null || types.has(row.type)) && (prefixes === null || prefixes.some((prefix) => row.stream.startsWith(prefix)));
}

function toRecorded(row: Row): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    streamName: row.stream,
    revision: row.revision,
    position: row.position,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    created: new Date(Number(row.created)),
  };
}
