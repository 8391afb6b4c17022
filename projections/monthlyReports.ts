/**
 * Monthly reports as they stand, in SQL: per organisation and month the current report's few
 * figures the dashboards read (as columns; its content stays in the log, read from there when a
 * report is shown), its versions, its approval and paper receipt; the townships' health
 * overrides; the provinces' settings.
 *
 * It also keeps, as events arrive, each unit's counts per month at every level — expected
 * organisations, reports received, on time (new settings count them again) and approved,
 * respondents and needs by category — so a township, county, city or province view reads its own
 * row instead of reading every report. An organisation counts for a month under the township
 * it stood under at the month's end, if it was open then (the rule of reportingRates.ts), and so
 * under each unit above it then (rollUp.ts); a move or closure takes its counts from the months
 * it leaves and gives them to the months it joins, and a township or county that moves or closes
 * takes its whole row along.
 *
 * Each branch's health class (healthRule.ts) is kept per month too, for the months a report in
 * its window or an override gives it one (any other month it is 重建: nothing reported), with
 * each unit's count per class: a report, a paper receipt, an override, new standards or new
 * settings re-judge the months they touch.
 *
 * Reading these tables: monthlyReportsRead.ts.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { StoredEvent } from '../events/catalog/index.ts';
import type { HealthClass, MonthlyReportContent, ReportingSettings } from '../events/catalog/report.ts';
import { dueDate, effectiveDay, knownBy, monthAfter, monthEnd } from './calendar.ts';
import { factsOf, judge, windowOf, type MonthFacts } from './healthRule.ts';
import type { SqlProjection } from './projection.ts';
import { areasOf, counter, Deltas, type Areas, type Counter } from './rollUp.ts';
import { DEFAULT_SETTINGS } from './reportingSettings.ts';

/** v11: a branch's 五个一 share exact at the thresholds (healthRule.ts factsOf), so its kept classes are worked out again. */
const VERSION = 11;
const table = (name: string) => `monthly_reports_v${VERSION}_${name}`;
export const REPORTS = table('reports');
export const VERSIONS = table('versions');
export const OVERRIDES = table('overrides');
export const SETTINGS = table('settings');
/** Organisations: when open, and under which township from which day (the dated parents). */
export const ORGANISATIONS = table('organisations');
export const PARENTS = table('parents');
/**
 * The counts below are kept per unit at every level (rollUp.ts): a township's, and the sum of
 * those of the units open under a county, city or province at the month's end.
 * Per unit: +1 / -1 where an organisation starts / stops being expected; a month's expected is the sum up to it.
 */
export const EXPECTED = table('expected');
/**
 * Per unit and month: reports received, on time (by the due day of the province's settings) and
 * approved; the 五个一 they show done, and how many use the work manual; and of those in by the end
 * of the due day, how many are on time and how many use the manual (the month's bulletin stands there).
 */
export const RECEIVED = table('received');
/** Per unit and month: survey respondents; per category: the needs counted. */
export const SURVEYED = table('surveyed');
export const NEEDS = table('needs');
/** Every unit's parent now (the latest by date), to find an organisation's province and its settings; when it opened and closed. */
export const UNITS = table('units');
/** When the latest report to reach the server reached it: the kept counts are those of any day from then on. */
export const LATEST = table('latest');
/** Per organisation and month it has one: its health class, and its 五个一 share over the window. */
export const CLASSES = table('classes');
/** Per unit, month and class: how many of its branches have that class kept (重建 also counts those with none). */
export const HEALTH = table('health');

/** How many of the 五个一 a month's report shows done (0–5). */
export function fiveOnesDone(report: MonthlyReportContent): number {
  return [report.activity.held, report.pairing.youthPaired >= 1, report.survey.respondents >= 1, report.service.done, report.talks.count >= 1].filter(Boolean)
    .length;
}

interface ReportRow {
  countedDay: string;
  firstReceivedAt: string;
  fiveOnes: number;
  workManual: number;
  status: string;
  respondents: number;
  needs: string;
  versions: number;
}

interface Statements {
  report: StatementSync;
  insertReport: StatementSync;
  latest: StatementSync;
  correctReport: StatementSync;
  decide: StatementSync;
  paper: StatementSync;
  monthsOf: StatementSync;
  insertVersion: StatementSync;
  override: StatementSync;
  settings: StatementSync;
  organisation: StatementSync;
  insertOrganisation: StatementSync;
  close: StatementSync;
  parents: StatementSync;
  insertParent: StatementSync;
  expected: Counter;
  received: Counter;
  surveyed: Counter;
  needs: Counter;
  unit: StatementSync;
  setUnit: StatementSync;
  standards: StatementSync;
  windowReports: StatementSync;
  classOf: StatementSync;
  setClass: StatementSync;
  classTownship: StatementSync;
  dropClass: StatementSync;
  classMonths: StatementSync;
  overrideMonths: StatementSync;
  health: Counter;
  /** The counts kept per unit and rolled up, in the order a moving area takes them along. */
  counters: Counter[];
  areas: Areas;
  moveUnit: StatementSync;
  closeUnit: StatementSync;
  settingsOf: StatementSync;
  organisationsUnder: StatementSync;
  /** Settings parsed, per province (cleared when one changes). */
  settingsCache: Map<string, ReportingSettings>;
  /** Each township's province (provinceOfOrganisation). */
  provinces: Map<string, string>;
  /** Organisations as read (organisationOf): one entry per branch, forgotten when it opens, moves or closes. */
  organisations: Map<string, Where>;
  deltas: Deltas;
  classesIn: StatementSync;
  overridesIn: StatementSync;
}

interface Organisation {
  openedOn: string;
  closedOn: string | null;
  fourHasMet: number;
}
interface DatedParent {
  on: string;
  parentId: string | null;
}

/**
 * The township an organisation counted under for each month, as runs: from `from` (a month)
 * on, until the next run or the month it closed. Its parent for a month is the last dated
 * parent (by day, then by log order) on or before the month's end — as the tree reads it.
 */
function runsOf(organisation: Organisation, parents: DatedParent[]): Array<{ from: string; until: string | null; townshipId: string }> {
  const first = organisation.openedOn.slice(0, 7);
  const until = organisation.closedOn === null ? null : organisation.closedOn.slice(0, 7);
  // The parent of each month where one changes: the last change dated in that month (or before the first month) wins.
  const changes = new Map<string, string | null>();
  for (const parent of parents) {
    const month = parent.on.slice(0, 7) < first ? first : parent.on.slice(0, 7);
    changes.delete(month);
    changes.set(month, parent.parentId);
  }
  const months = [...changes.keys()].sort();
  const runs: Array<{ from: string; until: string | null; townshipId: string }> = [];
  months.forEach((month, i) => {
    const end = months[i + 1] ?? null;
    const stop = until === null ? end : end === null || until < end ? until : end;
    const townshipId = changes.get(month)!;
    if (townshipId !== null && (stop === null || month < stop)) runs.push({ from: month, until: stop, townshipId });
  });
  return runs;
}

/** The township an organisation counted under in `month`, or null when it was not expected then. */
function townshipIn(organisation: Organisation | undefined, parents: DatedParent[], month: string): string | null {
  if (!organisation) return null;
  const end = monthEnd(month);
  if (organisation.openedOn > end || (organisation.closedOn !== null && organisation.closedOn <= end)) return null;
  let found: string | null = null;
  for (const parent of parents) if (parent.on <= end) found = parent.parentId;
  return found;
}

function organisationOf(sql: Statements, unitId: string): Where {
  const known = sql.organisations.get(unitId);
  if (known) return known;
  const organisation = sql.organisation.get(unitId) as Organisation | undefined;
  const parents = organisation ? (sql.parents.all(unitId) as unknown as DatedParent[]) : [];
  const where = { organisation, parents };
  if (organisation) sql.organisations.set(unitId, where);
  return where;
}

/** Adds (`sign` 1) or takes away (-1) an organisation's expected runs. */
function expectRuns(sql: Statements, organisation: Organisation | undefined, parents: DatedParent[], sign: 1 | -1): void {
  if (!organisation) return;
  for (const run of runsOf(organisation, parents)) {
    sql.deltas.add(sql.expected, [run.townshipId, run.from], [sign]);
    if (run.until !== null) sql.deltas.add(sql.expected, [run.townshipId, run.until], [-sign]);
  }
}

/** Adds (`sign` 1) or takes away (-1) what one report gives its township's counts for its month. */
function contribute(sql: Statements, unitId: string, month: string, where: Where, sign: 1 | -1, known?: ReportRow): void {
  const townshipId = townshipIn(where.organisation, where.parents, month);
  if (townshipId === null) return;
  const row = known ?? (sql.report.get(unitId, month) as ReportRow | undefined);
  if (!row) return;
  // On time by the one lateness rule (reportingRates.ts: isOnTime), against the due day of the branch's province.
  const due = dueDate(month, settingsFor(sql, provinceOfOrganisation(sql, unitId, where)).dueDay);
  const onTime = row.countedDay <= due ? sign : 0;
  // What the bulletin of the month, standing at the due day, sees: only reports in by the end of that day.
  const inByDue = knownBy(row.firstReceivedAt, due) ? sign : 0;
  sql.deltas.add(
    sql.received,
    [townshipId, month],
    [
      sign,
      onTime,
      row.status === 'approved' ? sign : 0,
      sign * row.fiveOnes,
      sign * row.workManual,
      onTime !== 0 ? inByDue : 0,
      row.workManual === 1 ? inByDue : 0,
    ],
  );
  if (row.respondents !== 0) sql.deltas.add(sql.surveyed, [townshipId, month], [sign * row.respondents]);
  for (const need of JSON.parse(row.needs) as Array<{ category: string; count: number }>)
    if (need.count !== 0) sql.deltas.add(sql.needs, [townshipId, month, need.category], [sign * need.count]);
}

/** An organisation as the counts need it: when open, and its dated parents (the last is its parent now). */
interface Where {
  organisation: Organisation | undefined;
  parents: DatedParent[];
}

/** Runs `change` with the organisation's counts taken out before and put back after (a move, a closure). */
function recount(sql: Statements, unitId: string, change: () => void): void {
  const before = organisationOf(sql, unitId);
  const months = (sql.monthsOf.all(unitId) as Array<{ month: string }>).map((row) => row.month);
  const classed = classMonthsOf(sql, unitId);
  for (const month of months) contribute(sql, unitId, month, before, -1);
  for (const month of classed) countClass(sql, unitId, month, before, -1);
  expectRuns(sql, before.organisation, before.parents, -1);
  change();
  sql.organisations.delete(unitId);
  const after = organisationOf(sql, unitId);
  expectRuns(sql, after.organisation, after.parents, 1);
  for (const month of months) contribute(sql, unitId, month, after, 1);
  for (const month of classed) countClass(sql, unitId, month, after, 1);
}

/**
 * Takes these organisations' report counts out, runs `change` (new settings, another province)
 * and puts them back as they count after it: on time is judged against the province's due day.
 */
function recountReports(sql: Statements, unitIds: string[], change: () => void): void {
  const reported = unitIds.map((unitId) => ({ unitId, months: (sql.monthsOf.all(unitId) as Array<{ month: string }>).map((row) => row.month) }));
  for (const { unitId, months } of reported) for (const month of months) contribute(sql, unitId, month, organisationOf(sql, unitId), -1);
  change();
  for (const { unitId, months } of reported) for (const month of months) contribute(sql, unitId, month, organisationOf(sql, unitId), 1);
}

const organisationsBelow = (sql: Statements, unitId: string) => (sql.organisationsUnder.all(unitId) as Array<{ unitId: string }>).map((row) => row.unitId);

const classMonthsOf = (sql: Statements, unitId: string) => (sql.classMonths.all(unitId) as Array<{ month: string }>).map((row) => row.month);

/**
 * Adds (`sign` 1) or takes away (-1) a branch's kept class for a month from its township's counts;
 * added, the class row is filed under that township too (the health list reads a township's rows).
 */
function countClass(sql: Statements, unitId: string, month: string, where: Where, sign: 1 | -1): void {
  const townshipId = townshipIn(where.organisation, where.parents, month);
  if (sign === 1) sql.classTownship.run(townshipId, unitId, month);
  if (townshipId === null) return;
  const row = sql.classOf.get(unitId, month) as { healthClass: HealthClass } | undefined;
  if (row) sql.deltas.add(sql.health, [townshipId, month, row.healthClass], [sign]);
}

/** The province a unit lies in now (the top of its current parents). */
function provinceOf(sql: Statements, unitId: string): string {
  let id = unitId;
  for (let depth = 0; depth < 10; depth++) {
    const row = sql.unit.get(id) as { parentId: string | null } | undefined;
    if (!row || row.parentId === null) return id;
    id = row.parentId;
  }
  return id;
}

/**
 * The province of an organisation from its parent now (the last dated parent), each township's
 * province kept in memory: as many entries as townships, whatever the log's length, and
 * forgotten whenever a unit above the organisations moves.
 */
function provinceOfOrganisation(sql: Statements, unitId: string, where: Where): string {
  const parentId = where.parents[where.parents.length - 1]?.parentId;
  if (!parentId) return provinceOf(sql, unitId);
  let found = sql.provinces.get(parentId);
  if (found === undefined) sql.provinces.set(parentId, (found = provinceOf(sql, parentId)));
  return found;
}

function settingsFor(sql: Statements, provinceId: string): ReportingSettings {
  let found = sql.settingsCache.get(provinceId);
  if (!found) {
    const row = sql.settingsOf.get(provinceId) as { settings: string } | undefined;
    sql.settingsCache.set(provinceId, (found = row ? (JSON.parse(row.settings) as ReportingSettings) : DEFAULT_SETTINGS));
  }
  return found;
}

/**
 * Judges a branch's months again (ascending), moving its township's class counts with each
 * change: its reports, overrides and kept classes over the months are read in one query each.
 * A month with no report in its window and no override keeps no class (重建: nothing reported).
 */
function reclassify(sql: Statements, unitId: string, months: string[], where = organisationOf(sql, unitId)): void {
  const { organisation } = where;
  if (!organisation || months.length === 0) return;
  const settings = settingsFor(sql, provinceOfOrganisation(sql, unitId, where));
  const first = months[0]!,
    last = months[months.length - 1]!;
  const reports = new Map(
    (
      sql.windowReports.all(unitId, windowOf(first, settings.health.window, settings.dueDay).months[0]!, last) as unknown as Array<
        MonthFacts & { month: string }
      >
    ).map((row) => [row.month, row]),
  );
  const overrides = new Map(
    (sql.overridesIn.all(unitId, first, last) as Array<{ month: string; healthClass: HealthClass }>).map((row) => [row.month, row.healthClass]),
  );
  const kept = new Map(
    (sql.classesIn.all(unitId, first, last) as Array<{ month: string; healthClass: HealthClass; fiveOnes: number }>).map((row) => [row.month, row]),
  );
  for (const month of months) {
    const { months: window, dues } = windowOf(month, settings.health.window, settings.dueDay);
    const inWindow = window.map((m) => reports.get(m));
    const override = overrides.get(month);
    let found: { healthClass: HealthClass; fiveOnes: number } | null = null;
    if (override || inWindow.some(Boolean)) {
      const facts = factsOf(inWindow, dues, organisation.fourHasMet === 1);
      found = { healthClass: override ?? judge(facts, settings.health, null), fiveOnes: Math.round(facts.fiveOnes * 100) / 100 };
    }
    const old = kept.get(month);
    if (old?.healthClass === found?.healthClass && old?.fiveOnes === found?.fiveOnes) continue;
    const townshipId = townshipIn(organisation, where.parents, month);
    if (found) sql.setClass.run(unitId, month, found.healthClass, found.fiveOnes, townshipId);
    else sql.dropClass.run(unitId, month);
    if (old?.healthClass === found?.healthClass) continue;
    if (townshipId === null) continue;
    if (old) sql.deltas.add(sql.health, [townshipId, month, old.healthClass], [-1]);
    if (found) sql.deltas.add(sql.health, [townshipId, month, found.healthClass], [1]);
  }
}

/** The months whose window holds `month`: it and the `window - 1` after it. */
function monthsSeeing(month: string, window: number): string[] {
  const months = [month];
  while (months.length < window) months.push(monthAfter(months[months.length - 1]!));
  return months;
}

/** Every month a branch could have a class in: those its reports' windows reach, and its overrides. */
function rejudgeAll(sql: Statements, unitId: string): void {
  const where = organisationOf(sql, unitId);
  const window = settingsFor(sql, provinceOfOrganisation(sql, unitId, where)).health.window;
  const months = new Set(classMonthsOf(sql, unitId));
  for (const { month } of sql.monthsOf.all(unitId) as Array<{ month: string }>) for (const m of monthsSeeing(month, window)) months.add(m);
  for (const { month } of sql.overrideMonths.all(unitId) as Array<{ month: string }>) months.add(month);
  reclassify(sql, unitId, [...months].sort(), where);
}

/** After a report's facts changed: the months whose window holds its month. */
function rejudgeReport(sql: Statements, unitId: string, month: string, where: Where): void {
  reclassify(sql, unitId, monthsSeeing(month, settingsFor(sql, provinceOfOrganisation(sql, unitId, where)).health.window), where);
}

/** Runs `change` to a report with its counts taken out before and put back after. */
function rereport(sql: Statements, unitId: string, month: string, where: Where, change: () => void): void {
  contribute(sql, unitId, month, where, -1);
  change();
  contribute(sql, unitId, month, where, 1);
}

export const monthlyReports: SqlProjection<Statements, unknown, 'monthlyReports'> = {
  name: 'monthlyReports',
  version: VERSION,
  tables: [REPORTS, VERSIONS, OVERRIDES, SETTINGS, ORGANISATIONS, PARENTS, EXPECTED, RECEIVED, SURVEYED, NEEDS, UNITS, CLASSES, HEALTH, LATEST],
  schema: `
    CREATE TABLE ${REPORTS} (unit_id TEXT NOT NULL, month TEXT NOT NULL,
      first_received_at TEXT NOT NULL, effective_day TEXT NOT NULL, counted_day TEXT NOT NULL, versions INTEGER NOT NULL,
      status TEXT NOT NULL, return_reason TEXT, decided_by TEXT, decided_at TEXT,
      paper_on TEXT, paper_reason TEXT, paper_actor TEXT, paper_at TEXT,
      five_ones INTEGER NOT NULL, meetings INTEGER NOT NULL, lectures INTEGER NOT NULL, members INTEGER NOT NULL,
      work_manual INTEGER NOT NULL, respondents INTEGER NOT NULL, needs TEXT NOT NULL, free_text TEXT NOT NULL,
      PRIMARY KEY (unit_id, month)) WITHOUT ROWID;
    CREATE TABLE ${VERSIONS} (unit_id TEXT NOT NULL, month TEXT NOT NULL, seq INTEGER NOT NULL, report_id TEXT NOT NULL,
      submitted_at TEXT NOT NULL, received_at TEXT NOT NULL, supersedes TEXT, actor TEXT NOT NULL, position TEXT NOT NULL,
      PRIMARY KEY (unit_id, month, seq)) WITHOUT ROWID;
    CREATE TABLE ${OVERRIDES} (unit_id TEXT NOT NULL, month TEXT NOT NULL, health_class TEXT NOT NULL, reason TEXT NOT NULL,
      actor TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (unit_id, month)) WITHOUT ROWID;
    CREATE TABLE ${SETTINGS} (province_id TEXT PRIMARY KEY, settings TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE ${LATEST} (id INTEGER PRIMARY KEY CHECK (id = 1), received_at TEXT NOT NULL);
    CREATE TABLE ${ORGANISATIONS} (unit_id TEXT PRIMARY KEY, opened_on TEXT NOT NULL, closed_on TEXT,
      standards_on TEXT, four_has_met INTEGER NOT NULL DEFAULT 1) WITHOUT ROWID;
    CREATE TABLE ${UNITS} (unit_id TEXT PRIMARY KEY, parent_id TEXT, parent_on TEXT NOT NULL, opened_on TEXT NOT NULL, closed_on TEXT) WITHOUT ROWID;
    CREATE INDEX ${UNITS}_parent ON ${UNITS} (parent_id);
    CREATE TABLE ${CLASSES} (unit_id TEXT NOT NULL, month TEXT NOT NULL, health_class TEXT NOT NULL, five_ones REAL NOT NULL, township_id TEXT,
      PRIMARY KEY (unit_id, month)) WITHOUT ROWID;
    CREATE TABLE ${HEALTH} (unit_id TEXT NOT NULL, month TEXT NOT NULL, health_class TEXT NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (unit_id, month, health_class)) WITHOUT ROWID;
    CREATE TABLE ${PARENTS} (unit_id TEXT NOT NULL, on_day TEXT NOT NULL, seq INTEGER NOT NULL, parent_id TEXT,
      PRIMARY KEY (unit_id, on_day, seq)) WITHOUT ROWID;
    CREATE TABLE ${EXPECTED} (unit_id TEXT NOT NULL, month TEXT NOT NULL, delta INTEGER NOT NULL, PRIMARY KEY (unit_id, month)) WITHOUT ROWID;
    CREATE TABLE ${RECEIVED} (unit_id TEXT NOT NULL, month TEXT NOT NULL, received INTEGER NOT NULL, on_time INTEGER NOT NULL,
      approved INTEGER NOT NULL, five_ones INTEGER NOT NULL, work_manual INTEGER NOT NULL, on_time_by_due INTEGER NOT NULL, work_manual_by_due INTEGER NOT NULL, PRIMARY KEY (unit_id, month)) WITHOUT ROWID;
    CREATE TABLE ${SURVEYED} (unit_id TEXT NOT NULL, month TEXT NOT NULL, respondents INTEGER NOT NULL, PRIMARY KEY (unit_id, month)) WITHOUT ROWID;
    CREATE TABLE ${NEEDS} (unit_id TEXT NOT NULL, month TEXT NOT NULL, category TEXT NOT NULL, count INTEGER NOT NULL,
      PRIMARY KEY (unit_id, month, category)) WITHOUT ROWID;`,
  // The health list of a county or province reads its townships' class rows: one range each.
  // Covering (class and share in the index): a province's 47,000 class rows are read from the index alone, not looked up one by one.
  indexes: `DROP INDEX IF EXISTS ${CLASSES}_township;
    CREATE INDEX IF NOT EXISTS ${CLASSES}_township_class ON ${CLASSES} (township_id, month, health_class, five_ones);`,
  prepare: (db: DatabaseSync) => statementsOf(db),
  flush: (sql: Statements) => sql.deltas.flush(),
  apply(event: StoredEvent, sql: Statements) {
    switch (event.type) {
      case 'MonthlyReportSubmitted': {
        const { unitId, month, report, reportId, supersedes, submittedAt } = event.data;
        const receivedAt = event.metadata.serverTime;
        const figures = [
          fiveOnesDone(report),
          report.meetings.committee + report.meetings.assembly + report.meetings.group,
          report.meetings.lecture,
          report.members.leagueMembers,
          report.workManualInUse ? 1 : 0,
          report.survey.respondents,
          JSON.stringify(report.survey.needs),
          report.survey.freeText,
        ] as const;
        const existing = sql.report.get(unitId, month) as ReportRow | undefined;
        const where = organisationOf(sql, unitId);
        if (existing) {
          rereport(sql, unitId, month, where, () => sql.correctReport.run(...figures, unitId, month));
        } else {
          const day = effectiveDay({ submittedAt, receivedAt });
          sql.insertReport.run(unitId, month, receivedAt, day, day, ...figures);
          sql.latest.run(receivedAt);
          contribute(sql, unitId, month, where, 1, {
            countedDay: day,
            firstReceivedAt: receivedAt,
            status: 'submitted',
            fiveOnes: figures[0],
            workManual: figures[4],
            respondents: report.survey.respondents,
            needs: figures[6],
            versions: 1,
          });
        }
        sql.insertVersion.run(
          unitId,
          month,
          existing?.versions ?? 0,
          reportId,
          submittedAt,
          receivedAt,
          supersedes,
          event.metadata.actor,
          event.position.toString(),
        );
        rejudgeReport(sql, unitId, month, where);
        return;
      }
      case 'MonthlyReportApproved':
      case 'MonthlyReportReturned': {
        const { unitId, month } = event.data;
        const row = sql.report.get(unitId, month) as ReportRow | undefined;
        if (!row) return;
        const approved = event.type === 'MonthlyReportApproved';
        sql.decide.run(approved ? 'approved' : 'returned', approved ? null : event.data.reason, event.metadata.actor, event.metadata.serverTime, unitId, month);
        // Only the approved count can change (nothing the health rule reads).
        const change = (approved ? 1 : 0) - (row.status === 'approved' ? 1 : 0);
        const townshipId = change === 0 ? null : townshipIn(organisationOf(sql, unitId).organisation, organisationOf(sql, unitId).parents, month);
        if (townshipId !== null) sql.deltas.add(sql.received, [townshipId, month], [0, 0, change, 0, 0, 0, 0]);
        return;
      }
      case 'MonthlyReportReceivedOnPaper': {
        const { unitId, month, receivedOn, reason } = event.data;
        if (!sql.report.get(unitId, month)) return;
        const where = organisationOf(sql, unitId);
        rereport(sql, unitId, month, where, () =>
          sql.paper.run(receivedOn, reason, event.metadata.actor, event.metadata.serverTime, receivedOn, unitId, month),
        );
        rejudgeReport(sql, unitId, month, where);
        return;
      }
      case 'HealthClassOverridden':
        sql.override.run(event.data.unitId, event.data.month, event.data.healthClass, event.data.reason, event.metadata.actor, event.metadata.serverTime);
        reclassify(sql, event.data.unitId, [event.data.month]);
        return;
      case 'ReportingSettingsConfigured': {
        const { provinceId, settings } = event.data;
        // Rare (a province sets its rules once or twice): every branch of the province is counted and judged again.
        const organisations = organisationsBelow(sql, provinceId);
        recountReports(sql, organisations, () => {
          sql.settings.run(provinceId, JSON.stringify(settings));
          sql.settingsCache.delete(provinceId);
        });
        for (const unitId of organisations) rejudgeAll(sql, unitId);
        return;
      }
      case 'StandardsRecorded': {
        const { unitId, standards, on } = event.data;
        if (!sql.organisation.get(unitId)) return;
        sql.standards.run(on, Object.values(standards.fourHas).every(Boolean) ? 1 : 0, unitId);
        sql.organisations.delete(unitId);
        reclassify(sql, unitId, classMonthsOf(sql, unitId).sort());
        return;
      }
      case 'UnitOpened': {
        const { unitId, kind, parentId, on } = event.data;
        sql.setUnit.run(unitId, parentId, on, on);
        if (kind !== 'organisation') {
          sql.insertParent.run(unitId, on, Number(event.position), parentId);
          sql.areas.forget(unitId);
          return;
        }
        recount(sql, unitId, () => {
          sql.insertOrganisation.run(unitId, on);
          sql.insertParent.run(unitId, on, Number(event.position), parentId);
        });
        return;
      }
      case 'UnitMoved': {
        const { unitId, toParentId, on } = event.data;
        const current = sql.unit.get(unitId) as { parentId: string | null; parentOn: string } | undefined;
        const isOrganisation = sql.organisation.get(unitId) !== undefined;
        let provinceChanged = false;
        const change = () => {
          // "Now" keeps the latest move by date (a tie: the later event); one dated earlier changes the past only.
          if (current && on >= current.parentOn) {
            provinceChanged = provinceOf(sql, unitId) !== provinceOf(sql, toParentId);
            // Townships' provinces are remembered (provinceOfOrganisation): forgotten when a unit above the branches moves.
            const now = () => {
              sql.moveUnit.run(toParentId, on, unitId);
              if (!isOrganisation) sql.provinces.clear();
            };
            // Under another province, its branches' reports count against that province's due day.
            if (provinceChanged && !isOrganisation) recountReports(sql, organisationsBelow(sql, unitId), now);
            else now();
          }
          sql.insertParent.run(unitId, on, Number(event.position), toParentId);
        };
        // A branch's counts move with it; a township or county takes its whole row from the units above it to the new ones.
        if (isOrganisation) recount(sql, unitId, change);
        else sql.deltas.moveAbove(sql.counters, unitId, change);
        // …and are judged by its rules.
        if (provinceChanged) for (const organisation of organisationsBelow(sql, unitId)) rejudgeAll(sql, organisation);
        return;
      }
      case 'UnitClosed': {
        const { unitId, on } = event.data;
        if (sql.organisation.get(unitId))
          recount(sql, unitId, () => {
            sql.close.run(on, unitId);
            sql.closeUnit.run(on, unitId);
          });
        // The branches of a closed township count for no one above it (as the dashboards walk the tree).
        else if (sql.unit.get(unitId)) sql.deltas.moveAbove(sql.counters, unitId, () => sql.closeUnit.run(on, unitId));
        return;
      }
      default:
        return;
    }
  },
};

function statementsOf(db: DatabaseSync): Statements {
  const areas = areasOf(db, UNITS, PARENTS);
  const expected = counter(db, EXPECTED, ['unit_id', 'month'], ['delta'], 'running');
  const received = counter(
    db,
    RECEIVED,
    ['unit_id', 'month'],
    ['received', 'on_time', 'approved', 'five_ones', 'work_manual', 'on_time_by_due', 'work_manual_by_due'],
  );
  const surveyed = counter(db, SURVEYED, ['unit_id', 'month'], ['respondents']);
  const needs = counter(db, NEEDS, ['unit_id', 'month', 'category'], ['count']);
  const health = counter(db, HEALTH, ['unit_id', 'month', 'health_class'], ['n']);
  return {
    report: db.prepare(
      `SELECT counted_day AS countedDay, first_received_at AS firstReceivedAt, status, five_ones AS fiveOnes, work_manual AS workManual, respondents, needs, versions FROM ${REPORTS} WHERE unit_id = ? AND month = ?`,
    ),
    latest: db.prepare(`INSERT INTO ${LATEST} (id, received_at) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET received_at = max(received_at, ?1)`),
    insertReport: db.prepare(`INSERT INTO ${REPORTS} (unit_id, month, first_received_at, effective_day, counted_day, versions, status,
      five_ones, meetings, lectures, members, work_manual, respondents, needs, free_text)
      VALUES (?, ?, ?, ?, ?, 1, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?)`),
    // A correction is waiting to be decided again; the last decision (and a return's reason) stays readable.
    correctReport: db.prepare(`UPDATE ${REPORTS} SET versions = versions + 1, status = 'submitted',
      five_ones = ?, meetings = ?, lectures = ?, members = ?, work_manual = ?, respondents = ?, needs = ?, free_text = ?
      WHERE unit_id = ? AND month = ?`),
    decide: db.prepare(`UPDATE ${REPORTS} SET status = ?, return_reason = ?, decided_by = ?, decided_at = ? WHERE unit_id = ? AND month = ?`),
    paper: db.prepare(`UPDATE ${REPORTS} SET paper_on = ?, paper_reason = ?, paper_actor = ?, paper_at = ?, counted_day = ? WHERE unit_id = ? AND month = ?`),
    monthsOf: db.prepare(`SELECT month FROM ${REPORTS} WHERE unit_id = ?`),
    insertVersion: db.prepare(`INSERT INTO ${VERSIONS} (unit_id, month, seq, report_id, submitted_at, received_at, supersedes, actor, position)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    override: db.prepare(`INSERT OR REPLACE INTO ${OVERRIDES} (unit_id, month, health_class, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?)`),
    settings: db.prepare(`INSERT OR REPLACE INTO ${SETTINGS} (province_id, settings) VALUES (?, ?)`),
    organisation: db.prepare(`SELECT opened_on AS openedOn, closed_on AS closedOn, four_has_met AS fourHasMet FROM ${ORGANISATIONS} WHERE unit_id = ?`),
    insertOrganisation: db.prepare(`INSERT OR IGNORE INTO ${ORGANISATIONS} (unit_id, opened_on, closed_on) VALUES (?, ?, NULL)`),
    close: db.prepare(`UPDATE ${ORGANISATIONS} SET closed_on = ? WHERE unit_id = ?`),
    parents: db.prepare(`SELECT on_day AS "on", parent_id AS parentId FROM ${PARENTS} WHERE unit_id = ? ORDER BY on_day, seq`),
    insertParent: db.prepare(`INSERT INTO ${PARENTS} (unit_id, on_day, seq, parent_id) VALUES (?, ?, ?, ?)`),
    expected,
    received,
    surveyed,
    needs,
    health,
    counters: [expected, received, surveyed, needs, health],
    areas,
    moveUnit: db.prepare(`UPDATE ${UNITS} SET parent_id = ?, parent_on = ? WHERE unit_id = ?`),
    closeUnit: db.prepare(`UPDATE ${UNITS} SET closed_on = ? WHERE unit_id = ?`),
    unit: db.prepare(`SELECT parent_id AS parentId, parent_on AS parentOn FROM ${UNITS} WHERE unit_id = ?`),
    setUnit: db.prepare(`INSERT OR REPLACE INTO ${UNITS} (unit_id, parent_id, parent_on, opened_on) VALUES (?, ?, ?, ?)`),
    // The standards in force now are the latest by date (a tie: the later event).
    standards: db.prepare(
      `UPDATE ${ORGANISATIONS} SET standards_on = ?1, four_has_met = ?2 WHERE unit_id = ?3 AND (standards_on IS NULL OR standards_on <= ?1)`,
    ),
    windowReports: db.prepare(`SELECT month, counted_day AS countedDay, five_ones AS fiveOnes, meetings, lectures, members FROM ${REPORTS}
      WHERE unit_id = ? AND month BETWEEN ? AND ?`),
    classOf: db.prepare(`SELECT health_class AS healthClass FROM ${CLASSES} WHERE unit_id = ? AND month = ?`),
    setClass: db.prepare(`INSERT OR REPLACE INTO ${CLASSES} (unit_id, month, health_class, five_ones, township_id) VALUES (?, ?, ?, ?, ?)`),
    classTownship: db.prepare(`UPDATE ${CLASSES} SET township_id = ? WHERE unit_id = ? AND month = ?`),
    dropClass: db.prepare(`DELETE FROM ${CLASSES} WHERE unit_id = ? AND month = ?`),
    classMonths: db.prepare(`SELECT month FROM ${CLASSES} WHERE unit_id = ?`),
    overrideMonths: db.prepare(`SELECT month FROM ${OVERRIDES} WHERE unit_id = ?`),
    settingsOf: db.prepare(`SELECT settings FROM ${SETTINGS} WHERE province_id = ?`),
    organisationsUnder: db.prepare(`WITH RECURSIVE below (id) AS (SELECT ?1 UNION ALL SELECT u.unit_id FROM ${UNITS} AS u JOIN below ON u.parent_id = below.id)
      SELECT o.unit_id AS unitId FROM below JOIN ${ORGANISATIONS} AS o ON o.unit_id = below.id`),
    settingsCache: new Map(),
    provinces: new Map(),
    organisations: new Map(),
    deltas: new Deltas(areas),
    classesIn: db.prepare(`SELECT month, health_class AS healthClass, five_ones AS fiveOnes FROM ${CLASSES} WHERE unit_id = ? AND month BETWEEN ? AND ?`),
    overridesIn: db.prepare(`SELECT month, health_class AS healthClass FROM ${OVERRIDES} WHERE unit_id = ? AND month BETWEEN ? AND ?`),
  };
}
