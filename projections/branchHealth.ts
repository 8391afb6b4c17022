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
import type { HealthClass, MonthlyReportContent } from '../events/catalog/report.ts';
import { reportKey, type MonthlyReportsState } from './monthlyReports.ts';
import { valueAsOf, type OrganisationTreeState, type UnitRecord } from './organisationTree.ts';
import { organisationsUnder } from './organisationTreeQueries.ts';
import { isOnTime } from './reportingRates.ts';
import { dueDate, monthEnd, monthsUpTo, settingsFor } from './reportingSettings.ts';

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

export function healthOf(tree: OrganisationTreeState, reports: MonthlyReportsState, unit: UnitRecord, month: string, settings = settingsFor(tree, reports, unit.id)): BranchHealth {
  const rule = settings.health;
  const months = monthsUpTo(month, rule.window);
  const records = months.map((m) => reports.reports.get(reportKey(unit.id, m)));
  const present = records.filter((record) => record !== undefined);
  const fiveOnes = records.reduce((sum, record) => sum + (record ? fiveOnesDone(record.report) / 5 : 0), 0) / months.length;
  const onTime = records.filter((record, i) => record && isOnTime(record, dueDate(months[i]!, settings.dueDay))).length;
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
  // One province's settings hold for the whole subtree: looked up once, not per branch.
  const settings = settingsFor(tree, reports, unitId);
  const branches = organisationsUnder(tree, unitId, monthEnd(month)).map((unit) => healthOf(tree, reports, unit, month, settings));
  const distribution = (list: BranchHealth[]) => ({
    consolidate: list.filter((b) => b.healthClass === 'consolidate').length,
    improve: list.filter((b) => b.healthClass === 'improve').length,
    rectify: list.filter((b) => b.healthClass === 'rectify').length,
    rebuild: list.filter((b) => b.healthClass === 'rebuild').length,
  });
  const trend = monthsUpTo(month, trendMonths).map((m) => ({
    month: m,
    ...distribution(organisationsUnder(tree, unitId, monthEnd(m)).map((unit) => healthOf(tree, reports, unit, m, settings))),
  }));
  return {
    month,
    rule: settings.health,
    distribution: distribution(branches),
    branches: branches.sort((a, b) => order(a.healthClass) - order(b.healthClass) || a.name.localeCompare(b.name, 'zh-CN')),
    trend,
  };
}

const order = (healthClass: HealthClass) => ['rebuild', 'rectify', 'improve', 'consolidate'].indexOf(healthClass);
