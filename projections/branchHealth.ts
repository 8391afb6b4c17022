/**
 * Branch health (巩固 / 提高 / 整顿 / 重建), computed from recorded facts by one rule a manager
 * can read, with the reasons for each branch's class. Over the `window` months ending with the
 * month asked about:
 *   重建 rebuild     — no report at all in the window, or fewer league members than the minimum;
 *   整顿 rectify     — 五个一 done below `rectifyFiveOnes` on average, or more than one month
 *                     unreported, or no meeting (支委会 / 团员大会 / 团小组会) in the window;
 *   巩固 consolidate — 五个一 at or above `consolidateFiveOnes`, every month reported on time, a
 *                     meeting every month, a 团课 in the window, and the 四有 all met (if recorded);
 *   提高 improve     — every other branch.
 * A township's override (with its written reason) replaces the computed class for that month.
 */
import type { HealthClass, MonthlyReportContent, ReportingSettings } from '../events/catalog/report.ts';
import { reportKey, type MonthlyReportsState } from './monthlyReports.ts';
import { valueAsOf, type OrganisationTreeState, type UnitRecord } from './organisationTree.ts';
import { organisationsUnder } from './organisationTreeQueries.ts';
import { isOnTime } from './reportingRates.ts';
import { eachTownshipUnder, noMemo, settingsFor, type Memo } from './reportingSettings.ts';
import { dueDate, monthEnd, monthsUpTo } from './calendar.ts';
import { pageOf, sortOrder, type PageRequest } from './paging.ts';

/** A reason, as a code with its figures; the API words it in the caller's language. */
export interface HealthReason { code: string; values: Record<string, number | string> }

export interface BranchHealth {
  unitId: string;
  name: string;
  healthClass: HealthClass;
  computedClass: HealthClass;
  reasons: HealthReason[];
  override: { reason: string; actor: string; at: string } | null;
  figures: { fiveOnes: number; reported: number; onTime: number; meetingMonths: number; lectures: number; members: number | null };
}

/** How many of the 五个一 a month's report shows done (0–5). */
export function fiveOnesDone(report: MonthlyReportContent): number {
  return [report.activity.held, report.pairing.youthPaired >= 1, report.survey.respondents >= 1, report.service.done, report.talks.count >= 1].filter(Boolean).length;
}

/** The window's months and their due dates, worked out once per (month, window, due day): every branch asks. */
const windows = new Map<string, { months: string[]; dues: string[]; end: string }>();
function windowOf(month: string, size: number, dueDay: number) {
  const key = `${month}|${size}|${dueDay}`;
  let found = windows.get(key);
  if (!found) {
    const months = monthsUpTo(month, size);
    found = { months, dues: months.map((m) => dueDate(m, dueDay)), end: monthEnd(month) };
    if (windows.size > 10_000) windows.clear();
    windows.set(key, found);
  }
  return found;
}

/** What the rule reads of a branch's window of months, counted in one pass. */
interface WindowFacts { months: number; reported: number; fiveOnes: number; onTime: number; meetingMonths: number; lectures: number; members: number | null; fourHasMet: boolean }

function factsOf(reports: MonthlyReportsState, unit: UnitRecord, months: string[], dues: string[]): WindowFacts {
  let reported = 0, fiveOnes = 0, onTime = 0, meetingMonths = 0, lectures = 0;
  let members: number | null = null;
  for (let i = 0; i < months.length; i++) {
    const record = reports.reports.get(reportKey(unit.id, months[i]!));
    if (!record) continue;
    const { report } = record;
    reported++;
    fiveOnes += fiveOnesDone(report) / 5;
    if (isOnTime(record, dues[i]!)) onTime++;
    if (report.meetings.committee + report.meetings.assembly + report.meetings.group > 0) meetingMonths++;
    lectures += report.meetings.lecture;
    // The latest month reported gives the members.
    members = report.members.leagueMembers;
  }
  const fourHas = unit.standards?.fourHas;
  return { months: months.length, reported, fiveOnes: fiveOnes / months.length, onTime, meetingMonths, lectures, members, fourHasMet: !fourHas || Object.values(fourHas).every(Boolean) };
}

/**
 * The rule of the file's comment: a branch's class from its window's facts, and — when `reasons`
 * is given — why, pushed onto it. The one place the rule is written: the trend asks it without reasons.
 */
function judge(f: WindowFacts, rule: ReportingSettings['health'], reasons: HealthReason[] | null): HealthClass {
  const share = Math.round(f.fiveOnes * 100) / 100;
  if (f.reported === 0) {
    reasons?.push({ code: 'noReports', values: { window: f.months } });
    return 'rebuild';
  }
  if (f.members !== null && f.members < rule.minimumMembers) {
    reasons?.push({ code: 'tooFewMembers', values: { members: f.members, minimum: rule.minimumMembers } });
    return 'rebuild';
  }
  const rectify = f.fiveOnes < rule.rectifyFiveOnes || f.months - f.reported > 1 || f.meetingMonths === 0;
  if (rectify) {
    if (reasons) {
      if (f.fiveOnes < rule.rectifyFiveOnes) reasons.push({ code: 'fiveOnesLow', values: { share, threshold: rule.rectifyFiveOnes } });
      if (f.months - f.reported > 1) reasons.push({ code: 'monthsMissing', values: { missing: f.months - f.reported, window: f.months } });
      if (f.meetingMonths === 0) reasons.push({ code: 'noMeetings', values: { window: f.months } });
    }
    return 'rectify';
  }
  const consolidate = f.fiveOnes >= rule.consolidateFiveOnes && f.onTime >= f.months && f.meetingMonths >= f.months && f.lectures > 0 && f.fourHasMet;
  if (reasons) {
    if (consolidate) reasons.push({ code: 'allMet', values: { share, window: f.months } });
    if (f.fiveOnes < rule.consolidateFiveOnes) reasons.push({ code: 'fiveOnesBelowConsolidate', values: { share, threshold: rule.consolidateFiveOnes } });
    if (f.onTime < f.months) reasons.push({ code: 'notAllOnTime', values: { onTime: f.onTime, window: f.months } });
    if (f.meetingMonths < f.months) reasons.push({ code: 'meetingsNotMonthly', values: { meetingMonths: f.meetingMonths, window: f.months } });
    if (f.lectures === 0) reasons.push({ code: 'noLecture', values: { window: f.months } });
    if (!f.fourHasMet) reasons.push({ code: 'fourHasNotMet', values: {} });
  }
  return consolidate ? 'consolidate' : 'improve';
}

export function healthOf(tree: OrganisationTreeState, reports: MonthlyReportsState, unit: UnitRecord, month: string, settings = settingsFor(tree, reports, unit.id)): BranchHealth {
  const rule = settings.health;
  const { months, dues, end } = windowOf(month, rule.window, settings.dueDay);
  const facts = factsOf(reports, unit, months, dues);
  const reasons: HealthReason[] = [];
  const computed = judge(facts, rule, reasons);
  const override = reports.overrides.get(reportKey(unit.id, month));
  return {
    unitId: unit.id,
    name: valueAsOf(unit.names, end) ?? unit.names[0]!.value,
    healthClass: override?.healthClass ?? computed,
    computedClass: computed,
    reasons,
    override: override ? { reason: override.reason, actor: override.actor, at: override.at } : null,
    figures: { fiveOnes: Math.round(facts.fiveOnes * 100) / 100, reported: facts.reported, onTime: facts.onTime, meetingMonths: facts.meetingMonths, lectures: facts.lectures, members: facts.members },
  };
}

/** A branch's class for a month as `healthOf` gives it (the override, else the rule's), without the reasons. */
export function healthClassOf(reports: MonthlyReportsState, unit: UnitRecord, month: string, settings: ReportingSettings): HealthClass {
  const { months, dues } = windowOf(month, settings.health.window, settings.dueDay);
  return reports.overrides.get(reportKey(unit.id, month))?.healthClass ?? judge(factsOf(reports, unit, months, dues), settings.health, null);
}

/** The classes of every organisation of a unit for a month, their distribution, and the trend. */
export function healthOfUnit(tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, month: string, trendMonths = 6) {
  return healthOfUnitOf(noMemo, tree, reports, unitId, month, trendMonths);
}

type Distribution = Record<HealthClass, number>;
const distribution = (list: BranchHealth[]): Distribution => {
  const counts: Distribution = { consolidate: 0, improve: 0, rectify: 0, rebuild: 0 };
  for (const branch of list) counts[branch.healthClass]++;
  return counts;
};

/** An id per settings object, so a township's part is never reused under other settings. */
const settingsIds = new WeakMap<ReportingSettings, number>();
let settingsCount = 0;
const settingsId = (settings: ReportingSettings) => {
  let found = settingsIds.get(settings);
  if (found === undefined) settingsIds.set(settings, (found = ++settingsCount));
  return found;
};

/** `healthOfUnit`, keeping each township's branches (and their distribution) in `memo` while they stay right. */
export function healthOfUnitOf(memo: Memo, tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, month: string, trendMonths = 6) {
  // One province's settings hold for the whole subtree: looked up once, not per branch.
  const settings = settingsFor(tree, reports, unitId);
  const sid = settingsId(settings);
  const branchesOfTownship = (townshipId: string, m: string) =>
    memo(`health|${m}|${sid}`, townshipId, () => organisationsUnder(tree, townshipId, monthEnd(m)).map((unit) => healthOf(tree, reports, unit, m, settings)));
  const branches: BranchHealth[] = [];
  eachTownshipUnder(tree, unitId, monthEnd(month),
    (townshipId) => { for (const branch of branchesOfTownship(townshipId, month)) branches.push(branch); },
    (unit) => branches.push(healthOf(tree, reports, unit, month, settings)));
  const trend = monthsUpTo(month, trendMonths).map((m) => {
    const sum: Distribution = { consolidate: 0, improve: 0, rectify: 0, rebuild: 0 };
    const add = (part: Distribution) => { sum.consolidate += part.consolidate; sum.improve += part.improve; sum.rectify += part.rectify; sum.rebuild += part.rebuild; };
    // Only the classes are counted (no reasons, no names): the asked month's branches come from above.
    const classesOf = (units: UnitRecord[]) => {
      const counts: Distribution = { consolidate: 0, improve: 0, rectify: 0, rebuild: 0 };
      for (const unit of units) counts[healthClassOf(reports, unit, m, settings)]++;
      return counts;
    };
    eachTownshipUnder(tree, unitId, monthEnd(m),
      (townshipId) => add(memo(`healthDistribution|${m}|${sid}`, townshipId, () => (m === month ? distribution(branchesOfTownship(townshipId, m)) : classesOf(organisationsUnder(tree, townshipId, monthEnd(m)))))),
      (unit) => add(classesOf([unit])));
    return { month: m, ...sum };
  });
  return {
    month,
    rule: settings.health,
    distribution: distribution(branches),
    branches: branches.sort((a, b) => order[a.healthClass] - order[b.healthClass] || byName(a.name, b.name)),
    trend,
  };
}

const order: Record<HealthClass, number> = { rebuild: 0, rectify: 1, improve: 2, consolidate: 3 };

export interface BranchFilter {
  healthClass?: HealthClass;
  /** Part of the branch's name. */
  q?: string;
  /** `class` (most urgent first), `name` or `fiveOnes`; `-` before it reverses. */
  sort: string;
}

/**
 * The branches of a unit's health that pass the filter, in the order asked, paged; each branch
 * of the page with its classes in the months before (`history`, oldest first) for its trend.
 */
export function branchesPage(tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, health: ReturnType<typeof healthOfUnitOf>, filter: BranchFilter, page: PageRequest, historyMonths = 2) {
  const q = filter.q?.trim();
  const kept = health.branches.filter((branch) => (!filter.healthClass || branch.healthClass === filter.healthClass) && (!q || branch.name.includes(q)));
  const { column, direction } = sortOrder(filter.sort);
  const compare = column === 'name'
    ? (a: BranchHealth, b: BranchHealth) => byName(a.name, b.name)
    : column === 'fiveOnes'
      ? (a: BranchHealth, b: BranchHealth) => a.figures.fiveOnes - b.figures.fiveOnes || byName(a.name, b.name)
      : (a: BranchHealth, b: BranchHealth) => order[a.healthClass] - order[b.healthClass] || byName(a.name, b.name);
  // The health list comes in class order already; any other order is a sort of the kept rows.
  const sorted = column === 'class' && direction === 1 ? kept : [...kept].sort((a, b) => direction * compare(a, b));
  const { rows, total, nextCursor } = pageOf(sorted, page);
  const earlier = monthsUpTo(health.month, historyMonths + 1).slice(0, -1);
  const settings = settingsFor(tree, reports, unitId);
  return {
    total,
    nextCursor,
    branches: rows.map((branch) => ({
      ...branch,
      history: earlier.map((month) => {
        const unit = tree.units.get(branch.unitId)!;
        // Not yet open that month: no class then.
        return { month, healthClass: unit.openedOn <= monthEnd(month) ? healthOf(tree, reports, unit, month, settings).healthClass : null };
      }),
    })),
  };
}
/** The same order as `a.localeCompare(b, 'zh-CN')`, without building a collator per comparison. */
const byName = new Intl.Collator('zh-CN').compare;
