/**
 * Appends, with the same durability everywhere (WAL; every acknowledged append on disk):
 *   - raw node:sqlite inserts of the same rows: 1,000 per transaction (the limit), and one
 *     transaction each (what a naive store does);
 *   - our embedded store (events/store/sqlite.ts): 64 concurrent callers each awaiting single-event
 *     appends (group commit: one transaction per event-loop turn), and batches (1,000 appends handed
 *     over in one turn; one append of 1,000 events);
 *   - the peer, Emmett's SQLite event store (@event-driven-io/emmett-sqlite, installed apart in
 *     bench/peer by `npm run bench:peer`), the same two ways, when it is installed.
 * Each of ours and the raw inserts is the median of three runs.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { uuidv7 } from '../events/ids.ts';
import { createSqliteStore } from '../events/store/sqlite.ts';

const N = 20_000;
const BATCH = 1_000;
const CALLERS = 64;
const data = { unitId: uuidv7(), name: '东风村团支部', kind: 'organisation', on: '2026-02-01' };
const metadata = {
  actor: 'bench',
  correlationId: 'c',
  causationId: 'c',
  clientSubmissionId: 's',
  clientTime: null,
  serverTime: new Date().toISOString(),
  schemaVersion: 1,
};

export interface AppendResults {
  rawBatched: number;
  rawOneByOne: number;
  store64Callers: number;
  storeBatchedAppends: number;
  storeOneAppendOfMany: number;
  peer: { callers: number; batched: number; version: string; storeFailures: number } | { missing: string };
}

/** A database file in a folder of its own, removed when the benchmark is done. */
const folders: string[] = [];
const temp = (name: string) => {
  const folder = mkdtempSync(join(tmpdir(), `lp-bench-${name}-`));
  folders.push(folder);
  return join(folder, 'events.db');
};
const rate = (events: number, start: number) => events / ((performance.now() - start) / 1000);

function rawDatabase() {
  const db = new DatabaseSync(temp('raw'));
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
    CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, revision INTEGER NOT NULL, id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, created INTEGER NOT NULL, UNIQUE (stream, revision))`);
  return { db, insert: db.prepare('INSERT INTO events (stream, revision, id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)') };
}

/** What this benchmark uses of @event-driven-io/emmett-sqlite (typed here: the peer is installed apart, maybe not at all). */
interface PeerEvent {
  type: string;
  data: unknown;
  metadata?: unknown;
}
interface PeerConnection {
  close(): void;
}
interface EmmettSqlite {
  sqliteConnection(options: { fileName: string }): PeerConnection;
  createEventStoreSchema(connection: PeerConnection): Promise<void>;
  appendToStream(
    connection: PeerConnection,
    streamName: string,
    streamType: string,
    events: PeerEvent[],
    options?: { expectedStreamVersion?: unknown },
  ): Promise<unknown>;
  getSQLiteEventStore(options: { fileName: string; schema?: { autoMigration?: 'None' | 'CreateOrUpdate' } }): {
    appendToStream(streamName: string, events: PeerEvent[]): Promise<unknown>;
  };
}

/** Emmett's SQLite store from bench/peer, or why it is not there. */
async function loadPeer(): Promise<{ module: EmmettSqlite; version: string } | { missing: string }> {
  const folder = new URL('./peer/node_modules/@event-driven-io/emmett-sqlite/', import.meta.url);
  if (!existsSync(folder)) {
    return {
      missing:
        'not installed: run `npm run bench:peer` (it builds its driver, sqlite3, from source: the prebuilt binary sqlite3 downloads comes from GitHub, which is out of reach here)',
    };
  }
  try {
    const module = (await import(pathToFileURL(join(folder.pathname, 'dist/index.js')).href)) as EmmettSqlite;
    const { version } = (await import(pathToFileURL(join(folder.pathname, 'package.json')).href, { with: { type: 'json' } })).default as { version: string };
    return { module, version };
  } catch (error) {
    return { missing: `installed but it does not load: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** The median of three runs: this machine is shared, and single runs of a few hundred ms swing widely. */
async function median(measure: () => Promise<number> | number): Promise<number> {
  const runs = [await measure(), await measure(), await measure()].sort((a, b) => a - b);
  return runs[1]!;
}

export async function benchAppends(): Promise<AppendResults> {
  const results: Partial<AppendResults> = {};
  for (const key of ['rawBatched', 'rawOneByOne', 'store64Callers', 'storeBatchedAppends', 'storeOneAppendOfMany'] as const) {
    results[key] = await median(async () => (await measureOnce([key]))[key]);
  }
  results.peer = await measurePeer();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  return results as AppendResults;
}

type Measured = Pick<AppendResults, 'rawBatched' | 'rawOneByOne' | 'store64Callers' | 'storeBatchedAppends' | 'storeOneAppendOfMany'>;

async function measureOnce(only?: Array<keyof Measured>): Promise<Measured> {
  const results: Partial<Measured> = {};
  const wanted = (key: keyof Measured) => !only || only.includes(key);
  if (wanted('rawBatched')) {
    const { db, insert } = rawDatabase();
    const start = performance.now();
    db.exec('BEGIN');
    for (let i = 0; i < N; i++) {
      insert.run(`unit-${i}`, 0, uuidv7(), 'UnitOpened', JSON.stringify(data), JSON.stringify(metadata), Date.now());
      if (i % BATCH === BATCH - 1) {
        db.exec('COMMIT');
        db.exec('BEGIN');
      }
    }
    db.exec('COMMIT');
    results.rawBatched = rate(N, start);
    db.close();
  }
  if (wanted('rawOneByOne')) {
    const { db, insert } = rawDatabase();
    const n = 2_000;
    const start = performance.now();
    for (let i = 0; i < n; i++) insert.run(`unit-${i}`, 0, uuidv7(), 'UnitOpened', JSON.stringify(data), JSON.stringify(metadata), Date.now());
    results.rawOneByOne = rate(n, start);
    db.close();
  }
  const event = () => ({ id: uuidv7(), type: 'UnitOpened', data, metadata });
  if (wanted('store64Callers')) {
    const store = createSqliteStore(temp('store'));
    let next = 0;
    const start = performance.now();
    // 64 concurrent callers, each awaiting one single-event append at a time.
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        while (next < N) {
          const i = next++;
          await store.append(`unit-${i}`, [event()], { expectedRevision: 'no_stream' });
        }
      }),
    );
    results.store64Callers = rate(N, start);
    await store.close();
  }
  if (wanted('storeBatchedAppends')) {
    // 1,000 single-event appends to different streams handed over in one turn: one transaction.
    const store = createSqliteStore(temp('store-batch'));
    const start = performance.now();
    for (let i = 0; i < N; i += BATCH) {
      await Promise.all(Array.from({ length: BATCH }, (_, k) => store.append(`unit-${i + k}`, [event()], { expectedRevision: 'no_stream' })));
    }
    results.storeBatchedAppends = rate(N, start);
    await store.close();
  }
  if (wanted('storeOneAppendOfMany')) {
    // One append of 1,000 events to one stream.
    const store = createSqliteStore(temp('store-many'));
    const start = performance.now();
    for (let i = 0; i < N; i += BATCH) await store.append(`batch-${i}`, Array.from({ length: BATCH }, event), { expectedRevision: 'no_stream' });
    results.storeOneAppendOfMany = rate(N, start);
    await store.close();
  }
  return results as Measured;
}

async function measurePeer(): Promise<AppendResults['peer']> {
  const peer = await loadPeer();
  if ('missing' in peer) return peer;
  {
    // Its event store (getSQLiteEventStore) opens and closes a connection per call: calls that
    // overlap close each other's connection (SQLITE_MISUSE), and even one at a time some commits
    // fail with SQLITE_BUSY ("SQL statements in progress"). Measured as it is best used: its own
    // appendToStream on one long-lived connection (WAL, synchronous=FULL, as ours), the 64
    // callers queued on it since one connection runs one transaction at a time.
    const { sqliteConnection, appendToStream, createEventStoreSchema, getSQLiteEventStore } = peer.module;
    const connection = sqliteConnection({ fileName: temp('emmett') });
    await createEventStoreSchema(connection);
    let queue: Promise<unknown> = Promise.resolve();
    const serial = <T>(task: () => Promise<T>): Promise<T> => {
      const run = queue.then(task);
      queue = run.catch(() => {});
      return run;
    };
    const n = 4_000;
    let next = 0;
    let start = performance.now();
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        while (next < n) {
          const i = next++;
          await serial(() =>
            appendToStream(connection, `unit-${i}`, 'unit', [{ type: 'UnitOpened', data, metadata }], { expectedStreamVersion: 'STREAM_DOES_NOT_EXIST' }),
          );
        }
      }),
    );
    const callers = rate(n, start);
    start = performance.now();
    for (let i = 0; i < N; i += BATCH) {
      await appendToStream(
        connection,
        `batch-${i}`,
        'batch',
        Array.from({ length: BATCH }, () => ({ type: 'UnitOpened', data, metadata })),
        { expectedStreamVersion: 'STREAM_DOES_NOT_EXIST' },
      );
    }
    const batched = rate(N, start);
    connection.close();
    // The event store itself, one append at a time: how many of 1,000 fail.
    const store = getSQLiteEventStore({ fileName: temp('emmett-store'), schema: { autoMigration: 'CreateOrUpdate' } });
    let failed = 0;
    const quiet = console.log;
    console.log = () => {}; // it logs every failed transaction
    try {
      for (let i = 0; i < 1_000; i++) {
        await store.appendToStream(`unit-${i}`, [{ type: 'UnitOpened', data, metadata }]).catch(() => failed++);
      }
    } finally {
      console.log = quiet;
    }
    return { callers, batched, version: peer.version, storeFailures: failed };
  }
}
