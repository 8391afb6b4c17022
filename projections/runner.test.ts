import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encode, type StoredEvent } from '../events/catalog/index.ts';
import { uuidv7 } from '../events/ids.ts';
import { StoreUnavailableError } from '../events/store/errors.ts';
import type { EventStore, Subscription } from '../events/store/port.ts';
import { createSqliteStore } from '../events/store/sqlite.ts';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { SqlProjection } from './projection.ts';
import { linesOf } from '../test/logs.ts';
import { ProjectionRunner, ReadYourWritesTimeoutError } from './runner.ts';
import { openReadDatabase } from './sql/readDatabase.ts';

interface Tally {
  names: string[];
  positions: string[];
}
interface TallyStatements {
  insert: StatementSync;
  all: StatementSync;
}
/** The names of opened units, a row each (a plain INSERT: an event applied twice fails on the key). */
const tally = (version = 1, name = 'tally'): SqlProjection<TallyStatements, Tally> & { read(sql: TallyStatements): Tally } => ({
  name,
  version,
  tables: [`${name}_v${version}`],
  schema: `CREATE TABLE ${name}_v${version} (position INTEGER PRIMARY KEY, name TEXT NOT NULL)`,
  prepare: (db: DatabaseSync) => ({
    insert: db.prepare(`INSERT INTO ${name}_v${version} (position, name) VALUES (?, ?)`),
    all: db.prepare(`SELECT position, name FROM ${name}_v${version} ORDER BY position`),
  }),
  apply(event: StoredEvent, sql) {
    if (event.type === 'UnitOpened') sql.insert.run(event.position, event.data.name);
  },
  read: (sql) => {
    const rows = () => sql.all.all() as Array<{ position: number; name: string }>;
    return {
      get names() {
        return rows().map((row) => row.name);
      },
      get positions() {
        return rows().map((row) => String(row.position));
      },
    };
  },
});

const metadata = { actor: 't', correlationId: 'c', causationId: 'c', clientSubmissionId: 's', clientTime: null, serverTime: new Date().toISOString() };
async function register(store: EventStore, name: string) {
  const unitId = uuidv7();
  const data = { unitId, kind: 'province' as const, parentId: null, name, code: null, on: '2026-06-18', township: null, organisation: null };
  return store.append(`unit-${unitId}`, [encode({ type: 'UnitOpened', data }, unitId, metadata)]);
}

const open: Array<{ close(): unknown }> = [];
function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'league-pulse-runner-'));
  const store = createSqliteStore(join(dir, 'events.db'));
  const tables = openReadDatabase(join(dir, 'read.sqlite'));
  open.unshift(tables);
  open.push(store);
  return { store, tables };
}
afterEach(async () => {
  for (const resource of open.splice(0)) await resource.close();
});
const quiet = {};

describe('projection runner', () => {
  it('folds the log on start, then live appends; waitFor answers once a position is folded', async () => {
    const { store, tables } = setup();
    await register(store, 'A');
    const runner = new ProjectionRunner(store, [tally()], tables, quiet);
    await runner.start();
    expect(runner.state(tally()).names).toEqual(['A']);
    const receipt = await register(store, 'B');
    await runner.waitFor(receipt.position, 2_000);
    expect(runner.state(tally()).names).toEqual(['A', 'B']);
    expect(runner.status()[0]).toMatchObject({ name: 'tally', position: receipt.position, caughtUp: true, error: null });
    await runner.stop();
  });

  it('restarts from its checkpoint (written with its rows) without folding anything twice', async () => {
    const { store, tables } = setup();
    await register(store, 'A');
    await register(store, 'B');
    const first = new ProjectionRunner(store, [tally()], tables, quiet);
    await first.start();
    await first.stop();
    await register(store, 'C');
    const second = new ProjectionRunner(store, [tally()], tables, quiet);
    await second.start();
    expect(second.state(tally()).names).toEqual(['A', 'B', 'C']);
    await second.stop();
  });

  it('a new projection version rebuilds that projection from position 0; the others keep their checkpoint', async () => {
    const { store, tables } = setup();
    await register(store, 'A');
    const first = new ProjectionRunner(store, [tally(1), tally(1, 'other')], tables, quiet);
    await first.start();
    await first.stop();
    // 'other' refolded from 0 would fail on its key: it resumes after its checkpoint.
    const second = new ProjectionRunner(store, [tally(2), tally(1, 'other')], tables, quiet);
    await second.start();
    expect(second.state(tally()).names).toEqual(['A']);
    expect(second.state(tally(1, 'other')).names).toEqual(['A']);
    expect(tables.versions('tally').map((found) => found.version)).toEqual([2]);
    await second.stop();
  });

  it('read-your-writes times out with a clear error when the position is never reached', async () => {
    const { store, tables } = setup();
    const runner = new ProjectionRunner(store, [tally()], tables, quiet);
    await runner.start();
    const error = await runner.waitFor(999n, 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReadYourWritesTimeoutError);
    expect((error as Error).message).toContain('tally did not reach log position 999 within 50 ms');
    await runner.stop();
  });

  it('resumes from its own checkpoint after the subscription drops', async () => {
    const { store, tables } = setup();
    for (const name of ['A', 'B', 'C']) await register(store, name);
    let drops = 0;
    const flaky: EventStore = Object.create(store, {
      subscribeToAll: {
        value: (options: Parameters<EventStore['subscribeToAll']>[0]): Subscription => {
          const inner = store.subscribeToAll(options);
          if (drops++ > 0) return inner;
          return {
            unsubscribe: () => inner.unsubscribe(),
            async *[Symbol.asyncIterator]() {
              let n = 0;
              for await (const message of inner) {
                yield message;
                if (++n === 2) throw new Error('connection reset');
              }
            },
          };
        },
      },
    });
    const runner = new ProjectionRunner(flaky, [tally()], tables, quiet);
    await runner.start();
    expect(drops).toBe(2);
    expect(runner.state(tally()).names).toEqual(['A', 'B', 'C']);
    await runner.stop();
  });

  it('a failing fold stops only that projection, and says why', async () => {
    const { store, tables } = setup();
    await register(store, 'A');
    const broken: SqlProjection<null> & { read(): null } = {
      name: 'broken',
      version: 1,
      tables: [],
      schema: '',
      prepare: () => null,
      apply: () => {
        throw new Error('boom');
      },
      read: () => null,
    };
    const runner = new ProjectionRunner(store, [broken, tally()], tables, quiet);
    await runner.start();
    expect(runner.state(tally()).names).toEqual(['A']);
    const status = runner.status().find((s) => s.name === 'broken')!;
    expect(status.error).toMatch(/UnitOpened at position 1: boom/);
    expect(() => runner.state(broken)).toThrow(/has stopped/);
    await runner.stop();
  });
});

describe('a store that cannot be reached', () => {
  /** The embedded store behind a switch: while off, every call fails as an unreachable EventStoreDB does. */
  function behindSwitch(store: EventStore) {
    const state = { on: false, calls: 0 };
    const refuse = () => {
      state.calls++;
      return new StoreUnavailableError('14 UNAVAILABLE: No connection established');
    };
    const switched: EventStore = Object.create(store, {
      lastPosition: {
        value: async () => {
          if (!state.on) throw refuse();
          return store.lastPosition();
        },
      },
      subscribeToAll: {
        value: (options: Parameters<EventStore['subscribeToAll']>[0]): Subscription => {
          if (state.on) return store.subscribeToAll(options);
          return {
            unsubscribe: async () => {},
            // biome-ignore lint/correctness/useYield: a subscription that fails at its first read, as an unreachable store does
            async *[Symbol.asyncIterator]() {
              throw refuse();
            },
          };
        },
      },
    });
    return { switched, state };
  }

  it('starts anyway, says why in one line per attempt, tries again with growing pauses, and catches up once it answers', async () => {
    const { store, tables } = setup();
    for (const name of ['A', 'B']) await register(store, name);
    const { switched, state } = behindSwitch(store);
    const lines: string[] = [];
    const runner = new ProjectionRunner(switched, [tally()], tables, { log: linesOf(lines) });
    await runner.start();
    expect({ ready: runner.ready, storeError: runner.storeError }).toEqual({ ready: false, storeError: '14 UNAVAILABLE: No connection established' });
    await vi.waitFor(() => expect(state.calls).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
    expect(lines.slice(0, 3)).toEqual(
      [250, 500, 1000].map((ms) => `event store unavailable (14 UNAVAILABLE: No connection established); trying again in ${ms} ms`),
    );
    state.on = true;
    await vi.waitFor(() => expect(runner.ready).toBe(true), { timeout: 10_000 });
    expect(runner.storeError).toBeNull();
    expect(runner.state(tally()).names).toEqual(['A', 'B']);
    expect(lines.at(-1)).toBe('event store reachable again');
    await runner.stop();
  });

  it('stops at once while waiting to try again, not after the pause', async () => {
    const { store, tables } = setup();
    const { switched, state } = behindSwitch(store);
    const runner = new ProjectionRunner(switched, [tally()], tables, { ...quiet, firstRetryMs: 600_000 });
    await runner.start();
    const started = performance.now();
    await runner.stop();
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(state.calls).toBe(1);
  });
});
