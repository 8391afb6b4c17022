/**
 * Reading the monthly reports' tables (monthlyReports.ts): one report with its versions, an
 * organisation's months, a window of summaries for a township's branches at once, and the
 * counts kept per unit at every level that rates, needs and health read. Small named queries over indexed keys. A
 * report's content is not here: it is read from the log when a report is shown.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { HealthClass, ReportingSettings } from '../events/catalog/report.ts';
import { knownBy, monthsBetween } from './calendar.ts';
import { CLASSES, EXPECTED, HEALTH, LATEST, NEEDS, OVERRIDES, RECEIVED, REPORTS, SETTINGS, SURVEYED, VERSIONS } from './monthlyReports.ts';

export interface ReportVersion {
  reportId: string;
  /** When the secretary submitted it, by their device (may be earlier than received, offline). */
  submittedAt: string;
  /** When the server accepted it. */
  receivedAt: string;
  supersedes: string | null;
  actor: string;
  position: string;
}

/** What the dashboards read of a month's report, without its content. */
export interface ReportSummary {
  unitId: string;
  month: string;
  /** When its first version reached the server. */
  firstReceivedAt: string;
  /** The China day it counts as submitted, by the one lateness rule (calendar.ts: a paper day, else the first version's). */
  countedDay: string;
  status: 'submitted' | 'approved' | 'returned';
  /** Versions after the first. */
  corrections: number;
  /** 五个一 done (0–5); meetings held (支委会 + 团员大会 + 团小组会); 团课; league members; the work manual in use. */
  fiveOnes: number;
  meetings: number;
  lectures: number;
  members: number;
  workManualInUse: boolean;
  respondents: number;
  freeText: string;
}

export interface PaperReceipt {
  on: string;
  reason: string;
  actor: string;
  at: string;
}

export interface ReportRecord extends ReportSummary {
  /** Every version, oldest first; the last is the current one. */
  history: ReportVersion[];
  returnReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /** The day a manager recorded the paper report as handed in: lateness counts from it. */
  receivedOnPaper: PaperReceipt | null;
}

export interface HealthOverride {
  healthClass: HealthClass;
  reason: string;
  actor: string;
  at: string;
}

/** Reports and overrides by organisation and month: the whole tables, or a window loaded at once. */
export interface ReportLookup {
  summary(unitId: string, month: string): ReportSummary | undefined;
  override(unitId: string, month: string): HealthOverride | undefined;
}

/** A unit's counts for a month (what the units open under it at the month's end hold). */
export interface UnitCounts {
  expected: number;
  received: number;
  onTime: number;
  late: number;
  approved: number;
  /** The 五个一 the month's reports show done, summed (0–5 each); how many reports say the work manual is in use. */
  fiveOnes: number;
  workManual: number;
  /** Of the reports in by the end of the due day (the day the month's bulletin stands at): on time, and using the work manual. */
  onTimeByDue: number;
  workManualByDue: number;
}

export interface MonthlyReports extends ReportLookup {
  record(unitId: string, month: string): ReportRecord | undefined;
  /** A report's survey: respondents and needs by category. */
  survey(unitId: string, month: string): { respondents: number; needs: Array<{ category: string; count: number }> } | undefined;
  /** The months an organisation has reported, oldest first. */
  monthsOf(unitId: string): string[];
  settings(provinceId: string): ReportingSettings | undefined;
  /** The summaries and overrides of these organisations for the months `from`–`to`, read in one query each. */
  window(unitIds: readonly string[], from: string, to: string): ReportLookup;
  /**
   * Rates' counts of a unit above the branches for a month (on time by their province's due
   * day): its own row, kept at every level (rollUp.ts). Whether the unit itself was open is the caller's to ask.
   */
  counts(unitId: string, month: string): UnitCounts;
  /** The same counts for months `from`–`to`, oldest first (months with nothing kept count zero). */
  countsBetween(unitId: string, from: string, to: string): Map<string, UnitCounts>;
  /** How many branches of a unit above the branches have each class kept for a month (the rest are 重建: nothing reported). */
  healthCounts(unitId: string, month: string): Record<HealthClass, number>;
  /** The kept class and 五个一 share of each of these organisations that has one for a month. */
  classesOf(unitIds: readonly string[], month: string): Map<string, { healthClass: HealthClass; fiveOnes: number }>;
  /** The kept class and 五个一 share of every branch counted under these townships for a month. */
  classesIn(townshipIds: readonly string[], month: string): Map<string, { healthClass: HealthClass; fiveOnes: number }>;
  /** Survey respondents and needs by category of a unit above the branches for a month. */
  needs(unitId: string, month: string): { respondents: number; counts: Map<string, number> };
  /** Per organisation, its latest month up to `month` whose first version had reached the server before `receivedBefore` (an ISO instant), with the members it gave. */
  latestMembers(unitIds: readonly string[], month: string, receivedBefore: string): Map<string, { month: string; members: number }>;
  /** The current version (report id) of each of these organisations' reports for a month. */
  currentVersions(unitIds: readonly string[], month: string): Map<string, string>;
  /** Whether every first version kept had reached the server by the end of `day` (the counts are those of that day). */
  allKnownBy(day: string): boolean;
  /**
   * Which kept counts give a month's reports as known by the end of `day`: on its due day the
   * counts of those in by then (`byDue`), on a day every report kept was in by (`all`) the whole
   * counts, else none (read report by report).
   */
  knownCountsOn(day: string, due: string): 'byDue' | 'all' | null;
  /** Free-text answers of these organisations' surveys for a month, in the order of the ids given. */
  freeTexts(unitIds: readonly string[], month: string, limit: number): Array<{ unitId: string; text: string }>;
  /** The surveys of these organisations' reports for a month (those that reported), for a download of needs. */
  surveysOf(
    unitIds: readonly string[],
    month: string,
  ): Map<string, { respondents: number; needs: Array<{ category: string; count: number }>; freeText: string }>;
}

/** Whether the month's first report had reached the server by the end of `day` in China. */
export function reportKnownBy(record: Pick<ReportSummary, 'firstReceivedAt'>, day: string): boolean {
  return knownBy(record.firstReceivedAt, day);
}

export const reportKey = (unitId: string, month: string) => `${unitId}|${month}`;

const SUMMARY = `unit_id AS unitId, month, first_received_at AS firstReceivedAt, counted_day AS countedDay, status, versions - 1 AS corrections,
  five_ones AS fiveOnes, meetings, lectures, members, work_manual AS workManualInUse, respondents, free_text AS freeText`;
const OVERRIDE = `health_class AS healthClass, reason, actor, at`;
const ids = (column: string) => `${column} IN (SELECT value FROM json_each(?))`;

interface SummaryRow extends Omit<ReportSummary, 'workManualInUse' | 'status'> {
  workManualInUse: number;
  status: string;
}
const summaryOf = (row: SummaryRow): ReportSummary => ({ ...row, status: row.status as ReportSummary['status'], workManualInUse: row.workManualInUse === 1 });
const overrideOf = (row: HealthOverride) => ({ healthClass: row.healthClass, reason: row.reason, actor: row.actor, at: row.at });

const arrays = (statement: StatementSync) => {
  statement.setReturnArrays(true);
  return statement;
};

function statements(db: DatabaseSync) {
  const prepare = (sql: string) => db.prepare(sql);
  return {
    summary: prepare(`SELECT ${SUMMARY} FROM ${REPORTS} WHERE unit_id = ? AND month = ?`),
    record: prepare(`SELECT ${SUMMARY}, return_reason AS returnReason, decided_by AS decidedBy, decided_at AS decidedAt,
      paper_on AS paperOn, paper_reason AS paperReason, paper_actor AS paperActor, paper_at AS paperAt FROM ${REPORTS} WHERE unit_id = ? AND month = ?`),
    versions: prepare(`SELECT report_id AS reportId, submitted_at AS submittedAt, received_at AS receivedAt, supersedes, actor, position
      FROM ${VERSIONS} WHERE unit_id = ? AND month = ? ORDER BY seq`),
    survey: prepare(`SELECT respondents, needs FROM ${REPORTS} WHERE unit_id = ? AND month = ?`),
    months: prepare(`SELECT month FROM ${REPORTS} WHERE unit_id = ? ORDER BY month`),
    override: prepare(`SELECT ${OVERRIDE} FROM ${OVERRIDES} WHERE unit_id = ? AND month = ?`),
    settings: prepare(`SELECT settings FROM ${SETTINGS} WHERE province_id = ?`),
    windowSummaries: prepare(`SELECT ${SUMMARY} FROM ${REPORTS} WHERE ${ids('unit_id')} AND month BETWEEN ? AND ?`),
    windowOverrides: prepare(`SELECT unit_id AS unitId, month, ${OVERRIDE} FROM ${OVERRIDES} WHERE ${ids('unit_id')} AND month BETWEEN ? AND ?`),
    expected: prepare(`SELECT month, delta FROM ${EXPECTED} WHERE unit_id = ? AND month <= ? ORDER BY month`),
    received: prepare(`SELECT month, received, on_time AS onTime, approved, five_ones AS fiveOnes, work_manual AS workManual,
      on_time_by_due AS onTimeByDue, work_manual_by_due AS workManualByDue FROM ${RECEIVED} WHERE unit_id = ? AND month BETWEEN ? AND ?`),
    healthCounts: prepare(`SELECT health_class AS healthClass, n FROM ${HEALTH} WHERE unit_id = ? AND month = ?`),
    classes: prepare(`SELECT unit_id AS unitId, health_class AS healthClass, five_ones AS fiveOnes FROM ${CLASSES} WHERE ${ids('unit_id')} AND month = ?`),
    classesIn: arrays(prepare(`SELECT unit_id, health_class, five_ones FROM ${CLASSES} WHERE ${ids('township_id')} AND month = ?`)),
    respondents: prepare(`SELECT respondents AS n FROM ${SURVEYED} WHERE unit_id = ? AND month = ?`),
    needs: prepare(`SELECT category, count AS n FROM ${NEEDS} WHERE unit_id = ? AND month = ?`),
    // SQLite takes the bare columns of a MAX() aggregate from the row holding the maximum.
    latestMembers: prepare(`SELECT unit_id AS unitId, MAX(month) AS month, members FROM ${REPORTS}
      WHERE ${ids('unit_id')} AND month <= ? AND first_received_at < ? GROUP BY unit_id`),
    latest: prepare(`SELECT received_at AS receivedAt FROM ${LATEST} WHERE id = 1`),
    currentVersions: prepare(`SELECT unit_id AS unitId, report_id AS reportId FROM ${VERSIONS} WHERE ${ids('unit_id')} AND month = ? ORDER BY seq`),
    freeTexts: prepare(`SELECT unit_id AS unitId, free_text AS text FROM ${REPORTS} WHERE ${ids('unit_id')} AND month = ? AND free_text != ''`),
    surveys: prepare(`SELECT unit_id AS unitId, respondents, needs, free_text AS freeText FROM ${REPORTS} WHERE ${ids('unit_id')} AND month = ?`),
  } satisfies Record<string, StatementSync>;
}

const readers = new WeakMap<DatabaseSync, MonthlyReports>();

/** The monthly reports of a read database (statements prepared once per database). */
export function monthlyReportsOf(db: DatabaseSync): MonthlyReports {
  let reader = readers.get(db);
  if (!reader) readers.set(db, (reader = readerOf(statements(db))));
  return reader;
}

function readerOf(sql: ReturnType<typeof statements>): MonthlyReports {
  return {
    summary(unitId, month) {
      const row = sql.summary.get(unitId, month) as SummaryRow | undefined;
      return row && summaryOf(row);
    },
    override(unitId, month) {
      const row = sql.override.get(unitId, month) as HealthOverride | undefined;
      return row && overrideOf(row);
    },
    record(unitId, month) {
      const row = sql.record.get(unitId, month) as (SummaryRow & Record<string, string | null>) | undefined;
      if (!row) return undefined;
      const { returnReason, decidedBy, decidedAt, paperOn, paperReason, paperActor, paperAt, ...summary } = row;
      return {
        ...summaryOf(summary as SummaryRow),
        history: sql.versions.all(unitId, month) as unknown as ReportVersion[],
        returnReason: returnReason ?? null,
        decidedBy: decidedBy ?? null,
        decidedAt: decidedAt ?? null,
        receivedOnPaper: paperOn ? { on: paperOn, reason: paperReason!, actor: paperActor!, at: paperAt! } : null,
      };
    },
    survey(unitId, month) {
      const row = sql.survey.get(unitId, month) as { respondents: number; needs: string } | undefined;
      return row && { respondents: row.respondents, needs: JSON.parse(row.needs) as Array<{ category: string; count: number }> };
    },
    monthsOf: (unitId) => (sql.months.all(unitId) as Array<{ month: string }>).map((row) => row.month),
    settings(provinceId) {
      const row = sql.settings.get(provinceId) as { settings: string } | undefined;
      return row && (JSON.parse(row.settings) as ReportingSettings);
    },
    window(unitIds, from, to) {
      const list = JSON.stringify(unitIds);
      const summaries = new Map<string, ReportSummary>();
      for (const row of sql.windowSummaries.all(list, from, to) as unknown as SummaryRow[]) summaries.set(reportKey(row.unitId, row.month), summaryOf(row));
      const overrides = new Map<string, HealthOverride>();
      for (const row of sql.windowOverrides.all(list, from, to) as unknown as Array<HealthOverride & { unitId: string; month: string }>)
        overrides.set(reportKey(row.unitId, row.month), overrideOf(row));
      return {
        summary: (unitId, month) => summaries.get(reportKey(unitId, month)),
        override: (unitId, month) => overrides.get(reportKey(unitId, month)),
      };
    },
    counts(unitId, month) {
      return this.countsBetween(unitId, month, month).get(month)!;
    },
    countsBetween(unitId, from, to) {
      // Expected is kept as its changes (rollUp.ts: running counts): a month's is their sum up to it.
      const changes = sql.expected.all(unitId, to) as Array<{ month: string; delta: number }>;
      const received = new Map(
        (sql.received.all(unitId, from, to) as unknown as Array<Omit<UnitCounts, 'expected' | 'late'> & { month: string }>).map((row) => [row.month, row]),
      );
      const found = new Map<string, UnitCounts>();
      let expected = 0;
      let next = 0;
      for (const month of monthsBetween(from, to)) {
        while (next < changes.length && changes[next]!.month <= month) expected += changes[next++]!.delta;
        const row = received.get(month);
        found.set(month, {
          expected,
          received: row?.received ?? 0,
          onTime: row?.onTime ?? 0,
          late: (row?.received ?? 0) - (row?.onTime ?? 0),
          approved: row?.approved ?? 0,
          fiveOnes: row?.fiveOnes ?? 0,
          workManual: row?.workManual ?? 0,
          onTimeByDue: row?.onTimeByDue ?? 0,
          workManualByDue: row?.workManualByDue ?? 0,
        });
      }
      return found;
    },
    healthCounts(unitId, month) {
      const counts: Record<HealthClass, number> = { consolidate: 0, improve: 0, rectify: 0, rebuild: 0 };
      for (const row of sql.healthCounts.all(unitId, month) as Array<{ healthClass: HealthClass; n: number }>) counts[row.healthClass] = row.n;
      return counts;
    },
    classesOf(unitIds, month) {
      const found = new Map<string, { healthClass: HealthClass; fiveOnes: number }>();
      for (const row of sql.classes.all(JSON.stringify(unitIds), month) as Array<{ unitId: string; healthClass: HealthClass; fiveOnes: number }>)
        found.set(row.unitId, { healthClass: row.healthClass, fiveOnes: row.fiveOnes });
      return found;
    },
    classesIn(townshipIds, month) {
      const found = new Map<string, { healthClass: HealthClass; fiveOnes: number }>();
      // A province's rows come as arrays: tens of thousands of them, and an object each costs more than the row.
      for (const [unitId, healthClass, fiveOnes] of sql.classesIn.all(JSON.stringify(townshipIds), month) as unknown as Array<[string, HealthClass, number]>)
        found.set(unitId, { healthClass, fiveOnes });
      return found;
    },
    needs(unitId, month) {
      const respondents = (sql.respondents.get(unitId, month) as { n: number } | undefined)?.n ?? 0;
      const counts = new Map<string, number>();
      for (const row of sql.needs.all(unitId, month) as Array<{ category: string; n: number }>) counts.set(row.category, row.n);
      return { respondents, counts };
    },
    latestMembers(unitIds, month, receivedBefore) {
      const found = new Map<string, { month: string; members: number }>();
      for (const row of sql.latestMembers.all(JSON.stringify(unitIds), month, receivedBefore) as Array<{ unitId: string; month: string; members: number }>)
        found.set(row.unitId, { month: row.month, members: row.members });
      return found;
    },
    currentVersions(unitIds, month) {
      // Oldest first: the last one read for an organisation is its current version.
      return new Map(
        (sql.currentVersions.all(JSON.stringify(unitIds), month) as Array<{ unitId: string; reportId: string }>).map((row) => [row.unitId, row.reportId]),
      );
    },
    allKnownBy(day) {
      const row = sql.latest.get() as { receivedAt: string } | undefined;
      return row === undefined || knownBy(row.receivedAt, day);
    },
    knownCountsOn(day, due) {
      return day === due ? 'byDue' : this.allKnownBy(day) ? 'all' : null;
    },
    freeTexts(unitIds, month, limit) {
      const found = new Map<string, string>();
      for (const row of sql.freeTexts.all(JSON.stringify(unitIds), month) as Array<{ unitId: string; text: string }>) found.set(row.unitId, row.text);
      const texts: Array<{ unitId: string; text: string }> = [];
      for (const unitId of unitIds) {
        if (texts.length >= limit) break;
        const text = found.get(unitId);
        if (text) texts.push({ unitId, text });
      }
      return texts;
    },
    surveysOf(unitIds, month) {
      const rows = sql.surveys.all(JSON.stringify(unitIds), month) as Array<{ unitId: string; respondents: number; needs: string; freeText: string | null }>;
      return new Map(
        rows.map((row) => [
          row.unitId,
          { respondents: row.respondents, needs: JSON.parse(row.needs) as Array<{ category: string; count: number }>, freeText: row.freeText ?? '' },
        ]),
      );
    },
  };
}
