/**
 * Youth needs (青年需求) of a unit: what the branches' surveys found, by category and month,
 * summed over the organisations expected that month (the current version of each report).
 */
import { reportKey, type MonthlyReportsState } from './monthlyReports.ts';
import type { OrganisationTreeState } from './organisationTree.ts';
import { organisationsUnder } from './organisationTreeQueries.ts';
import { monthEnd, settingsFor } from './reportingSettings.ts';

export interface NeedsOfMonth {
  month: string;
  respondents: number;
  reports: number;
  /** Count per category key, in the settings' order; unknown keys (from older settings) kept at the end. */
  categories: Array<{ key: string; zh: string; en: string; count: number }>;
  freeText: Array<{ unitId: string; name: string; text: string }>;
}

export function needsOfMonth(tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, month: string): NeedsOfMonth {
  const settings = settingsFor(tree, reports, unitId);
  const totals = new Map<string, number>(settings.needCategories.map((category) => [category.key, 0]));
  let respondents = 0;
  let received = 0;
  const freeText: NeedsOfMonth['freeText'] = [];
  for (const unit of organisationsUnder(tree, unitId, monthEnd(month))) {
    const record = reports.reports.get(reportKey(unit.id, month));
    if (!record) continue;
    received++;
    respondents += record.report.survey.respondents;
    for (const need of record.report.survey.needs) totals.set(need.category, (totals.get(need.category) ?? 0) + need.count);
    if (record.report.survey.freeText) freeText.push({ unitId: unit.id, name: unit.names[unit.names.length - 1]!.value, text: record.report.survey.freeText });
  }
  const labels = new Map(settings.needCategories.map((category) => [category.key, category]));
  return {
    month,
    respondents,
    reports: received,
    categories: [...totals].map(([key, value]) => ({ key, zh: labels.get(key)?.zh ?? key, en: labels.get(key)?.en ?? key, count: value })),
    freeText: freeText.slice(0, 50),
  };
}

/** The top needs over some months (as `needsOfMonth` gave them), largest first. */
export function topNeeds(months: NeedsOfMonth[], limit = 5) {
  const sum = new Map<string, { key: string; zh: string; en: string; count: number }>();
  for (const needs of months) {
    for (const category of needs.categories) {
      const entry = sum.get(category.key) ?? { ...category, count: 0 };
      entry.count += category.count;
      sum.set(category.key, entry);
    }
  }
  return [...sum.values()].filter((entry) => entry.count > 0).sort((a, b) => b.count - a.count).slice(0, limit);
}
