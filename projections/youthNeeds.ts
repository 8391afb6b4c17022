/**
 * Youth needs (青年需求) of a unit: what the branches' surveys found, by category and month,
 * summed over the organisations expected that month (the current version of each report).
 */
import type { MonthlyReports } from './monthlyReportsRead.ts';
import type { OrganisationTreeState } from './organisationTree.ts';
import { isOpen, organisationsUnder, view } from './organisationTreeQueries.ts';
import { eachTownshipUnder, settingsFor } from './reportingSettings.ts';
import { monthEnd } from './calendar.ts';

export interface NeedsOfMonth {
  month: string;
  respondents: number;
  reports: number;
  /** Count per category key, in the settings' order; unknown keys (from older settings) kept at the end. */
  categories: Array<{ key: string; zh: string; en: string; count: number }>;
  freeText: Array<{ unitId: string; name: string; text: string }>;
}

/** At most this many free-text answers are shown, the first met in the tree's order. */
const FREE_TEXTS = 50;

/** Needs of a unit for a month, from its sums kept as reports arrive (an organisation: its own report). */
export function needsOfMonth(tree: OrganisationTreeState, reports: MonthlyReports, unitId: string, month: string): NeedsOfMonth {
  const settings = settingsFor(tree, reports, unitId);
  const totals = new Map<string, number>(settings.needCategories.map((category) => [category.key, 0]));
  const asOf = monthEnd(month);
  const townships: string[] = [];
  const organisations: string[] = [];
  eachTownshipUnder(
    tree,
    unitId,
    asOf,
    (townshipId) => townships.push(townshipId),
    (unit) => organisations.push(unit.id),
  );
  let respondents = 0;
  let received = 0;
  const unit = tree.nodes.get(unitId);
  if (unit && unit.kind !== 'organisation' && isOpen(unit, asOf)) {
    // What the units open under it hold, kept at every level (rollUp.ts).
    const part = reports.needs(unitId, month);
    respondents += part.respondents;
    for (const [category, value] of part.counts) totals.set(category, (totals.get(category) ?? 0) + value);
    received += reports.counts(unitId, month).received;
  }
  for (const id of unit?.kind === 'organisation' ? organisations : []) {
    const survey = reports.survey(id, month);
    if (!survey) continue;
    received++;
    respondents += survey.respondents;
    for (const need of survey.needs) totals.set(need.category, (totals.get(need.category) ?? 0) + need.count);
  }
  // Free text from the first townships in order, until enough is found.
  const freeText: NeedsOfMonth['freeText'] = [];
  const addTexts = (ids: string[]) => {
    for (const { unitId: id, text } of reports.freeTexts(ids, month, FREE_TEXTS - freeText.length))
      freeText.push({ unitId: id, name: view(tree.units.get(id)!).name, text });
  };
  if (organisations.length > 0) addTexts(organisations);
  for (const townshipId of townships) {
    if (freeText.length >= FREE_TEXTS) break;
    addTexts(organisationsUnder(tree, townshipId, asOf).map((unit) => unit.id));
  }
  const labels = new Map(settings.needCategories.map((category) => [category.key, category]));
  return {
    month,
    respondents,
    reports: received,
    categories: [...totals].map(([key, value]) => ({ key, zh: labels.get(key)?.zh ?? key, en: labels.get(key)?.en ?? key, count: value })),
    freeText,
  };
}

export interface OrganisationNeeds {
  unitId: string;
  name: string;
  respondents: number;
  /** Count per category key. */
  counts: Map<string, number>;
  freeText: string;
}

/**
 * Each organisation's survey for a month, under a unit as it stood at the month's end: those that
 * reported, township by township in the tree's order and by name within one, read a township at
 * a time (a province's download holds one township's rows at once).
 */
export function* needsByOrganisation(tree: OrganisationTreeState, reports: MonthlyReports, unitId: string, month: string): Generator<OrganisationNeeds> {
  const asOf = monthEnd(month);
  const townships: string[] = [];
  const direct: string[] = [];
  eachTownshipUnder(
    tree,
    unitId,
    asOf,
    (townshipId) => townships.push(townshipId),
    (unit) => direct.push(unit.id),
  );
  const batches = function* () {
    if (direct.length > 0) yield direct;
    for (const townshipId of townships) yield organisationsUnder(tree, townshipId, asOf).map((unit) => unit.id);
  };
  for (const ids of batches()) {
    const surveys = reports.surveysOf(ids, month);
    const named = ids
      .filter((id) => surveys.has(id))
      .map((id) => ({ id, name: view(tree.units.get(id)!, asOf).name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    for (const { id, name } of named) {
      const survey = surveys.get(id)!;
      const counts = new Map<string, number>();
      for (const need of survey.needs) counts.set(need.category, (counts.get(need.category) ?? 0) + need.count);
      yield { unitId: id, name, respondents: survey.respondents, counts, freeText: survey.freeText };
    }
  }
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
  return [...sum.values()]
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, limit);
}
