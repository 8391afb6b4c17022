import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatementSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { encode, type StoredEvent } from '../events/catalog/index.ts';
import { uuidv7 } from '../events/ids.ts';
import type { EventStore } from '../events/store/port.ts';
import { createSqliteStore } from '../events/store/sqlite.ts';
import type { SqlProjection } from './projection.ts';
import { linesOf } from '../test/logs.ts';
import { ProjectionRunner } from './runner.ts';
import { openReadDatabase, type ReadDatabase } from './sql/readDatabase.ts';

/** Names of opened units in a table; a plain INSERT, so an event applied twice fails on the key. */
const names = (version = 1, name = 'names', failOn?: string): SqlProjection<StatementSync> => ({
  name,
  version,
  tables: [`${name}_v${version}`],
  schema: `CREATE TABLE ${name}_v${version} (position INTEGER PRIMARY KEY, name TEXT NOT NULL)`,
  prepare: (db) => db.prepare(`INSERT INTO ${name}_v${version} (position, name) VALUES (?, ?)`),
  apply(event: StoredEvent, insert) {
    if (event.type !== 'UnitOpened') return;
    insert.run(event.position, event.data.name);
    if (event.data.name === failOn) throw new Error(`cannot take ${failOn}`);
  },
});

const metadata = { actor: 't', correlationId: 'c', causationId: 'c', clientSubmissionId: 's', clientTime: null, serverTime: '2026-06-18T08:00:00.000Z' };
async function register(store: EventStore, name: string) {
  const unitId = uuidv7();
  const data = { unitId, kind: 'province' as const, parentId: null, name, code: null, on: '2026-06-18', township: null, organisation: null };
  return store.append(`unit-${unitId}`, [encode({ type: 'UnitOpened', data }, unitId, metadata)]);
}

const open: Array<{ close(): unknown }> = [];
function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'league-pulse-sql-runner-'));
  const store = createSqliteStore(join(dir, 'events.db'));
  open.push(store);
  const readDatabase = () => {
    const db = openReadDatabase(join(dir, 'read.sqlite'));
    open.unshift(db);
    return db;
  };
  return { store, dir, readDatabase };
}
afterEach(async () => {
  for (const resource of open.splice(0)) await resource.close();
});
// biome-ignore lint/suspicious/noExplicitAny: projections of differing statements in one list
const runnerOf = (store: EventStore, projections: Array<SqlProjection<any>>, readDatabase: ReadDatabase, lines: string[] = []) =>
  new ProjectionRunner(store, projections, readDatabase, { log: linesOf(lines) });
const rows = (database: ReadDatabase, table: string) =>
  (database.db.prepare(`SELECT name FROM ${table} ORDER BY position`).all() as { name: string }[]).map((row) => row.name);

describe('projection runner with SQL projections', () => {
  it('writes rows and the checkpoint together; a restart resumes after it, applying nothing twice', async () => {
    const { store, readDatabase } = setup();
    await register(store, 'A');
    const database = readDatabase();
    const first = runnerOf(store, [names()], database);
    await first.start();
    const receipt = await register(store, 'B');
    await first.waitFor(receipt.position, 5_000);
    // Read-your-writes sees the row at once (same connection), before the turn's commit.
    expect(rows(database, 'names_v1')).toEqual(['A', 'B']);
    await first.stop();
    expect(database.versions('names')).toEqual([{ name: 'names', version: 1, position: receipt.position, tables: ['names_v1'] }]);
    database.close();
    await register(store, 'C');
    const again = readDatabase();
    const second = runnerOf(store, [names()], again);
    await second.start();
    expect(rows(again, 'names_v1')).toEqual(['A', 'B', 'C']);
    await second.stop();
  });

  it('a new version builds its own tables from position 0 and drops the old ones once caught up', async () => {
    const { store, readDatabase } = setup();
    await register(store, 'A');
    const database = readDatabase();
    const first = runnerOf(store, [names(1), names(1, 'other')], database);
    await first.start();
    await first.stop();
    const lines: string[] = [];
    const second = runnerOf(store, [names(2), names(1, 'other')], database, lines);
    await second.start();
    expect(rows(database, 'names_v2')).toEqual(['A']);
    expect(rows(database, 'other_v1')).toEqual(['A']);
    expect(database.versions('names').map((record) => record.version)).toEqual([2]);
    expect(database.db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'names_v1'`).get()).toEqual({ n: 0 });
    expect(lines).toContain('projection names: building v2 tables from position 0');
    await second.stop();
  });

  it('tables ahead of the log (the data folder was replaced) are built again from the log', async () => {
    const { store, readDatabase } = setup();
    const database = readDatabase();
    database.create('names', 1, ['names_v1'], names().schema);
    database.db.prepare(`INSERT INTO names_v1 VALUES (41, 'stale')`).run();
    database.checkpoint('names', 1, 41n);
    await register(store, 'A');
    const runner = runnerOf(store, [names()], database);
    await runner.start();
    expect(rows(database, 'names_v1')).toEqual(['A']);
    await runner.stop();
  });

  it('a projection that fails stops alone: its batch is rolled back, the others fold on to the end', async () => {
    const { store, readDatabase } = setup();
    for (const name of ['A', 'B', 'C', 'D']) await register(store, name);
    const database = readDatabase();
    const lines: string[] = [];
    const runner = runnerOf(store, [names(1, 'fragile', 'C'), names(1, 'sturdy')], database, lines);
    await runner.start();
    expect(rows(database, 'sturdy_v1')).toEqual(['A', 'B', 'C', 'D']);
    // Nothing of the failed batch is kept: not even A and B, which came in the same transaction.
    expect(rows(database, 'fragile_v1')).toEqual([]);
    expect(runner.status().find((status) => status.name === 'fragile')).toMatchObject({ caughtUp: false, error: expect.stringContaining('cannot take C') });
    expect(() => runner.tables({ name: 'fragile' })).toThrow(/fragile has stopped/);
    expect(lines.some((line) => line.startsWith('projection fragile stopped: event UnitOpened at position'))).toBe(true);
    await runner.stop();
  });

  it('a commit the read database refuses stops the SQL projections with the reason, not the process', async () => {
    const { store, readDatabase } = setup();
    await register(store, 'A');
    const database = readDatabase();
    // A deferred foreign key is checked at COMMIT: the row for 'B' names a parent that does not exist.
    database.db.exec('PRAGMA foreign_keys = ON');
    const strict: SqlProjection<StatementSync> = {
      name: 'strict',
      version: 1,
      tables: ['strict_parents', 'strict_children'],
      schema: `CREATE TABLE strict_parents (id INTEGER PRIMARY KEY);
        CREATE TABLE strict_children (position INTEGER PRIMARY KEY, parent INTEGER REFERENCES strict_parents (id) DEFERRABLE INITIALLY DEFERRED);`,
      prepare: (db) => db.prepare('INSERT INTO strict_children (position, parent) VALUES (?, ?)'),
      apply(event, insert) {
        if (event.type === 'UnitOpened') insert.run(event.position, event.data.name === 'B' ? 404 : null);
      },
    };
    const lines: string[] = [];
    const runner = runnerOf(store, [strict], database, lines);
    await runner.start();
    const receipt = await register(store, 'B');
    expect(receipt.position).toBe(2n);
    await expect
      .poll(() => runner.status().find((status) => status.name === 'strict')?.error ?? null, { timeout: 5_000 })
      .toMatch(/the read database refused a write: FOREIGN KEY constraint failed/);
    expect(() => runner.tables(strict)).toThrow(/strict has stopped/);
    expect(lines.some((line) => line.startsWith('projection strict stopped: the read database refused a write'))).toBe(true);
    // Nothing of the refused batch is kept; what was committed before is.
    expect(database.db.prepare('SELECT count(*) AS n FROM strict_children').get()).toEqual({ n: 1 });
    await runner.stop();
  });
});
