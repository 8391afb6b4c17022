/**
 * Branch health (巩固 / 提高 / 整顿 / 重建) of a unit's branches: the rule is healthRule.ts; each
 * branch's class per month is kept by the monthlyReports projection, with each township's count
 * per class, so a county or province reads its distribution and trend from a few rows per
 * township. The reasons, figures and override of a branch are worked out for the branches of
 * the page shown, by the same rule.
 */
import type { HealthClass, ReportingSettings } from '../events/catalog/report.ts';
import { monthEnd, monthsUpTo } from './calendar.ts';
import { factsOf, firstDue, judge, notYetAssessed, unassessedSince, windowOf, type HealthReason, type WindowFacts } from './healthRule.ts';
import type { MonthlyReports, ReportLookup } from './monthlyReportsRead.ts';
import { valueAsOf, type OrganisationTreeState, type UnitRecord } from './organisationTree.ts';
import { isOpen, isWithin, organisationsUnder } from './organisationTreeQueries.ts';
import { eachTownshipUnder, settingsFor } from './reportingSettings.ts';
import { pageOf, sortOrder, type PageRequest } from './paging.ts';

export type { HealthReason } from './healthRule.ts';

/** A branch's class, or 未评定 (not yet assessed: it could not yet have reported; healthRule.ts). */
export type Standing = HealthClass | 'unassessed';

export interface BranchHealth {
  unitId: string;
  name: string;
  healthClass: Standing;
  computedClass: Standing;
  reasons: HealthReason[];
  override: { reason: string; actor: string; at: string } | null;
  figures: { fiveOnes: number; reported: number; onTime: number; meetingMonths: number; lectures: number; members: number | null };
}

export { fiveOnesDone } from './monthlyReports.ts';

/** A branch's window facts from its reports (one lookup per month). */
function branchFacts(reports: ReportLookup, unit: UnitRecord, months: string[], dues: string[]): WindowFacts {
  const fourHas = unit.standards?.fourHas;
  return factsOf(
    months.map((month) => reports.summary(unit.id, month)),
    dues,
    !fourHas || Object.values(fourHas).every(Boolean),
  );
}

/** A branch's health judged by the rule (a class, never 未评定). */
export interface BranchJudged extends BranchHealth {
  healthClass: HealthClass;
  computedClass: HealthClass;
}

/** A branch's health for a month; `lookup` may be a window of its township's reports read at once. */
export function healthOf(
  tree: OrganisationTreeState,
  reports: MonthlyReports,
  unit: UnitRecord,
  month: string,
  settings = settingsFor(tree, reports, unit.id),
  lookup: ReportLookup = reports,
): BranchJudged {
  const rule = settings.health;
  const { months, dues, end } = windowOf(month, rule.window, settings.dueDay);
  const facts = branchFacts(lookup, unit, months, dues);
  const reasons: HealthReason[] = [];
  const computed = judge(facts, rule, reasons);
  const override = lookup.override(unit.id, month);
  return {
    unitId: unit.id,
    name: valueAsOf(unit.names, end) ?? unit.names[0]!.value,
    healthClass: override?.healthClass ?? computed,
    computedClass: computed,
    reasons,
    override: override ? { reason: override.reason, actor: override.actor, at: override.at } : null,
    figures: {
      fiveOnes: Math.round(facts.fiveOnes * 100) / 100,
      reported: facts.reported,
      onTime: facts.onTime,
      meetingMonths: facts.meetingMonths,
      lectures: facts.lectures,
      members: facts.members,
    },
  };
}

/** A branch's class for a month as `healthOf` gives it (the override, else the rule's), without the reasons. */
export function healthClassOf(reports: ReportLookup, unit: UnitRecord, month: string, settings: ReportingSettings): HealthClass {
  const { months, dues } = windowOf(month, settings.health.window, settings.dueDay);
  return reports.override(unit.id, month)?.healthClass ?? judge(branchFacts(reports, unit, months, dues), settings.health, null);
}

/**
 * A branch's standing for a month on `today`, the rule asked afresh (what the kept classes and
 * counts must agree with): its class, or 未评定 when nothing was reported in its window, no
 * override was made, and it could not yet have reported.
 */
export function standingOf(reports: ReportLookup, unit: UnitRecord, month: string, settings: ReportingSettings, today: string): Standing {
  const silent =
    !reports.override(unit.id, month) && windowOf(month, settings.health.window, settings.dueDay).months.every((m) => !reports.summary(unit.id, m));
  return silent && notYetAssessed(unit, month, today, settings.dueDay) ? 'unassessed' : healthClassOf(reports, unit, month, settings);
}

type Distribution = Record<Standing, number>;

/** A branch in a unit's health list: its class and 五个一 share, as kept. */
export interface BranchClass {
  unitId: string;
  name: string;
  healthClass: Standing;
  fiveOnes: number;
}

/** The organisations opened or entered lately enough that they may not yet be assessed in any month asked (read once per request). */
type Recent = ReturnType<OrganisationTreeState['enteredSince']>;

/**
 * The organisations under a unit for a month (as the tree stood at its end) not yet assessed on
 * `today`: with no kept class, and no due day they could have met. Only `recent` ones are looked
 * at (opened or entered since the earliest month asked: healthRule.ts unassessedSince).
 */
function unassessedUnder(
  tree: OrganisationTreeState,
  reports: MonthlyReports,
  recent: Recent,
  unitId: string,
  month: string,
  today: string,
  dueDay: number,
): Set<string> {
  const end = monthEnd(month);
  const inside = recent.filter((entry) => {
    if (!notYetAssessed(entry, month, today, dueDay)) return false;
    const node = tree.nodes.get(entry.id);
    return node !== undefined && isOpen(node, end) && isWithin(tree, entry.id, unitId, end);
  });
  if (inside.length === 0) return new Set();
  const kept = reports.classesOf(
    inside.map((entry) => entry.id),
    month,
  );
  return new Set(inside.filter((entry) => !kept.has(entry.id)).map((entry) => entry.id));
}

/**
 * For 附件2: how many branches under each township of `unitId` are 未评定 for a month on `today`
 * (expected, no kept class, and no due day they could have met yet), so the table counts them apart
 * from 重建, as the health page does. The recently entered organisations are read once for the area.
 */
export function unassessedByTownship(
  tree: OrganisationTreeState,
  reports: MonthlyReports,
  unitId: string,
  month: string,
  today: string,
): (townshipId: string) => number {
  const { dueDay } = settingsFor(tree, reports, unitId);
  const recent = tree.enteredSince(unassessedSince(month, today), unitId);
  return (townshipId) => (recent.length === 0 ? 0 : unassessedUnder(tree, reports, recent, townshipId, month, today, dueDay).size);
}

/**
 * How many of a unit's branches (open at the month's end, under it as the tree stood then) have
 * each class: the unit's kept counts (at every level: rollUp.ts), 未评定 for those expected
 * without a kept class that could not yet have reported, and 重建 for the rest expected without
 * one; an organisation, its own class.
 */
function distributionOf(
  tree: OrganisationTreeState,
  reports: MonthlyReports,
  recent: Recent,
  unitId: string,
  month: string,
  today: string,
  dueDay: number,
): Distribution {
  const counts: Distribution = { consolidate: 0, improve: 0, rectify: 0, rebuild: 0, unassessed: 0 };
  const unit = tree.nodes.get(unitId);
  if (!unit || !isOpen(unit, monthEnd(month))) return counts;
  const unassessed = unassessedUnder(tree, reports, recent, unitId, month, today, dueDay);
  if (unit.kind === 'organisation') {
    counts[reports.classesOf([unitId], month).get(unitId)?.healthClass ?? (unassessed.has(unitId) ? 'unassessed' : 'rebuild')]++;
    return counts;
  }
  const kept = reports.healthCounts(unitId, month);
  const { expected } = reports.counts(unitId, month);
  counts.consolidate = kept.consolidate;
  counts.improve = kept.improve;
  counts.rectify = kept.rectify;
  counts.unassessed = unassessed.size;
  counts.rebuild = Math.max(0, expected - kept.consolidate - kept.improve - kept.rectify - unassessed.size);
  return counts;
}

/** A unit's branches for a month on `today` with their classes (most urgent first, then by name), the distribution, and the trend. */
export function healthOfUnit(tree: OrganisationTreeState, reports: MonthlyReports, unitId: string, month: string, today: string, trendMonths = 6) {
  const settings = settingsFor(tree, reports, unitId);
  const end = monthEnd(month);
  const trendRange = monthsUpTo(month, trendMonths);
  // One read for the list, the distribution and every month of the trend: the earliest month's threshold covers the rest.
  const recent = tree.enteredSince(unassessedSince(trendRange[0] ?? month, today), unitId);
  const unassessed = unassessedUnder(tree, reports, recent, unitId, month, today, settings.dueDay);
  const units = organisationsUnder(tree, unitId, end);
  // The kept classes of the townships' branches, a range per township, and of the branches directly under a county or city.
  const townships: string[] = [];
  const direct: string[] = [];
  eachTownshipUnder(
    tree,
    unitId,
    end,
    (townshipId) => townships.push(townshipId),
    (unit) => direct.push(unit.id),
  );
  const kept = new Map([...reports.classesIn(townships, month), ...reports.classesOf(direct, month)]);
  const branches: BranchClass[] = units.map((unit) => {
    const found = kept.get(unit.id);
    const healthClass: Standing = found?.healthClass ?? (unassessed.has(unit.id) ? 'unassessed' : 'rebuild');
    return { unitId: unit.id, name: valueAsOf(unit.names, end) ?? unit.names[0]!.value, healthClass, fiveOnes: found?.fiveOnes ?? 0 };
  });
  return {
    month,
    today,
    rule: settings.health,
    distribution: distributionOf(tree, reports, recent, unitId, month, today, settings.dueDay),
    branches: branches.sort((a, b) => order[a.healthClass] - order[b.healthClass] || byName(a.name, b.name)),
    trend: trendRange.map((m) => ({ month: m, ...distributionOf(tree, reports, recent, unitId, m, today, settings.dueDay) })),
  };
}

/** Most urgent first; a branch not yet assessed has nothing to follow up yet. */
const order: Record<Standing, number> = { rebuild: 0, rectify: 1, improve: 2, consolidate: 3, unassessed: 4 };

export interface BranchFilter {
  healthClass?: Standing;
  /** Part of the branch's name. */
  q?: string;
  /** `class` (most urgent first), `name` or `fiveOnes`; `-` before it reverses. */
  sort: string;
}

/**
 * The branches of a unit's health that pass the filter, in the order asked, paged; each branch
 * of the page with its reasons, figures and override (the rule asked again), and its classes in
 * the months before (`history`, oldest first) for its trend.
 */
export function branchesPage(
  tree: OrganisationTreeState,
  reports: MonthlyReports,
  unitId: string,
  health: ReturnType<typeof healthOfUnit>,
  filter: BranchFilter,
  page: PageRequest,
  historyMonths = 2,
) {
  const { rows, total, nextCursor } = pageOf(branchesInOrder(health, filter), page);
  return { total, nextCursor, branches: withDetails(tree, reports, unitId, health.month, health.today, rows, historyMonths) };
}

/** The branches of a health list that pass the filter, in the order asked. */
function branchesInOrder(health: ReturnType<typeof healthOfUnit>, filter: BranchFilter): BranchClass[] {
  const q = filter.q?.trim();
  const kept = health.branches.filter((branch) => (!filter.healthClass || branch.healthClass === filter.healthClass) && (!q || branch.name.includes(q)));
  const { column, direction } = sortOrder(filter.sort);
  const compare =
    column === 'name'
      ? (a: BranchClass, b: BranchClass) => byName(a.name, b.name)
      : column === 'fiveOnes'
        ? (a: BranchClass, b: BranchClass) => a.fiveOnes - b.fiveOnes || byName(a.name, b.name)
        : (a: BranchClass, b: BranchClass) => order[a.healthClass] - order[b.healthClass] || byName(a.name, b.name);
  // The health list comes in class order already; any other order is a sort of the kept rows.
  return column === 'class' && direction === 1 ? kept : [...kept].sort((a, b) => direction * compare(a, b));
}

/** Each branch with its reasons, figures and override (the rule asked again), and its classes in the months before. */
function withDetails(
  tree: OrganisationTreeState,
  reports: MonthlyReports,
  unitId: string,
  month: string,
  today: string,
  rows: BranchClass[],
  historyMonths: number,
) {
  const settings = settingsFor(tree, reports, unitId);
  const ids = rows.map((row) => row.unitId);
  const window = reports.window(ids, monthsUpTo(month, settings.health.window)[0]!, month);
  const earlier = monthsUpTo(month, historyMonths + 1)
    .slice(0, -1)
    .map((m) => ({ month: m, classes: reports.classesOf(ids, m) }));
  return rows.map((row) => {
    const unit = tree.units.get(row.unitId)!;
    const health = healthOf(tree, reports, unit, month, settings, window);
    // Not yet open that month: no class then; open without a kept class: 未评定 until it could have reported, then 重建.
    const silent = (m: string): Standing => (notYetAssessed(unit, m, today, settings.dueDay) ? 'unassessed' : 'rebuild');
    const standing: Partial<BranchHealth> =
      row.healthClass === 'unassessed' && !health.override
        ? { healthClass: 'unassessed', computedClass: 'unassessed', reasons: [{ code: 'notYetDue', values: { due: firstDue(unit, settings.dueDay).due } }] }
        : {};
    return {
      ...health,
      ...standing,
      history: earlier.map(({ month: m, classes }) => ({
        month: m,
        healthClass: unit.openedOn <= monthEnd(m) ? (classes.get(row.unitId)?.healthClass ?? silent(m)) : null,
      })),
    };
  });
}

/**
 * Every branch of a unit's health list that passes the filter, in the order asked, each with its
 * reasons, figures and override (as a page gives them): for a download. Worked out 500 branches
 * at a time, so a province's list holds one chunk's reports at once.
 */
export function* allBranches(
  tree: OrganisationTreeState,
  reports: MonthlyReports,
  unitId: string,
  health: ReturnType<typeof healthOfUnit>,
  filter: BranchFilter,
): Generator<BranchHealth> {
  const rows = branchesInOrder(health, filter);
  for (let start = 0; start < rows.length; start += 500)
    yield* withDetails(tree, reports, unitId, health.month, health.today, rows.slice(start, start + 500), 0);
}

/** The same order as `a.localeCompare(b, 'zh-CN')`, without building a collator per comparison. */
const byName = new Intl.Collator('zh-CN').compare;
