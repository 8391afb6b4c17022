/**
 * Who is under whom, in SQL: each unit's current parent (the latest by effective date, as the
 * tree reads it "now") and the closure of that relation — one row per (ancestor, unit), the
 * unit itself included at depth 0. A subtree is then one indexed range: queries join their
 * rows to it instead of walking the tree in JavaScript.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { StoredEvent } from '../events/catalog/index.ts';
import type { SqlProjection } from './projection.ts';

const VERSION = 1;
export const PARENTS = `unit_ancestors_v${VERSION}_parents`;
export const ANCESTORS = `unit_ancestors_v${VERSION}_closure`;

interface Statements {
  parent: StatementSync;
  setParent: StatementSync;
  addUnit: StatementSync;
  detach: StatementSync;
  attach: StatementSync;
}

export const unitAncestors: SqlProjection<Statements, unknown, 'unitAncestors'> = {
  name: 'unitAncestors',
  version: VERSION,
  tables: [PARENTS, ANCESTORS],
  schema: `
    CREATE TABLE ${PARENTS} (unit_id TEXT PRIMARY KEY, parent_id TEXT, parent_on TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE ${ANCESTORS} (ancestor_id TEXT NOT NULL, unit_id TEXT NOT NULL, depth INTEGER NOT NULL, PRIMARY KEY (ancestor_id, unit_id)) WITHOUT ROWID;
    CREATE INDEX ${ANCESTORS}_unit ON ${ANCESTORS} (unit_id, depth);`,
  prepare: (db: DatabaseSync) => ({
    parent: db.prepare(`SELECT parent_id AS parentId, parent_on AS parentOn FROM ${PARENTS} WHERE unit_id = ?`),
    setParent: db.prepare(`INSERT OR REPLACE INTO ${PARENTS} (unit_id, parent_id, parent_on) VALUES (?, ?, ?)`),
    // The new unit under itself, and under each ancestor of its parent (the parent included).
    addUnit: db.prepare(`INSERT OR IGNORE INTO ${ANCESTORS} (ancestor_id, unit_id, depth)
      SELECT ?1, ?1, 0 UNION ALL SELECT ancestor_id, ?1, depth + 1 FROM ${ANCESTORS} WHERE unit_id = ?2`),
    // A move: the subtree of ?1 leaves every strict ancestor of ?1 ...
    detach: db.prepare(`DELETE FROM ${ANCESTORS} WHERE unit_id IN (SELECT unit_id FROM ${ANCESTORS} WHERE ancestor_id = ?1)
      AND ancestor_id IN (SELECT ancestor_id FROM ${ANCESTORS} WHERE unit_id = ?1 AND depth > 0)`),
    // ... and joins every ancestor of the new parent ?2 (the parent included).
    attach: db.prepare(`INSERT OR IGNORE INTO ${ANCESTORS} (ancestor_id, unit_id, depth)
      SELECT above.ancestor_id, below.unit_id, above.depth + below.depth + 1
      FROM ${ANCESTORS} AS above, ${ANCESTORS} AS below WHERE above.unit_id = ?2 AND below.ancestor_id = ?1`),
  }),
  apply(event: StoredEvent, sql: Statements) {
    if (event.type === 'UnitOpened') {
      const { unitId, parentId, on } = event.data;
      sql.setParent.run(unitId, parentId, on);
      sql.addUnit.run(unitId, parentId);
    } else if (event.type === 'UnitMoved') {
      const { unitId, toParentId, on } = event.data;
      const current = sql.parent.get(unitId) as { parentId: string | null; parentOn: string } | undefined;
      // A move dated before the one in force changes the past only; "now" keeps the latest (a tie: the later event).
      if (!current || on < current.parentOn) return;
      sql.setParent.run(unitId, toParentId, on);
      if (current.parentId === toParentId) return;
      sql.detach.run(unitId);
      sql.attach.run(unitId, toParentId);
    }
  },
};

/** The units of a subtree (its root included), for `IN (…)` in other projections' queries. */
export const subtreeOf = (placeholder = '?') => `SELECT unit_id FROM ${ANCESTORS} WHERE ancestor_id = ${placeholder}`;
