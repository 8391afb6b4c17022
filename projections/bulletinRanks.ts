/**
 * Every unit's place in the published bulletins (进度通报) that rank it: one row per ranked unit
 * and bulletin, taken from the frozen ranking in BulletinPublished, so a unit reads its own ranks
 * (newest first) in one indexed range instead of opening every bulletin of every drive.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RankedLevel } from '../events/catalog/campaign.ts';
import type { StoredEvent } from '../events/catalog/index.ts';
import type { SqlProjection } from './projection.ts';

const VERSION = 2;
export const RANKS = `bulletin_ranks_v${VERSION}_ranks`;

/** A unit's place in one published bulletin. `level` is null for bulletins published before a level could be chosen (direct children). */
export interface UnitRank {
  campaignId: string;
  publisherId: string;
  month: string;
  /** The day the bulletin's figures stand at. */
  standsAt: string;
  publishedAt: string;
  level: RankedLevel | null;
  rank: number;
  /** How many units the bulletin ranks. */
  of: number;
  score: number;
  talk: boolean;
  /** The log position of the publication: the list's order and its cursor. */
  position: string;
}

interface Statements {
  put: StatementSync;
}

export const bulletinRanks: SqlProjection<Statements, unknown, 'bulletinRanks'> = {
  name: 'bulletinRanks',
  version: VERSION,
  tables: [RANKS],
  schema: `
    CREATE TABLE ${RANKS} (unit_id TEXT NOT NULL, position INTEGER NOT NULL, campaign_id TEXT NOT NULL, publisher_id TEXT NOT NULL, month TEXT NOT NULL,
      stands_at TEXT NOT NULL, published_at TEXT NOT NULL, level TEXT, rank INTEGER NOT NULL, of_count INTEGER NOT NULL, score REAL NOT NULL, talk INTEGER NOT NULL,
      PRIMARY KEY (unit_id, position)) WITHOUT ROWID;
    CREATE INDEX ${RANKS}_by_publisher ON ${RANKS} (publisher_id, position, rank);`,
  prepare: (db: DatabaseSync) => ({
    put: db.prepare(`INSERT OR REPLACE INTO ${RANKS} (unit_id, position, campaign_id, publisher_id, month, stands_at, published_at, level, rank, of_count, score, talk)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  }),
  apply(event: StoredEvent, sql: Statements) {
    if (event.type !== 'BulletinPublished') return;
    const { campaignId, unitId, month, asOf, rows, level } = event.data;
    for (const row of rows) {
      sql.put.run(
        row.unitId,
        event.position,
        campaignId,
        unitId,
        month,
        asOf,
        event.metadata.serverTime,
        level ?? null,
        row.rank,
        rows.length,
        row.score,
        row.talk ? 1 : 0,
      );
    }
  },
};

/**
 * A unit's ranks, newest publication first, `limit` of them after `cursor` (the position of the
 * last one read), optionally in one drive only; with how many there are in all.
 */
export function ranksOf(
  db: DatabaseSync,
  unitId: string,
  filter: { campaignId?: string },
  page: { limit: number; cursor?: string | null },
): { ranks: UnitRank[]; total: number; nextCursor: string | null } {
  const where = `unit_id = ?${filter.campaignId ? ' AND campaign_id = ?' : ''}`;
  const values: Array<string | bigint> = filter.campaignId ? [unitId, filter.campaignId] : [unitId];
  const after = page.cursor && /^\d{1,20}$/.test(page.cursor) ? ' AND position < ?' : '';
  const rows = db
    .prepare(`SELECT campaign_id AS campaignId, publisher_id AS publisherId, month, stands_at AS standsAt, published_at AS publishedAt, level, rank,
      of_count AS "of", score, talk, position FROM ${RANKS} WHERE ${where}${after} ORDER BY position DESC LIMIT ?`)
    .all(...values, ...(after ? [BigInt(page.cursor!)] : []), page.limit + 1) as Array<
    Omit<UnitRank, 'talk' | 'position'> & { talk: number; position: number | bigint }
  >;
  const total = (db.prepare(`SELECT count(*) AS n FROM ${RANKS} WHERE ${where}`).get(...values) as { n: number }).n;
  const ranks = rows.slice(0, page.limit).map((row) => ({ ...row, talk: row.talk === 1, position: String(row.position) }));
  return { ranks, total, nextCursor: rows.length > page.limit ? ranks[ranks.length - 1]!.position : null };
}

/** The lowest places in the latest bulletin a unit published (the workbench's "bottom of the ranking"), lowest last; null when it published none. */
export function bottomOfLatest(
  db: DatabaseSync,
  publisherId: string,
  count: number,
): { campaignId: string; month: string; of: number; rows: Array<{ unitId: string; rank: number; score: number; talk: boolean }> } | null {
  const latest = db.prepare(`SELECT max(position) AS position FROM ${RANKS} WHERE publisher_id = ?`).get(publisherId) as { position: number | bigint | null };
  if (latest.position === null) return null;
  const rows = db
    .prepare(`SELECT unit_id AS unitId, campaign_id AS campaignId, month, of_count AS "of", rank, score, talk FROM ${RANKS}
    WHERE publisher_id = ? AND position = ? ORDER BY rank DESC LIMIT ?`)
    .all(publisherId, latest.position, count) as Array<{
    unitId: string;
    campaignId: string;
    month: string;
    of: number;
    rank: number;
    score: number;
    talk: number;
  }>;
  if (rows.length === 0) return null;
  return {
    campaignId: rows[0]!.campaignId,
    month: rows[0]!.month,
    of: rows[0]!.of,
    rows: rows.reverse().map(({ unitId, rank, score, talk }) => ({ unitId, rank, score, talk: talk === 1 })),
  };
}
