/**
 * The audit trail (操作记录): who did what, when, to which unit — one row per event of the log,
 * in SQL. Each row keeps the unit it concerns, so a unit's page lists its subtree's history
 * through the tree's closure table (unitAncestors), paged newest first and filtered by action,
 * actor and day. The full event stays in the log; a row keeps the short facts a line needs,
 * and what a change replaced (before → after): a rename keeps the old name, a reclassification
 * the old class, a move the names of both parents, an override of a branch's class the class
 * overridden before — read from small tables of each unit's latest facts kept as events arrive.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { StoredEvent } from '../events/catalog/index.ts';
import { chinaTime, endOfChinaDay } from './calendar.ts';
import type { SqlProjection } from './projection.ts';
import { ANCESTORS } from './unitAncestors.ts';

const VERSION = 7;
export const ENTRIES = `audit_v${VERSION}_entries`;
/** A small number per unit id: entries and counts keep it instead of the 36-character id. */
export const UNITS = `audit_v${VERSION}_units`;
/** Entries per unit and type, kept as entries arrive: a subtree's total is a sum of these, not a count of entries. */
const COUNTS = `audit_v${VERSION}_counts`;
const USER_UNITS = `audit_v${VERSION}_user_units`;
/** The unit each reminder was about: its deliveries (邮件已发送 …) are listed under it. */
const REMINDER_UNITS = `audit_v${VERSION}_reminder_units`;

/** Events that are no one's action on a unit: a person reading their notifications, a replica claiming a delivery. */
const NOISE = new Set(['NotificationsRead', 'ReminderDeliveryClaimed']);
/** Each unit's latest name and organisation class (JSON): what a rename or reclassification replaces. */
const FACTS = `audit_v${VERSION}_facts`;
/** The latest class a township set for a branch's month: what a later override replaces. */
const OVERRIDES = `audit_v${VERSION}_overrides`;

export interface AuditEntry {
  position: string;
  type: string;
  /** The unit the event concerns (for an account: the first unit of its scope). */
  unitId: string | null;
  actor: string;
  serverTime: string;
  /** The date the change takes effect, when it has one. */
  on: string | null;
  /** The event's data, minus secrets (password and token hashes). */
  details: Record<string, unknown>;
}

const SECRET = new Set(['passwordHash', 'tokenHash']);

/**
 * What an entry keeps of its event: the short facts a line of the audit needs (names, codes,
 * kinds, reasons, the organisation's class), never secrets, and never the bulk of a report or
 * a case.
 */
function brief(data: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key in data) {
    if (SECRET.has(key)) continue;
    const value = data[key];
    // Ids are on the entry already or mean nothing to a reader; times are the entry's own.
    if (key.endsWith('Id') || key === 'supersedes' || key === 'submittedAt') continue;
    // Who a reminder reached, counted: the ids themselves mean nothing to a reader.
    if ((key === 'units' || key === 'recipients') && Array.isArray(value)) {
      kept[key] = value.length;
      continue;
    }
    if (
      key === 'organisation' ||
      value === null ||
      typeof value === 'number' ||
      typeof value === 'boolean' ||
      (typeof value === 'string' && value.length <= 200)
    )
      kept[key] = value;
  }
  return kept;
}

interface Statements {
  insert: StatementSync;
  unitKey: StatementSync;
  addUnit: StatementSync;
  count: StatementSync;
  userUnit: StatementSync;
  setUserUnit: StatementSync;
  reminderUnit: StatementSync;
  setReminderUnit: StatementSync;
  facts: StatementSync;
  setName: StatementSync;
  setClass: StatementSync;
  override: StatementSync;
  setOverride: StatementSync;
}

/** The unit's small number, given on first sight. */
function keyOf(sql: Statements, unitId: string): number {
  const found = sql.unitKey.get(unitId) as { key: number } | undefined;
  return found ? found.key : Number(sql.addUnit.run(unitId).lastInsertRowid);
}

export const audit: SqlProjection<Statements, unknown, 'audit'> = {
  name: 'audit',
  version: VERSION,
  tables: [ENTRIES, UNITS, COUNTS, USER_UNITS, REMINDER_UNITS, FACTS, OVERRIDES],
  schema: `
    CREATE TABLE ${ENTRIES} (position INTEGER PRIMARY KEY, type TEXT NOT NULL, unit_key INTEGER, actor TEXT NOT NULL,
      server_time TEXT NOT NULL, on_day TEXT, details TEXT NOT NULL);
    CREATE TABLE ${UNITS} (unit_key INTEGER PRIMARY KEY, unit_id TEXT NOT NULL UNIQUE);
    CREATE TABLE ${COUNTS} (unit_key INTEGER NOT NULL, type TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (unit_key, type)) WITHOUT ROWID;
    CREATE TABLE ${USER_UNITS} (user_id TEXT PRIMARY KEY, unit_id TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE ${REMINDER_UNITS} (reminder_id TEXT PRIMARY KEY, unit_id TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE ${FACTS} (unit_id TEXT PRIMARY KEY, name TEXT, class TEXT) WITHOUT ROWID;
    CREATE TABLE ${OVERRIDES} (unit_id TEXT NOT NULL, month TEXT NOT NULL, health_class TEXT NOT NULL, PRIMARY KEY (unit_id, month)) WITHOUT ROWID;`,
  // Entries arrive in log order but for units at random: this index is built once after a rebuild.
  indexes: `CREATE INDEX IF NOT EXISTS ${ENTRIES}_unit ON ${ENTRIES} (unit_key, position);`,
  prepare: (db: DatabaseSync) => ({
    insert: db.prepare(`INSERT INTO ${ENTRIES} (position, type, unit_key, actor, server_time, on_day, details) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    unitKey: db.prepare(`SELECT unit_key AS key FROM ${UNITS} WHERE unit_id = ?`),
    addUnit: db.prepare(`INSERT INTO ${UNITS} (unit_id) VALUES (?)`),
    count: db.prepare(`INSERT INTO ${COUNTS} (unit_key, type, n) VALUES (?, ?, 1) ON CONFLICT (unit_key, type) DO UPDATE SET n = n + 1`),
    userUnit: db.prepare(`SELECT unit_id AS unitId FROM ${USER_UNITS} WHERE user_id = ?`),
    setUserUnit: db.prepare(`INSERT OR REPLACE INTO ${USER_UNITS} (user_id, unit_id) VALUES (?, ?)`),
    reminderUnit: db.prepare(`SELECT unit_id AS unitId FROM ${REMINDER_UNITS} WHERE reminder_id = ?`),
    setReminderUnit: db.prepare(`INSERT OR IGNORE INTO ${REMINDER_UNITS} (reminder_id, unit_id) VALUES (?, ?)`),
    facts: db.prepare(`SELECT name, class FROM ${FACTS} WHERE unit_id = ?`),
    setName: db.prepare(`INSERT INTO ${FACTS} (unit_id, name) VALUES (?, ?) ON CONFLICT (unit_id) DO UPDATE SET name = excluded.name`),
    setClass: db.prepare(`INSERT INTO ${FACTS} (unit_id, class) VALUES (?, ?) ON CONFLICT (unit_id) DO UPDATE SET class = excluded.class`),
    override: db.prepare(`SELECT health_class AS healthClass FROM ${OVERRIDES} WHERE unit_id = ? AND month = ?`),
    setOverride: db.prepare(`INSERT OR REPLACE INTO ${OVERRIDES} (unit_id, month, health_class) VALUES (?, ?, ?)`),
  }),
  apply(event: StoredEvent, sql: Statements) {
    if (NOISE.has(event.type)) return;
    const data = event.data as Record<string, unknown>;
    if (event.type === 'ReminderSent') sql.setReminderUnit.run(event.data.reminderId, event.data.unitId);
    // An account's later events (password set, role changed) land under the unit it was invited to.
    if (event.type === 'UserInvited' && event.data.unitIds[0]) sql.setUserUnit.run(event.data.userId, event.data.unitIds[0]);
    const unitId =
      typeof data.unitId === 'string'
        ? data.unitId
        : typeof data.provinceId === 'string'
          ? data.provinceId
          : typeof data.userId === 'string'
            ? ((sql.userUnit.get(data.userId) as { unitId: string } | undefined)?.unitId ?? null)
            : event.type === 'ReminderDelivered'
              ? ((sql.reminderUnit.get(event.data.reminderId) as { unitId: string } | undefined)?.unitId ?? null)
              : null;
    const unitKey = unitId === null ? null : keyOf(sql, unitId);
    sql.insert.run(
      event.position,
      event.type,
      unitKey,
      event.metadata.actor,
      event.metadata.serverTime,
      typeof data.on === 'string' ? data.on : null,
      JSON.stringify({ ...brief(data), ...before(event, sql) }),
    );
    if (unitKey !== null) sql.count.run(unitKey, event.type);
  },
};

/**
 * What the event replaced, read before its own facts are kept: the old name (`fromName`), the old
 * class (`fromOrganisation`), both parents by name (`fromParentName`, `toParentName`), the class
 * a township had set before (`fromClass`, null when the rule's class stood).
 */
function before(event: StoredEvent, sql: Statements): Record<string, unknown> {
  const factsOf = (unitId: string) => sql.facts.get(unitId) as { name: string | null; class: string | null } | undefined;
  switch (event.type) {
    case 'UnitOpened':
      sql.setName.run(event.data.unitId, event.data.name);
      if (event.data.organisation) sql.setClass.run(event.data.unitId, JSON.stringify(event.data.organisation));
      return {};
    case 'UnitRenamed': {
      const fromName = factsOf(event.data.unitId)?.name ?? null;
      sql.setName.run(event.data.unitId, event.data.name);
      return { fromName };
    }
    case 'UnitReclassified': {
      const old = factsOf(event.data.unitId)?.class;
      sql.setClass.run(event.data.unitId, JSON.stringify(event.data.organisation));
      return { fromOrganisation: old ? (JSON.parse(old) as unknown) : null };
    }
    case 'UnitMoved':
      return { fromParentName: factsOf(event.data.fromParentId)?.name ?? null, toParentName: factsOf(event.data.toParentId)?.name ?? null };
    case 'HealthClassOverridden': {
      const old = sql.override.get(event.data.unitId, event.data.month) as { healthClass: string } | undefined;
      sql.setOverride.run(event.data.unitId, event.data.month, event.data.healthClass);
      return { fromClass: old?.healthClass ?? null };
    }
    default:
      return {};
  }
}

export interface AuditFilter {
  /** Only these event types. */
  types?: string[];
  actor?: string;
  /** China days, inclusive. */
  from?: string;
  to?: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Entries matching the filter in the whole subtree. */
  total: number;
  /** Pass back as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

/**
 * Past this many units in a subtree, newest-first is read along the log (most entries match);
 * below it, along each unit's own entries (few match, so walking the log would read it all).
 */
const WIDE_SUBTREE = 2_000;

/**
 * A page of a subtree's audit trail, newest first (`order: 'asc'` for oldest first), after the
 * entry `cursor` names. Reads only the rows of the page; the total is a sum of the counts kept
 * per unit and type, unless the filter names an actor or days (then the matching entries are counted).
 */
export function auditPage(
  db: DatabaseSync,
  rootId: string,
  filter: AuditFilter,
  page: { limit: number; cursor?: string | null; order?: 'asc' | 'desc' },
): AuditPage {
  const order = page.order ?? 'desc';
  const subtree = `SELECT u.unit_key FROM ${UNITS} AS u JOIN ${ANCESTORS} AS a ON a.unit_id = u.unit_id WHERE a.ancestor_id = ?`;
  const types = filter.types?.length ? `type IN (${filter.types.map(() => '?').join(', ')})` : null;
  const where: string[] = [];
  const values: SQLInputValue[] = [rootId];
  if (types) {
    where.push(`e.${types}`);
    values.push(...filter.types!);
  }
  if (filter.actor) {
    where.push('e.actor = ?');
    values.push(filter.actor);
  }
  // Days are China days; server times are UTC instants, compared as ISO text.
  if (filter.from) {
    where.push('e.server_time >= ?');
    values.push(chinaTime(filter.from, 0));
  }
  if (filter.to) {
    where.push('e.server_time < ?');
    values.push(endOfChinaDay(filter.to));
  }
  const wide =
    (db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM ${ANCESTORS} WHERE ancestor_id = ? LIMIT ${WIDE_SUBTREE})`).get(rootId) as { n: number }).n >=
    WIDE_SUBTREE;
  // `+e.unit_key` keeps SQLite from the unit index, so it walks the log's order and stops at the page's end.
  const filters = [`${wide ? '+' : ''}e.unit_key IN (${subtree})`, ...where].join(' AND ');
  const total =
    filter.actor || filter.from || filter.to
      ? (db.prepare(`SELECT count(*) AS n FROM ${ENTRIES} AS e WHERE ${filters}`).get(...values) as { n: number }).n
      : (
          db
            .prepare(`SELECT coalesce(sum(n), 0) AS n FROM ${COUNTS} WHERE unit_key IN (${subtree})${types ? ` AND ${types}` : ''}`)
            .get(rootId, ...(filter.types ?? [])) as { n: number }
        ).n;
  const after = page.cursor ? ` AND e.position ${order === 'desc' ? '<' : '>'} ?` : '';
  const rows = db
    .prepare(`SELECT e.position, e.type, u.unit_id AS unitId, e.actor, e.server_time AS serverTime, e.on_day AS "on", e.details
    FROM ${ENTRIES} AS e LEFT JOIN ${UNITS} AS u ON u.unit_key = e.unit_key WHERE ${filters}${after} ORDER BY e.position ${order} LIMIT ?`)
    .all(...values, ...(page.cursor ? [BigInt(page.cursor)] : []), page.limit + 1) as Array<
    Omit<AuditEntry, 'details' | 'position'> & { position: number | bigint; details: string }
  >;
  const more = rows.length > page.limit;
  const entries = rows
    .slice(0, page.limit)
    .map((row) => ({ ...row, position: String(row.position), details: JSON.parse(row.details) as Record<string, unknown> }));
  return { entries, total, nextCursor: more ? entries[entries.length - 1]!.position : null };
}

/** The actions recorded in a subtree's trail (for the filter's choices). */
export function auditTypes(db: DatabaseSync): string[] {
  return (db.prepare(`SELECT DISTINCT type FROM ${ENTRIES} ORDER BY type`).all() as { type: string }[]).map((row) => row.type);
}
