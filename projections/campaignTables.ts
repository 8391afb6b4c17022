/**
 * The drive's statistical tables, one row per township of an area, built from the projections
 * (nothing is typed in again). Layout, column by column, is documented in the README.
 *   附件1 乡镇团委建设情况统计表 — the township committee, its organisations and the targets;
 *   附件2 基层团组织整顿情况统计表 — branch health at the baseline and now, rectification, the
 *         work manual and the month's reporting.
 * Rows are produced one township at a time (a generator), so a province's table streams.
 */
import type { HealthClass } from '../events/catalog/report.ts';
import { deliverableKey, type CampaignRecord, type CampaignsState } from './campaigns.ts';
import { unassessedByTownship } from './branchHealth.ts';
import { townshipsUnder, townshipTargets } from './campaignTargets.ts';
import type { MonthlyReports } from './monthlyReportsRead.ts';
import type { OrganisationTreeState, UnitRecord } from './organisationTree.ts';
import { pathTo, view } from './organisationTreeQueries.ts';
import { monthBefore, monthEnd } from './calendar.ts';

export type Cell = string | number | null;
type Bilingual = { zh: string; en: string };
/**
 * A column of a table. `total`: the totals line (合计) sums it. `share`: a percentage, whose total
 * is the ratio of the totals (count ÷ (of × per)), never an average of the rows' percentages;
 * `count` may name a figure the rows carry without showing it.
 */
export interface Column extends Bilingual {
  key: string;
  total?: boolean;
  share?: { count: string; of: string; per?: number };
}

export const table1Columns: Column[] = [
  { key: 'city', zh: '市(州)', en: 'City' },
  { key: 'county', zh: '县(区)', en: 'County' },
  { key: 'township', zh: '乡镇(街道)', en: 'Township' },
  { key: 'population', zh: '人口', en: 'Population', total: true },
  { key: 'committeeMembers', zh: '团委委员数', en: 'Committee members', total: true },
  { key: 'funding', zh: '年度工作经费(元)', en: 'Annual funding (yuan)', total: true },
  { key: 'organisations', zh: '团组织数', en: 'Organisations', total: true },
  { key: 'village', zh: '村团支部', en: 'Village branches', total: true },
  { key: 'directRecorded', zh: '直属团组织(登记)', en: 'Directly affiliated (recorded)', total: true },
  { key: 'directCounted', zh: '直属团组织(达标)', en: 'Directly affiliated (meeting the standard)', total: true },
  { key: 'newCounted', zh: '其中新建(达标)', en: 'of which new', total: true },
  { key: 'directMet', zh: '直属≥20', en: 'Direct ≥ 20 met', total: true },
  { key: 'newTarget', zh: '新建目标', en: 'New target', total: true },
  { key: 'newMet', zh: '新建达标', en: 'New target met', total: true },
  { key: 'totalTarget', zh: '总数目标(按人口)', en: 'Total target (by population)', total: true },
  { key: 'totalMet', zh: '总数达标', en: 'Total target met', total: true },
  { key: 'sixHas', zh: '六有团组织', en: '六有 organisations', total: true },
  { key: 'sixHasShare', zh: '六有占比(%)', en: '六有 share (%)', share: { count: 'sixHas', of: 'organisations' } },
];

export const table2Columns: Column[] = [
  { key: 'city', zh: '市(州)', en: 'City' },
  { key: 'county', zh: '县(区)', en: 'County' },
  { key: 'township', zh: '乡镇(街道)', en: 'Township' },
  { key: 'organisations', zh: '团组织数', en: 'Organisations', total: true },
  { key: 'baselineConsolidate', zh: '摸底:巩固', en: 'Baseline: consolidate', total: true },
  { key: 'baselineImprove', zh: '摸底:提高', en: 'Baseline: improve', total: true },
  { key: 'baselineRectify', zh: '摸底:整顿', en: 'Baseline: rectify', total: true },
  { key: 'baselineRebuild', zh: '摸底:重建', en: 'Baseline: rebuild', total: true },
  { key: 'listed', zh: '列入整顿名单', en: 'Listed for rectification', total: true },
  { key: 'consolidate', zh: '现:巩固', en: 'Now: consolidate', total: true },
  { key: 'improve', zh: '现:提高', en: 'Now: improve', total: true },
  { key: 'rectify', zh: '现:整顿', en: 'Now: rectify', total: true },
  { key: 'rebuild', zh: '现:重建', en: 'Now: rebuild', total: true },
  { key: 'unassessed', zh: '现:未评定', en: 'Now: not yet assessed', total: true },
  { key: 'rectified', zh: '整顿转化', en: 'Listed, now consolidate or improve', total: true },
  { key: 'workManual', zh: '使用工作手册', en: 'Using the work manual', total: true },
  { key: 'workManualShare', zh: '工作手册使用率(%)', en: 'Work manual share (%)', share: { count: 'workManual', of: 'organisations' } },
  { key: 'fiveOnes', zh: '五个一完成率(%)', en: '五个一 done (%)', share: { count: 'fiveOnesDone', of: 'organisations', per: 5 } },
  { key: 'reportedOnTime', zh: '月报按时上报', en: 'Reports on time', total: true },
  { key: 'reportingRate', zh: '月报按时率(%)', en: 'On-time rate (%)', share: { count: 'reportedOnTime', of: 'organisations' } },
];

const percent = (count: number, of: number) => (of ? Math.round((count / of) * 1000) / 10 : null);

/**
 * The place a committee serves, from its name: 城关镇团委 → 城关镇, 城关街道团工委 → 城关街道. The
 * 乡镇(街道) column names the township, not its committee; a name without such an ending is kept.
 */
export function placeOf(committeeName: string): string {
  const place = committeeName.replace(/(团工委|团委|团总支|团支部)$/, '');
  return place === '' ? committeeName : place;
}

function place(tree: OrganisationTreeState, township: UnitRecord): { city: string; county: string; township: string } {
  const path = pathTo(tree, township.id);
  const named = (kind: string) => path.find((unit) => unit.kind === kind)?.name ?? '';
  return { city: named('city'), county: named('county'), township: placeOf(named('township')) };
}

export function* table1Rows(
  tree: OrganisationTreeState,
  reports: MonthlyReports,
  campaign: CampaignRecord,
  unitId: string,
  asOf: string,
): Generator<Record<string, Cell>> {
  for (const township of townshipsUnder(tree, unitId, asOf)) {
    const t = townshipTargets(tree, reports, campaign, township, asOf);
    yield {
      ...place(tree, township),
      population: t.population,
      committeeMembers: t.committeeMembers,
      funding: view(township, asOf).township?.annualFunding ?? null,
      organisations: t.organisations,
      village: t.village,
      directRecorded: t.direct.recorded,
      directCounted: t.direct.counted,
      newCounted: t.direct.newCounted,
      directMet: t.met.direct ? 1 : 0,
      newTarget: t.targets.new,
      newMet: t.met.new ? 1 : 0,
      totalTarget: t.targets.total,
      totalMet: t.met.total === null ? null : t.met.total ? 1 : 0,
      sixHas: t.sixHas.count,
      sixHasShare: percent(t.sixHas.count, t.sixHas.of),
    };
  }
}

/** The month the "now" columns of 附件2 describe: the last full month on or before `asOf`. */
export function table2Month(asOf: string): string {
  return asOf === monthEnd(asOf.slice(0, 7)) ? asOf.slice(0, 7) : monthBefore(asOf);
}

export function* table2Rows(
  tree: OrganisationTreeState,
  reports: MonthlyReports,
  state: CampaignsState,
  campaign: CampaignRecord,
  unitId: string,
  asOf: string,
): Generator<Record<string, Cell>> {
  const month = table2Month(asOf);
  const unassessedIn = unassessedByTownship(tree, reports, unitId, month, asOf);
  for (const township of townshipsUnder(tree, unitId, asOf)) {
    // The township's counts for the month as kept (monthlyReports: its branches open at the month's end, classes by the rule or an override).
    const counts = reports.counts(township.id, month);
    const now = reports.healthCounts(township.id, month);
    const baseline = state.deliverables.get(deliverableKey(campaign.id, 'baseline', township.id));
    const rectification = state.deliverables.get(deliverableKey(campaign.id, 'rectification', township.id));
    const baselineClasses = baseline?.content.kind === 'baseline' ? baseline.content.classes : null;
    const listed = new Set(rectification?.content.kind === 'rectification' ? rectification.content.branches : []);
    const listedNow = reports.classesOf([...listed], month);
    const organisations = counts.expected;
    // 重建: expected with no kept class (nothing reported in the window), less those new enough to be 未评定.
    const unassessed = unassessedIn(township.id);
    const countNow = (healthClass: HealthClass) =>
      healthClass === 'rebuild' ? Math.max(0, organisations - now.consolidate - now.improve - now.rectify - unassessed) : now[healthClass];
    const countBaseline = (healthClass: HealthClass) => (baselineClasses ? baselineClasses.filter((c) => c.healthClass === healthClass).length : null);
    const rectified = [...listed].filter((id) => listedNow.get(id)?.healthClass === 'consolidate' || listedNow.get(id)?.healthClass === 'improve').length;
    yield {
      ...place(tree, township),
      organisations,
      baselineConsolidate: countBaseline('consolidate'),
      baselineImprove: countBaseline('improve'),
      baselineRectify: countBaseline('rectify'),
      baselineRebuild: countBaseline('rebuild'),
      listed: rectification ? listed.size : null,
      consolidate: countNow('consolidate'),
      improve: countNow('improve'),
      rectify: countNow('rectify'),
      rebuild: countNow('rebuild'),
      unassessed,
      rectified: rectification ? rectified : null,
      workManual: counts.workManual,
      workManualShare: percent(counts.workManual, organisations),
      fiveOnes: percent(counts.fiveOnes, organisations * 5),
      fiveOnesDone: counts.fiveOnes,
      reportedOnTime: counts.onTime,
      reportingRate: percent(counts.onTime, organisations),
    };
  }
}

/**
 * A table's rows as cells in column order, then its totals line (合计): the columns that add up
 * summed, and each percentage the ratio of the totals.
 */
export function* withTotals(columns: Column[], rows: Iterable<Record<string, Cell>>, totalLabel: string): Generator<Cell[]> {
  const sums = new Totals(columns);
  for (const row of rows) {
    sums.add(row);
    yield columns.map((column) => row[column.key] ?? null);
  }
  yield sums.line(totalLabel);
}

/** Sums of the columns that add up, for the totals line and the tables deliverable. */
export function totalsOf(columns: Column[], rows: Iterable<Record<string, Cell>>): Record<string, number> {
  const sums = new Totals(columns);
  for (const row of rows) sums.add(row);
  return sums.sums();
}

class Totals {
  private readonly summed: Map<string, number>;
  private townships = 0;
  private readonly columns: Column[];
  constructor(columns: Column[]) {
    this.columns = columns;
    // What adds up: the totalled columns, and what each percentage is a ratio of.
    const keys = columns.flatMap((column) => [...(column.total ? [column.key] : []), ...(column.share ? [column.share.count, column.share.of] : [])]);
    this.summed = new Map(keys.map((key) => [key, 0]));
  }
  add(row: Record<string, Cell>): void {
    this.townships++;
    for (const key of this.summed.keys()) {
      const value = row[key];
      if (typeof value === 'number') this.summed.set(key, this.summed.get(key)! + value);
    }
  }
  sums(): Record<string, number> {
    const totals: Record<string, number> = { townships: this.townships };
    for (const column of this.columns) if (column.total) totals[column.key] = this.summed.get(column.key)!;
    return totals;
  }
  line(label: string): Cell[] {
    return this.columns.map((column, i) => {
      if (i === 0) return `${label} (${this.townships})`;
      if (column.total) return this.summed.get(column.key)!;
      if (column.share) return percent(this.summed.get(column.share.count)!, this.summed.get(column.share.of)! * (column.share.per ?? 1));
      return null;
    });
  }
}
