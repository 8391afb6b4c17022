/**
 * The projection runner: one catch-up subscription to the log feeds every projection in
 * order. Each projection keeps its own checkpoint, so a projection whose version changed
 * rebuilds from position 0 while the others skip what they have already folded. After a
 * dropped subscription it resumes from its own checkpoints.
 *
 * Every projection keeps its state in SQL tables of the read database: rows and checkpoints are
 * written in one transaction, one per BATCH events while catching up, one per turn of the event
 * loop when live. Nothing of a read model is held whole in memory, so a start reads no snapshot:
 * it opens the tables and follows the log from their checkpoints.
 */
import { decode, isKnownType, type StoredEvent } from '../events/catalog/index.ts';
import type { EventStore, RecordedEvent } from '../events/store/port.ts';
import type { DatabaseSync } from 'node:sqlite';
import type { AnySqlProjection, ReadableProjection, SqlProjection } from './projection.ts';
import { dumpTables, type ReadDatabase } from './sql/readDatabase.ts';
import { Conditions } from './conditions.ts';

/** Events per transaction of the read database while catching up. */
const BATCH = 5_000;

export interface ProjectionStatus {
  name: string;
  version: number;
  /** Last log position folded in; null before the first event. */
  position: bigint | null;
  caughtUp: boolean;
  /** Set when folding failed: the projection stops rather than show a wrong view. */
  error: string | null;
}

export class ReadYourWritesTimeoutError extends Error {
  readonly position: bigint;
  readonly behind: string[];
  constructor(position: bigint, behind: string[], timeoutMs: number) {
    super(`projections ${behind.join(', ')} did not reach log position ${position} within ${timeoutMs} ms`);
    this.name = 'ReadYourWritesTimeoutError';
    this.position = position;
    this.behind = behind;
  }
}

interface Slot {
  projection: AnySqlProjection;
  statements: unknown;
  position: bigint | null;
  /** The position written with the last commit: where folding resumes after a rollback. */
  committed: bigint | null;
  error: string | null;
  /** Events applied since the last commit. */
  dirty: number;
}

/** Folding must start again from the checkpoints (a SQL projection failed and its batch was rolled back). */
class RefoldFromCheckpoints extends Error {}

/**
 * Where the runner says what befell it — the store unreachable, a projection stopped — each line
 * with its facts as fields. The server hands it the process's logger (pino, api/observability/).
 */
export interface RunnerLog {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
}

/** Says nothing: a runner built without a log (unit tests, tools). */
const quiet: RunnerLog = { info() {}, warn() {}, error() {} };

export interface RunnerOptions {
  /** Reports replay progress: position folded so far out of the log's last position. */
  onProgress?: (position: bigint, last: bigint | null) => void;
  log?: RunnerLog;
  /** The first pause before trying an unreachable store again (default 250 ms); each next one doubles, up to 30 s. */
  firstRetryMs?: number;
}

/**
 * `Name` is the names of the projections it runs (ProjectionName for the product's), so a list
 * of them to wait for is checked; its state and tables are read by passing the projection itself.
 */
export class ProjectionRunner<Name extends string = string> {
  private readonly slots = new Map<string, Slot>();
  /** Each SQL projection's reader over its statements in use (made again when they are prepared again). */
  private readonly readers = new WeakMap<object, unknown>();
  private readonly conditions = new Conditions();
  private caughtUp = false;
  private stopped = false;
  private subscription: { unsubscribe(): Promise<void> } | null = null;
  private loop: Promise<void> | null = null;
  private readonly options: Required<Omit<RunnerOptions, 'onProgress'>> & Pick<RunnerOptions, 'onProgress'>;
  private readonly readDatabase: ReadDatabase;
  /** A transaction of the read database is open (rows applied, not yet committed). */
  private inTransaction = false;
  private pendingEvents = 0;
  private commitScheduled = false;

  private readonly store: EventStore;

  // biome-ignore lint/suspicious/noExplicitAny: projections of differing statements in one list; each is typed where defined
  constructor(store: EventStore, projections: readonly SqlProjection<any, unknown, Name>[], readDatabase: ReadDatabase, options: RunnerOptions = {}) {
    this.store = store;
    this.readDatabase = readDatabase;
    this.options = { log: quiet, firstRetryMs: 250, ...options };
    for (const projection of projections) {
      this.slots.set(projection.name, { projection, statements: null, position: null, committed: null, error: null, dirty: 0 });
    }
  }

  /**
   * Opens the tables and starts folding; resolves once every projection has caught up — or, if the
   * store cannot be reached, as soon as that is known: the runner keeps trying with backoff (see
   * `storeError` and `ready`), so that the server can start and say what is wrong.
   */
  async start(): Promise<void> {
    this.loop = this.run();
    await this.waitUntil(() => this.caughtUp || this.stopped || this.unreachable);
  }

  /** Whether every projection has caught up with the log at least once since the start (reads may be served). */
  get ready(): boolean {
    return this.caughtUp;
  }

  /** Why the store cannot be reached now (null while it answers). */
  get storeError(): string | null {
    return this.storeProblem;
  }

  private storeProblem: string | null = null;
  /** The last attempt to read the log got nothing at all (as opposed to a drop part-way). */
  private unreachable = false;

  private loadCheckpoints(last: bigint | null): void {
    for (const slot of this.slots.values()) this.openTables(slot, last);
  }

  /**
   * A SQL projection resumes from the checkpoint of its version's tables. Without them (first
   * start, a new version, or tables ahead of the log: the data folder was replaced) it builds
   * fresh tables from position 0; the tables of other versions are dropped once it has caught up.
   */
  private openTables(slot: Slot, last: bigint | null): void {
    const database = this.readDatabase;
    const { name, version, tables, schema } = slot.projection;
    const found = database.versions(name).find((record) => record.version === version);
    const usable = found && (found.position === null || (last !== null && found.position <= last));
    if (!usable) {
      if (found || database.versions(name).length > 0)
        this.options.log.info({ projection: name, version }, `projection ${name}: building v${version} tables from position 0`);
      database.create(name, version, [...tables], schema);
    }
    slot.position = slot.committed = usable ? found.position : null;
    slot.statements = slot.projection.prepare(database.db);
  }

  /**
   * After catching up: the indexes only queries need (a no-op once built), and the tables of
   * versions no longer in the code are not needed.
   */
  private finishTables(): void {
    for (const slot of this.slots.values()) {
      if (slot.error !== null) continue;
      if (slot.projection.indexes) this.readDatabase.db.exec(slot.projection.indexes);
      for (const record of this.readDatabase.versions(slot.projection.name)) {
        if (record.version !== slot.projection.version) this.readDatabase.drop(record.name, record.version);
      }
    }
  }

  /** Writes the applied rows and each SQL projection's checkpoint in one commit. */
  private commit(): void {
    this.commitScheduled = false;
    if (!this.inTransaction) return;
    const database = this.readDatabase;
    for (const slot of this.slots.values()) {
      if (slot.dirty === 0 || slot.position === null) continue;
      if (slot.error === null) slot.projection.flush?.(slot.statements);
      database.checkpoint(slot.projection.name, slot.projection.version, slot.position);
    }
    database.db.exec('COMMIT');
    this.inTransaction = false;
    this.pendingEvents = 0;
    for (const slot of this.slots.values()) {
      slot.committed = slot.position;
      slot.dirty = 0;
    }
  }

  /**
   * `commit`, where a failure must not take the process down (a full disk, a damaged file): the
   * batch is undone and the projections stop with the reason (their reads answer 503).
   */
  private commitOrStop(): void {
    try {
      this.commit();
    } catch (error) {
      const reason = `the read database refused a write: ${(error as Error).message}`;
      try {
        this.rollback();
      } catch {
        /* the transaction is gone already */
      }
      this.inTransaction = false;
      for (const slot of this.slots.values()) {
        if (slot.error === null) {
          slot.error = reason;
          this.options.log.error({ projection: slot.projection.name, reason }, `projection ${slot.projection.name} stopped: ${reason}`);
        }
      }
      this.notify();
    }
  }

  /** Undoes the open transaction: every SQL projection goes back to its last commit. */
  private rollback(): void {
    if (this.inTransaction) this.readDatabase.db.exec('ROLLBACK');
    this.inTransaction = false;
    this.pendingEvents = 0;
    for (const slot of this.slots.values()) {
      slot.position = slot.committed;
      slot.dirty = 0;
      // Statements may remember what they read (monthlyReports keeps settings and provinces): prepared afresh, nothing of the rolled-back rows stays.
      if (slot.error === null) slot.statements = slot.projection.prepare(this.readDatabase.db);
    }
  }

  /**
   * Follows the log until stopped, resubscribing from the checkpoints after any drop. When the
   * store cannot be reached (at the start or later) it says so in one line per attempt and tries
   * again after 0.25 s, 0.5 s, … up to 30 s.
   */
  private async run(): Promise<void> {
    let backoff = this.options.firstRetryMs;
    let loaded = false;
    let received = 0;
    while (!this.stopped) {
      received = 0;
      try {
        if (!loaded) {
          this.loadCheckpoints(await this.store.lastPosition());
          loaded = true;
        }
        const from = this.lowestCheckpoint();
        const subscription = this.store.subscribeToAll({ from: from ?? 'start' });
        this.subscription = subscription;
        const last = this.options.onProgress ? await this.store.lastPosition() : null;
        let replayed = 0;
        for await (const message of subscription) {
          if (received++ === 0) this.storeAnswered();
          if (message.kind === 'caughtUp') {
            // The bar ends at the end of the log.
            if (this.options.onProgress && !this.caughtUp && replayed > 0 && last !== null) this.options.onProgress(last, last);
            this.commitOrStop();
            if (!this.caughtUp) this.finishTables();
            this.caughtUp = true;
            this.notify();
          } else {
            this.fold(message.event);
            if (this.options.onProgress && !this.caughtUp && ++replayed % 10_000 === 0) {
              this.options.onProgress(message.event.position, last);
            }
          }
          backoff = this.options.firstRetryMs;
        }
      } catch (error) {
        if (this.stopped) break;
        if (error instanceof RefoldFromCheckpoints) continue;
        // Rows applied from a subscription that dropped are kept: their checkpoint is committed with them.
        this.commitOrStop();
        const reason = String((error as Error).message ?? error).split('\n')[0] ?? 'unknown';
        this.storeProblem = reason;
        this.unreachable = received === 0;
        this.options.log.warn(
          { store: this.store.kind, reason, retryInMs: backoff, subscriptionDropped: loaded },
          `${loaded ? 'event store subscription dropped' : 'event store unavailable'} (${reason}); trying again in ${backoff} ms`,
        );
        this.notify();
        await this.waitUntil(() => this.stopped, backoff);
        backoff = Math.min(backoff * 2, Math.max(30_000, this.options.firstRetryMs));
      }
    }
  }

  private storeAnswered(): void {
    this.unreachable = false;
    if (this.storeProblem === null) return;
    this.storeProblem = null;
    this.options.log.info({ store: this.store.kind }, 'event store reachable again');
  }

  private fold(recorded: RecordedEvent): void {
    // A million events pass here on a rebuild: no arrays made per event, decode only when needed.
    let event: StoredEvent | null | undefined;
    let applied = false;
    for (const slot of this.slots.values()) {
      if (slot.error !== null || (slot.position !== null && slot.position >= recorded.position)) continue;
      try {
        // Types written by newer code are passed over, so an older replica keeps serving.
        if (event === undefined) event = isKnownType(recorded.type) ? decode(recorded) : null;
        if (!this.inTransaction) {
          this.readDatabase.db.exec('BEGIN');
          this.inTransaction = true;
        }
        if (event) {
          slot.projection.apply(event, slot.statements);
          // Live, each event's counts are written at once, so a read between two commits sees rows and counts agree.
          if (this.caughtUp) slot.projection.flush?.(slot.statements);
        }
        slot.position = recorded.position;
        slot.dirty++;
        applied = true;
      } catch (error) {
        this.fail(slot, recorded, error);
        // Part of the event may be written: the whole batch goes back, and folding resumes from the checkpoints.
        this.rollback();
        throw new RefoldFromCheckpoints();
      }
    }
    if (applied) {
      if (++this.pendingEvents >= BATCH) this.commitOrStop();
      else if (this.caughtUp && !this.commitScheduled) {
        this.commitScheduled = true;
        setImmediate(() => this.commitOrStop());
      }
    }
    if (this.conditions.waiting) this.notify();
  }

  private fail(slot: Slot, recorded: RecordedEvent, error: unknown): void {
    slot.error = `event ${recorded.type} at position ${recorded.position}: ${(error as Error).message}`;
    this.options.log.error(
      { projection: slot.projection.name, eventType: recorded.type, position: recorded.position.toString(), reason: (error as Error).message },
      `projection ${slot.projection.name} stopped: ${slot.error}`,
    );
    this.notify();
  }

  private lowestCheckpoint(): bigint | null {
    let lowest: bigint | null | undefined;
    for (const slot of this.slots.values()) {
      if (slot.error !== null) continue;
      if (slot.position === null) return null;
      if (lowest === undefined || slot.position < lowest!) lowest = slot.position;
    }
    return lowest ?? null;
  }

  /** The current state of a projection, for its queries. */
  state<Reader>(projection: ReadableProjection<Reader, Name>): Reader {
    const name = projection.name;
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`no projection named ${name}`);
    if (slot.error) throw new ProjectionFailedError(name, slot.error);
    if (!slot.projection.read) throw new Error(`projection ${name} keeps its state in SQL: read it with tables()`);
    let reader = this.readers.get(slot.statements as object);
    if (reader === undefined) this.readers.set(slot.statements as object, (reader = slot.projection.read(slot.statements)));
    return reader as Reader;
  }

  /** What a projection holds, to compare two folds (tests, the differential check): its state, or its tables' rows. */
  contents(name: Name): unknown {
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`no projection named ${name}`);
    return dumpTables(this.tables({ name }), slot.projection.tables);
  }

  /** The read database holding a SQL projection's tables, for its queries. */
  tables(projection: { readonly name: Name }): DatabaseSync {
    const name = projection.name;
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`no projection named ${name}`);
    if (slot.error) throw new ProjectionFailedError(name, slot.error);
    return this.readDatabase.db;
  }

  /**
   * Read-your-writes: resolves once the named projections (all, when none are named) have
   * folded the log up to `position`; rejects with ReadYourWritesTimeoutError otherwise.
   */
  async waitFor(position: bigint, timeoutMs: number, names?: readonly Name[]): Promise<void> {
    const slots = names ? names.map((name) => this.slots.get(name)!).filter(Boolean) : [...this.slots.values()];
    const behind = () => slots.filter((slot) => slot.position === null || slot.position < position);
    const failed = slots.find((slot) => slot.error !== null);
    if (failed) throw new ProjectionFailedError(failed.projection.name, failed.error!);
    if (behind().length === 0) return;
    const reached = await this.waitUntil(() => behind().length === 0 || slots.some((slot) => slot.error !== null), timeoutMs);
    if (!reached)
      throw new ReadYourWritesTimeoutError(
        position,
        behind().map((slot) => slot.projection.name),
        timeoutMs,
      );
    const failedLate = slots.find((slot) => slot.error !== null);
    if (failedLate) throw new ProjectionFailedError(failedLate.projection.name, failedLate.error!);
  }

  status(): ProjectionStatus[] {
    return [...this.slots.values()].map((slot) => ({
      name: slot.projection.name,
      version: slot.projection.version,
      position: slot.position,
      caughtUp: this.caughtUp && slot.error === null,
      error: slot.error,
    }));
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.subscription?.unsubscribe();
    this.notify();
    await this.loop;
    this.commitOrStop();
  }

  private notify(): void {
    this.conditions.changed();
  }

  private waitUntil(done: () => boolean, timeoutMs?: number): Promise<boolean> {
    return this.conditions.until(done, timeoutMs);
  }
}

export class ProjectionFailedError extends Error {
  readonly projection: string;
  constructor(projection: string, detail: string) {
    super(`projection ${projection} has stopped: ${detail}`);
    this.name = 'ProjectionFailedError';
    this.projection = projection;
  }
}
