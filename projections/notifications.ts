/**
 * In-app notifications (站内通知, the bell): per account, the reminders (催报) it was told of —
 * what is owed (the kind, period and due day), which units, when and by whom — newest first, and
 * what it has read. A reminder is kept once; each recipient has a row pointing to it by its log
 * position. Reading is one position per account: everything up to it is read.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { StoredEvent } from '../events/catalog/index.ts';
import type { ReminderKind } from '../events/catalog/reminder.ts';
import type { SqlProjection } from './projection.ts';

const VERSION = 2;
const REMINDERS = `notifications_v${VERSION}_reminders`;
const INBOX = `notifications_v${VERSION}_inbox`;
const READ = `notifications_v${VERSION}_read`;
/** Which units were reminded of what on which day (by any reminder): a unit is reminded of a period once a day, whatever area the reminder was for. */
const REMINDED = `notifications_v${VERSION}_reminded`;

interface Statements {
  reminder: StatementSync;
  deliver: StatementSync;
  read: StatementSync;
  reminded: StatementSync;
}

export const notifications: SqlProjection<Statements, unknown, 'notifications'> = {
  name: 'notifications',
  version: VERSION,
  tables: [REMINDERS, INBOX, READ, REMINDED],
  schema: `
    CREATE TABLE ${REMINDERS} (position INTEGER PRIMARY KEY, reminder_id TEXT NOT NULL, kind TEXT NOT NULL, unit_id TEXT NOT NULL,
      period TEXT NOT NULL, day TEXT NOT NULL, due TEXT NOT NULL, scheduled INTEGER NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, units TEXT NOT NULL);
    CREATE TABLE ${INBOX} (recipient TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (recipient, position)) WITHOUT ROWID;
    CREATE TABLE ${READ} (recipient TEXT PRIMARY KEY, up_to INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE ${REMINDED} (period TEXT NOT NULL, kind TEXT NOT NULL, day TEXT NOT NULL, unit_id TEXT NOT NULL, PRIMARY KEY (period, kind, day, unit_id)) WITHOUT ROWID;`,
  prepare: (db: DatabaseSync) => ({
    reminder: db.prepare(
      `INSERT INTO ${REMINDERS} (position, reminder_id, kind, unit_id, period, day, due, scheduled, actor, at, units) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    deliver: db.prepare(`INSERT OR IGNORE INTO ${INBOX} (recipient, position) VALUES (?, ?)`),
    reminded: db.prepare(`INSERT OR IGNORE INTO ${REMINDED} (period, kind, day, unit_id) VALUES (?, ?, ?, ?)`),
    // Reading never goes back: an older "read up to" arriving late changes nothing.
    read: db.prepare(`INSERT INTO ${READ} (recipient, up_to) VALUES (?1, ?2) ON CONFLICT (recipient) DO UPDATE SET up_to = max(up_to, ?2)`),
  }),
  apply(event: StoredEvent, sql: Statements) {
    if (event.type === 'ReminderSent') {
      const { reminderId, kind, unitId, period, day, due, scheduled, units, recipients } = event.data;
      sql.reminder.run(
        event.position,
        reminderId,
        kind,
        unitId,
        period,
        day,
        due,
        scheduled ? 1 : 0,
        event.metadata.actor,
        event.metadata.serverTime,
        JSON.stringify(units),
      );
      for (const recipient of recipients) sql.deliver.run(recipient, event.position);
      for (const owing of units) sql.reminded.run(period, kind, day, owing);
    } else if (event.type === 'NotificationsRead') {
      sql.read.run(event.data.userId, BigInt(event.data.upTo));
    }
  },
};

export interface Notification {
  /** The log position of the reminder: the page's order and what "read up to" names. */
  position: string;
  reminderId: string;
  kind: ReminderKind;
  unitId: string;
  period: string;
  day: string;
  due: string;
  scheduled: boolean;
  actor: string;
  at: string;
  units: string[];
  read: boolean;
}

export interface NotificationsPage {
  notifications: Notification[];
  total: number;
  unread: number;
  /** The newest notification's position (what "mark all read" reads up to); null when there is none. */
  latest: string | null;
  nextCursor: string | null;
}

/** How many of an account's notifications are unread (the bell's count). */
export function unreadCount(db: DatabaseSync, userId: string): number {
  return (
    db
      .prepare(`SELECT count(*) AS n FROM ${INBOX} WHERE recipient = ?1 AND position > coalesce((SELECT up_to FROM ${READ} WHERE recipient = ?1), 0)`)
      .get(userId) as { n: number }
  ).n;
}

/** A page of an account's notifications, newest first, after the position `cursor` names. */
export function notificationsPage(db: DatabaseSync, userId: string, page: { limit: number; cursor?: string | null }): NotificationsPage {
  const upTo = BigInt((db.prepare(`SELECT up_to AS upTo FROM ${READ} WHERE recipient = ?`).get(userId) as { upTo: number } | undefined)?.upTo ?? 0);
  const rows = db
    .prepare(`SELECT r.position, r.reminder_id AS reminderId, r.kind, r.unit_id AS unitId, r.period, r.day, r.due, r.scheduled, r.actor, r.at, r.units
    FROM ${INBOX} AS i JOIN ${REMINDERS} AS r ON r.position = i.position
    WHERE i.recipient = ?${page.cursor ? ' AND i.position < ?' : ''} ORDER BY i.position DESC LIMIT ?`)
    .all(userId, ...(page.cursor ? [BigInt(page.cursor)] : []), page.limit + 1) as Array<Record<string, string | number>>;
  const more = rows.length > page.limit;
  const notifications = rows.slice(0, page.limit).map(
    (row): Notification => ({
      position: String(row.position),
      reminderId: String(row.reminderId),
      kind: row.kind as ReminderKind,
      unitId: String(row.unitId),
      period: String(row.period),
      day: String(row.day),
      due: String(row.due),
      scheduled: row.scheduled === 1,
      actor: String(row.actor),
      at: String(row.at),
      units: JSON.parse(String(row.units)) as string[],
      read: BigInt(row.position!) <= upTo,
    }),
  );
  const total = (db.prepare(`SELECT count(*) AS n FROM ${INBOX} WHERE recipient = ?`).get(userId) as { n: number }).n;
  const latest = db.prepare(`SELECT max(position) AS p FROM ${INBOX} WHERE recipient = ?`).get(userId) as { p: number | null };
  return {
    notifications,
    total,
    unread: unreadCount(db, userId),
    latest: latest.p === null ? null : String(latest.p),
    nextCursor: more ? notifications[notifications.length - 1]!.position : null,
  };
}

/** Of `unitIds`, those already reminded of `period` (as `kind`) on `day`, by any reminder (one of theirs, or their area's). */
export function remindedOn(db: DatabaseSync, period: string, kind: string, day: string, unitIds: readonly string[]): Set<string> {
  if (unitIds.length === 0) return new Set();
  const rows = db
    .prepare(`SELECT unit_id AS unitId FROM ${REMINDED} WHERE period = ? AND kind = ? AND day = ? AND unit_id IN (SELECT value FROM json_each(?))`)
    .all(period, kind, day, JSON.stringify(unitIds)) as Array<{ unitId: string }>;
  return new Set(rows.map((row) => row.unitId));
}
