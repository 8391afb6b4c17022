/**
 * Youth needs (青年需求) of a unit: what the branches' surveys found, by category and month,
 * summed over the organisations expected that month (the current version of each report).
 */
import { reportKey, type MonthlyReportsState } from './monthlyReports.ts';
import type { OrganisationTreeState } from './organisationTree.ts';
import type { UnitRecord } from './organisationTree.ts';
import { organisationsUnder } from './organisationTreeQueries.ts';
import { eachTownshipUnder, noMemo, settingsFor, type Memo } from './reportingSettings.ts';
import { monthEnd } from './calendar.ts';

export interface NeedsOfMonth {
  month: string;
  respondents: number;
  reports: number;
  /** Count per category key, in the settings' order; unknown keys (from older settings) kept at the end. */
  categories: Array<{ key: string; zh: string; en: string; count: number }>;
  freeText: Array<{ unitId: string; name: string; text: string }>;
}

export function needsOfMonth(tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, month: string): NeedsOfMonth {
  return needsOfMonthOf(noMemo, tree, reports, unitId, month);
}

/** What some organisations' surveys add up to, categories in the order they were met. */
interface NeedsPart { respondents: number; received: number; counts: Map<string, number>; freeText: NeedsOfMonth['freeText'] }

function needsOf(reports: MonthlyReportsState, organisations: UnitRecord[], month: string): NeedsPart {
  const part: NeedsPart = { respondents: 0, received: 0, counts: new Map(), freeText: [] };
  for (const unit of organisations) {
    const record = reports.reports.get(reportKey(unit.id, month));
    if (!record) continue;
    part.received++;
    part.respondents += record.report.survey.respondents;
    for (const need of record.report.survey.needs) part.counts.set(need.category, (part.counts.get(need.category) ?? 0) + need.count);
    if (record.report.survey.freeText) part.freeText.push({ unitId: unit.id, name: unit.names[unit.names.length - 1]!.value, text: record.report.survey.freeText });
  }
  return part;
}

/** `needsOfMonth`, keeping each township's sums in `memo` while they stay right. */
export function needsOfMonthOf(memo: Memo, tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, month: string): NeedsOfMonth {
  const settings = settingsFor(tree, reports, unitId);
  const totals = new Map<string, number>(settings.needCategories.map((category) => [category.key, 0]));
  let respondents = 0;
  let received = 0;
  const freeText: NeedsOfMonth['freeText'] = [];
  const add = (part: NeedsPart) => {
    received += part.received;
    respondents += part.respondents;
    for (const [category, value] of part.counts) totals.set(category, (totals.get(category) ?? 0) + value);
    for (const text of part.freeText) if (freeText.length < 50) freeText.push(text);
  };
  const asOf = monthEnd(month);
  eachTownshipUnder(tree, unitId, asOf,
    (townshipId) => add(memo(`needs|${month}`, townshipId, () => needsOf(reports, organisationsUnder(tree, townshipId, asOf), month))),
    (unit) => add(needsOf(reports, [unit], month)));
  const labels = new Map(settings.needCategories.map((category) => [category.key, category]));
  return {
    month,
    respondents,
    reports: received,
    categories: [...totals].map(([key, value]) => ({ key, zh: labels.get(key)?.zh ?? key, en: labels.get(key)?.en ?? key, count: value })),
    freeText,
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
