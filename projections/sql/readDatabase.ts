/**
 * The read database: the projections that keep their state in SQL tables share one SQLite
 * file (`DATA_DIR/read.sqlite` unless READ_DB_PATH says otherwise), separate from the log. It
 * holds nothing the log does not: deleting the file rebuilds every table from position 0.
 *
 * `read_models` records, per projection and schema version, the tables that version owns and
 * the last log position folded into them. The runner writes that position in the same
 * transaction as the rows it describes, so a crash loses both or neither.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface ReadModelRecord {
  name: string;
  version: number;
  position: bigint | null;
  tables: string[];
}

export interface ReadDatabase {
  readonly db: DatabaseSync;
  /** Every recorded version of a projection (normally one; two while a new version rebuilds). */
  versions(name: string): ReadModelRecord[];
  /** Creates a version's tables (dropping any left over from an unfinished build) and records it at position null. */
  create(name: string, version: number, tables: string[], schema: string): void;
  /** Drops a version's tables and forgets it. */
  drop(name: string, version: number): void;
  /** Records the position a version has folded up to; called inside the runner's transaction. */
  checkpoint(name: string, version: number, position: bigint): void;
  close(): void;
}

export function openReadDatabase(file: string): ReadDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  // synchronous=NORMAL: a power cut may lose the last commits, rows and checkpoint together,
  // and the runner folds them again from the log. The page cache is bounded (32 MiB), so
  // memory does not grow with the tables.
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;
    PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;
    CREATE TABLE IF NOT EXISTS read_models (
      name TEXT NOT NULL, version INTEGER NOT NULL, position INTEGER, tables TEXT NOT NULL,
      PRIMARY KEY (name, version));`);
  const select = db.prepare('SELECT name, version, position, tables FROM read_models WHERE name = ? ORDER BY version');
  select.setReadBigInts(true);
  const insert = db.prepare('INSERT OR REPLACE INTO read_models (name, version, position, tables) VALUES (?, ?, NULL, ?)');
  const remove = db.prepare('DELETE FROM read_models WHERE name = ? AND version = ?');
  const update = db.prepare('UPDATE read_models SET position = ? WHERE name = ? AND version = ?');
  const dropTables = (tables: string[]) => {
    for (const table of tables) db.exec(`DROP TABLE IF EXISTS "${table}"`);
  };

  return {
    db,
    versions(name) {
      return select.all(name).map((row) => ({
        name: row.name as string,
        version: Number(row.version),
        position: row.position === null ? null : (row.position as bigint),
        tables: JSON.parse(row.tables as string) as string[],
      }));
    },
    create(name, version, tables, schema) {
      db.exec('BEGIN');
      try {
        dropTables(tables);
        db.exec(schema);
        insert.run(name, version, JSON.stringify(tables));
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    drop(name, version) {
      const record = this.versions(name).find((found) => found.version === version);
      db.exec('BEGIN');
      try {
        if (record) dropTables(record.tables);
        remove.run(name, version);
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    checkpoint(name, version, position) {
      update.run(position, name, version);
    },
    close() {
      if (db.isOpen) db.close();
    },
  };
}

/** Every row of the tables, in the order of all their columns: two folds of one log dump equal. */
export function dumpTables(db: DatabaseSync, tables: readonly string[]): Record<string, unknown[]> {
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((column) => `"${column.name}"`);
    dump[table] = db.prepare(`SELECT * FROM "${table}" ORDER BY ${columns.join(', ')}`).all();
  }
  return dump;
}
