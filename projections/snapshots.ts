import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** A projection's state together with the log position it describes. */
export interface Snapshot {
  name: string;
  version: number;
  /** Last position folded into the state; null for a state that has folded nothing. */
  position: bigint | null;
  state: unknown;
}

export interface SnapshotStore {
  load(name: string): Snapshot | null;
  /** Writes state and checkpoint in one statement, so they can never disagree. */
  save(snapshot: Snapshot): void;
  close(): void;
}

/**
 * Snapshots kept in their own SQLite file beside the log (or wherever DATA_DIR points when
 * the log is EventStoreDB): a restart loads them instead of replaying the whole log.
 */
export function createSnapshotStore(file: string): SnapshotStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
    CREATE TABLE IF NOT EXISTS snapshots (
      name TEXT PRIMARY KEY, version INTEGER NOT NULL, position TEXT, state TEXT NOT NULL, saved_at TEXT NOT NULL
    )`);
  const select = db.prepare('SELECT name, version, position, state FROM snapshots WHERE name = ?');
  const upsert = db.prepare(`INSERT INTO snapshots (name, version, position, state, saved_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position,
      state = excluded.state, saved_at = excluded.saved_at`);
  return {
    load(name) {
      const row = select.get(name) as { name: string; version: number; position: string | null; state: string } | undefined;
      if (!row) return null;
      return { name: row.name, version: row.version, position: row.position === null ? null : BigInt(row.position), state: JSON.parse(row.state, revive) };
    },
    save({ name, version, position, state }) {
      upsert.run(name, version, position === null ? null : position.toString(), JSON.stringify(state, replace), new Date().toISOString());
    },
    close() {
      db.close();
    },
  };
}

/** Projection states may hold Maps, Sets and bigints; JSON keeps them through these tags. */
function replace(this: unknown, _key: string, value: unknown): unknown {
  if (value instanceof Map) return { $map: [...value] };
  if (value instanceof Set) return { $set: [...value] };
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  return value;
}

function revive(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const tagged = value as { $map?: [unknown, unknown][]; $set?: unknown[]; $bigint?: string };
    if (tagged.$map) return new Map(tagged.$map);
    if (tagged.$set) return new Set(tagged.$set);
    if (tagged.$bigint !== undefined) return BigInt(tagged.$bigint);
  }
  return value;
}
