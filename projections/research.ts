/**
 * Field research as it stands: rounds, teams, every visit record, and an n-gram index over
 * what was written, so a Chinese word is found inside longer words (合作社 in 农村专业合作社).
 * A SQL projection: rows of the read database, read when asked.
 */
import type { StoredEvent } from '../events/catalog/index.ts';
import type { Attachment } from '../events/catalog/attachment.ts';
import type { FindingTopic, ResearchItem } from '../events/catalog/research.ts';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { SqlProjection } from './projection.ts';

export interface Round {
  roundId: string;
  unitId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  teamIds: string[];
}
export interface Team {
  teamId: string;
  roundId: string;
  name: string;
  memberIds: string[];
  regionIds: string[];
}
export interface VisitRecord {
  recordId: string;
  roundId: string;
  teamId: string;
  regionId: string;
  item: ResearchItem;
  date: string;
  place: string;
  participants: { count: number; who: string };
  notes: string;
  findings: Array<{ topic: FindingTopic; text: string }>;
  recommendations: string;
  location: { lat: number; lng: number } | null;
  actor: string;
  receivedAt: string;
  /** Photos and files of the visit (absent in records made before there were any). */
  attachments?: Attachment[];
}

/** Field research as its queries read it: rounds, teams and visit records are rows of the read database. */
export interface ResearchState {
  rounds: { get(roundId: string): Round | undefined; values(): Round[] };
  teams: { get(teamId: string): Team | undefined };
  records: { get(recordId: string): VisitRecord | undefined; values(): Iterable<VisitRecord> };
  /** Record ids by `${teamId}|${regionId}`, in the order recorded. */
  byTeamRegion: { get(key: string): string[] | undefined };
  /** The records holding every one of these two-character sequences (lower-cased), in the order recorded. */
  withBigrams(grams: string[]): VisitRecord[];
}

export const researchText = (record: VisitRecord) =>
  [record.place, record.participants.who, record.notes, record.recommendations, ...record.findings.map((f) => f.text)].join('\n').toLowerCase();

/** The distinct two-character sequences of a text (characters, so a CJK character counts as one). */
export function bigramsOf(text: string): Set<string> {
  const chars = [...text];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    if (!/\s/.test(chars[i]!) && !/\s/.test(chars[i + 1]!)) grams.add(chars[i]! + chars[i + 1]!);
  }
  return grams;
}

const VERSION = 2;
export const ROUNDS = `research_v${VERSION}_rounds`;
export const TEAMS = `research_v${VERSION}_teams`;
export const RECORDS = `research_v${VERSION}_records`;
export const BIGRAMS = `research_v${VERSION}_bigrams`;

interface Statements {
  round: StatementSync;
  rounds: StatementSync;
  putRound: StatementSync;
  team: StatementSync;
  putTeam: StatementSync;
  record: StatementSync;
  records: StatementSync;
  putRecord: StatementSync;
  teamRegion: StatementSync;
  putBigram: StatementSync;
  withBigrams: StatementSync;
}

const parse = <T>(row: unknown): T | undefined => (row ? (JSON.parse((row as { doc: string }).doc) as T) : undefined);

export const research: SqlProjection<Statements, ResearchState, 'research'> & { read(sql: Statements): ResearchState } = {
  name: 'research',
  version: VERSION,
  tables: [ROUNDS, TEAMS, RECORDS, BIGRAMS],
  // A record's text is indexed by each two-character sequence it holds (a row per sequence and record), so a
  // Chinese word is found inside longer words (合作社 in 农村专业合作社) without reading every record.
  schema: `
    CREATE TABLE ${ROUNDS} (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
    CREATE TABLE ${TEAMS} (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
    CREATE TABLE ${RECORDS} (id TEXT PRIMARY KEY, team_id TEXT NOT NULL, region_id TEXT NOT NULL, doc TEXT NOT NULL);
    CREATE INDEX ${RECORDS}_team_region ON ${RECORDS} (team_id, region_id);
    CREATE TABLE ${BIGRAMS} (gram TEXT NOT NULL, record INTEGER NOT NULL, PRIMARY KEY (gram, record)) WITHOUT ROWID;`,
  prepare: (db: DatabaseSync) => ({
    round: db.prepare(`SELECT doc FROM ${ROUNDS} WHERE id = ?`),
    rounds: db.prepare(`SELECT doc FROM ${ROUNDS} ORDER BY rowid`),
    putRound: db.prepare(`INSERT OR REPLACE INTO ${ROUNDS} (id, doc) VALUES (?, ?)`),
    team: db.prepare(`SELECT doc FROM ${TEAMS} WHERE id = ?`),
    putTeam: db.prepare(`INSERT OR REPLACE INTO ${TEAMS} (id, doc) VALUES (?, ?)`),
    record: db.prepare(`SELECT doc FROM ${RECORDS} WHERE id = ?`),
    records: db.prepare(`SELECT doc FROM ${RECORDS} ORDER BY rowid`),
    putRecord: db.prepare(`INSERT INTO ${RECORDS} (id, team_id, region_id, doc) VALUES (?, ?, ?, ?) RETURNING rowid`),
    teamRegion: db.prepare(`SELECT id FROM ${RECORDS} WHERE team_id = ? AND region_id = ? ORDER BY rowid`),
    putBigram: db.prepare(`INSERT OR IGNORE INTO ${BIGRAMS} (gram, record) VALUES (?, ?)`),
    withBigrams: db.prepare(`SELECT r.doc FROM ${RECORDS} AS r WHERE r.rowid IN (
      SELECT record FROM ${BIGRAMS} WHERE gram IN (SELECT value FROM json_each(?1)) GROUP BY record HAVING count(*) = ?2) ORDER BY r.rowid`),
  }),
  apply(event: StoredEvent, sql: Statements) {
    switch (event.type) {
      case 'ResearchRoundDeclared':
        sql.putRound.run(event.data.roundId, JSON.stringify({ ...event.data, teamIds: [] } satisfies Round));
        return;
      case 'ResearchTeamFormed': {
        sql.putTeam.run(event.data.teamId, JSON.stringify(event.data satisfies Team));
        const round = parse<Round>(sql.round.get(event.data.roundId));
        if (round) sql.putRound.run(round.roundId, JSON.stringify({ ...round, teamIds: [...round.teamIds, event.data.teamId] }));
        return;
      }
      case 'VisitItemRecorded': {
        const record: VisitRecord = { ...event.data, actor: event.metadata.actor, receivedAt: event.metadata.serverTime };
        if (sql.record.get(record.recordId)) return;
        const { rowid } = sql.putRecord.get(record.recordId, record.teamId, record.regionId, JSON.stringify(record)) as { rowid: number };
        for (const gram of bigramsOf(researchText(record))) sql.putBigram.run(gram, rowid);
        return;
      }
      default:
    }
  },
  read: (sql: Statements): ResearchState => ({
    rounds: { get: (id) => parse<Round>(sql.round.get(id)), values: () => sql.rounds.all().map((row) => parse<Round>(row)!) },
    teams: { get: (id) => parse<Team>(sql.team.get(id)) },
    records: {
      get: (id) => parse<VisitRecord>(sql.record.get(id)),
      *values() {
        for (const row of sql.records.iterate()) yield parse<VisitRecord>(row)!;
      },
    },
    byTeamRegion: {
      get(key) {
        const [teamId, regionId] = key.split('|');
        const ids = (sql.teamRegion.all(teamId!, regionId!) as Array<{ id: string }>).map((row) => row.id);
        return ids.length === 0 ? undefined : ids;
      },
    },
    withBigrams: (grams) => sql.withBigrams.all(JSON.stringify(grams), grams.length).map((row) => parse<VisitRecord>(row)!),
  }),
};

/** Records whose text contains `query`: candidates from the bigram index, confirmed by substring. */
export function recordsMatching(state: ResearchState, query: string): VisitRecord[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [...state.records.values()];
  const grams = [...bigramsOf(needle)];
  // One character: no bigram to narrow by, every record is a candidate.
  const candidates = grams.length === 0 ? state.records.values() : state.withBigrams(grams);
  const found: VisitRecord[] = [];
  for (const record of candidates) if (researchText(record).includes(needle)) found.push(record);
  return found;
}
