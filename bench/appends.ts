/**
 * Appends: our embedded store (group commit) vs raw node:sqlite inserts of the same rows, with
 * the same durability (WAL, synchronous=FULL): one transaction per insert (what a naive store
 * does) and everything in batched transactions (the limit).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { uuidv7 } from '../events/ids.ts';
import { createSqliteStore } from '../events/store/sqlite.ts';

const N = 20_000;
const data = JSON.stringify({ unitId: uuidv7(), name: '东风村团支部', kind: 'organisation', on: '2026-02-01' });
const metadata = JSON.stringify({ actor: 'bench', correlationId: 'c', causationId: 'c', clientSubmissionId: 's', clientTime: null, serverTime: new Date().toISOString(), schemaVersion: 1 });

function rawDatabase() {
  const db = new DatabaseSync(join(mkdtempSync(join(tmpdir(), 'lp-bench-raw-')), 'raw.db'));
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
    CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, revision INTEGER NOT NULL, id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, created INTEGER NOT NULL, UNIQUE (stream, revision))`);
  return { db, insert: db.prepare('INSERT INTO events (stream, revision, id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)') };
}

export async function benchAppends() {
  const results: Record<string, number> = {};
  {
    const { db, insert } = rawDatabase();
    const start = performance.now();
    db.exec('BEGIN');
    for (let i = 0; i < N; i++) {
      insert.run(`unit-${i}`, 0, uuidv7(), 'UnitOpened', data, metadata, Date.now());
      if (i % 1000 === 999) { db.exec('COMMIT'); db.exec('BEGIN'); }
    }
    db.exec('COMMIT');
    results.rawBatched = N / ((performance.now() - start) / 1000);
    db.close();
  }
  {
    const { db, insert } = rawDatabase();
    const n = 2_000;
    const start = performance.now();
    for (let i = 0; i < n; i++) insert.run(`unit-${i}`, 0, uuidv7(), 'UnitOpened', data, metadata, Date.now());
    results.rawOneByOne = n / ((performance.now() - start) / 1000);
    db.close();
  }
  {
    const store = createSqliteStore(join(mkdtempSync(join(tmpdir(), 'lp-bench-store-')), 'events.db'));
    let next = 0;
    const start = performance.now();
    // 64 concurrent callers, each awaiting one single-event append at a time.
    await Promise.all(Array.from({ length: 64 }, async () => {
      while (next < N) {
        const i = next++;
        await store.append(`unit-${i}`, [{ id: uuidv7(), type: 'UnitOpened', data: JSON.parse(data), metadata: JSON.parse(metadata) }], { expectedRevision: 'no_stream' });
      }
    }));
    results.store64Callers = N / ((performance.now() - start) / 1000);
    await store.close();
  }
  return results;
}
