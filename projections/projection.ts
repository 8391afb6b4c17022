import type { StoredEvent } from '../events/catalog/index.ts';
import type { DatabaseSync } from 'node:sqlite';

/**
 * A read model: a fold of the log into SQL tables of the read database
 * (projections/sql/readDatabase.ts). `apply` writes the event's effect through the statements
 * `prepare` made; it is deterministic — no clock, no I/O beyond its tables, no randomness — so
 * folding the same events always gives the same rows. It runs inside the runner's transaction,
 * which also records the checkpoint.
 * Table names carry the version (`audit_v4_entries`), so a new version is built beside the
 * old one and replaces it once caught up.
 */
export interface SqlProjection<Statements, Reader = unknown, Name extends string = string> {
  /** Its name, a literal (`'accounts'`), so the list of read models has a type of names (ProjectionName). */
  readonly name: Name;
  readonly version: number;
  /** The tables this version owns (dropped with it). */
  readonly tables: readonly string[];
  /** DDL creating those tables (and the indexes their folding needs). */
  readonly schema: string;
  /**
   * Indexes only queries need, created (IF NOT EXISTS) once the projection has caught up: built
   * in one sort after a rebuild instead of row by row, which costs several times the rebuild.
   */
  readonly indexes?: string;
  /**
   * Prepares the statements `apply` uses. They may carry small caches of what was read (bounded
   * by the tree, never by the log): the runner prepares them again after a rollback.
   */
  prepare(db: DatabaseSync): Statements;
  apply(event: StoredEvent, statements: Statements): void;
  /**
   * Writes what `apply` gathered in memory instead of writing row by row (counts added up over a
   * batch): called before each commit, and after each event once caught up.
   */
  flush?(statements: Statements): void;
  /**
   * The reader its queries take (`runner.state(projection)`), over the statements in use: a projection
   * whose statements cache what they read (the tree keeps its latest units) is read through them.
   */
  read?(statements: Statements): Reader;
}

// biome-ignore lint/suspicious/noExplicitAny: a list of projections of differing statements (the runner's), each typed where it is defined
export type AnySqlProjection = SqlProjection<any>;

/**
 * A projection its queries read through a reader: `runner.state(organisationTree)` answers an
 * OrganisationTreeState, the type inferred from the projection instead of asserted by the caller.
 */
export interface ReadableProjection<Reader, Name extends string = string> {
  readonly name: Name;
  read(statements: never): Reader;
}
