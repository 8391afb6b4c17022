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
const windows = new Map<string, { months: string[]; dues: string[] }>();
function windowOf(month: string, size: number, dueDay: number) {
  const key = `${month}|${size}|${dueDay}`;
  let found = windows.get(key);
  if (!found) {
    const months = monthsUpTo(month, size);
    found = { months, dues: months.map((m) => dueDate(m, dueDay)) };
    if (windows.size > 10_000) windows.clear();
    windows.set(key, found);
  }
  return found;
}

export function healthOf(tree: OrganisationTreeState, reports: MonthlyReportsState, unit: UnitRecord, month: string, settings = settingsFor(tree, reports, unit.id)): BranchHealth {
  const rule = settings.health;
  const { months, dues } = windowOf(month, rule.window, settings.dueDay);
  const records = months.map((m) => reports.reports.get(reportKey(unit.id, m)));
  const present = records.filter((record) => record !== undefined);
  const fiveOnes = records.reduce((sum, record) => sum + (record ? fiveOnesDone(record.report) / 5 : 0), 0) / months.length;
  const onTime = records.filter((record, i) => record && isOnTime(record, dues[i]!)).length;
  const meetingMonths = present.filter((record) => record.report.meetings.committee + record.report.meetings.assembly + record.report.meetings.group > 0).length;
  const lectures = present.reduce((sum, record) => sum + record.report.meetings.lecture, 0);
  const members = present.length ? present[present.length - 1]!.report.members.leagueMembers : null;
  const fourHas = unit.standards?.fourHas;
  const fourHasMet = !fourHas || Object.values(fourHas).every(Boolean);
  const figures = { fiveOnes: Math.round(fiveOnes * 100) / 100, reported: present.length, onTime, meetingMonths, lectures, members };

  const reasons: HealthReason[] = [];
  let computed: HealthClass;
  if (present.length === 0) {
    computed = 'rebuild';
    reasons.push({ code: 'noReports', values: { window: months.length } });
  } else if (members !== null && members < rule.minimumMembers) {
    computed = 'rebuild';
    reasons.push({ code: 'tooFewMembers', values: { members, minimum: rule.minimumMembers } });
  } else {
    const rectify: HealthReason[] = [];
    if (fiveOnes < rule.rectifyFiveOnes) rectify.push({ code: 'fiveOnesLow', values: { share: figures.fiveOnes, threshold: rule.rectifyFiveOnes } });
    if (months.length - present.length > 1) rectify.push({ code: 'monthsMissing', values: { missing: months.length - present.length, window: months.length } });
    if (meetingMonths === 0) rectify.push({ code: 'noMeetings', values: { window: months.length } });
    if (rectify.length > 0) {
      computed = 'rectify';
      reasons.push(...rectify);
    } else {
      const short: HealthReason[] = [];
      if (fiveOnes < rule.consolidateFiveOnes) short.push({ code: 'fiveOnesBelowConsolidate', values: { share: figures.fiveOnes, threshold: rule.consolidateFiveOnes } });
      if (onTime < months.length) short.push({ code: 'notAllOnTime', values: { onTime, window: months.length } });
      if (meetingMonths < months.length) short.push({ code: 'meetingsNotMonthly', values: { meetingMonths, window: months.length } });
      if (lectures === 0) short.push({ code: 'noLecture', values: { window: months.length } });
      if (!fourHasMet) short.push({ code: 'fourHasNotMet', values: {} });
      computed = short.length === 0 ? 'consolidate' : 'improve';
      reasons.push(...(short.length === 0 ? [{ code: 'allMet', values: { share: figures.fiveOnes, window: months.length } }] : short));
    }
  }
  const override = reports.overrides.get(reportKey(unit.id, month));
  return {
    unitId: unit.id,
    name: valueAsOf(unit.names, monthEnd(month)) ?? unit.names[0]!.value,
    healthClass: override?.healthClass ?? computed,
    computedClass: computed,
    reasons,
    override: override ? { reason: override.reason, actor: override.actor, at: override.at } : null,
    figures,
  };
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
    eachTownshipUnder(tree, unitId, monthEnd(m),
      (townshipId) => add(memo(`healthDistribution|${m}|${sid}`, townshipId, () => distribution(branchesOfTownship(townshipId, m)))),
      (unit) => add(distribution([healthOf(tree, reports, unit, m, settings)])));
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
