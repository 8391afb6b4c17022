/** The settings in force for a unit: its province's, or the defaults below. */
import type { ReportingSettings } from '../events/catalog/report.ts';
import type { MonthlyReportsState } from './monthlyReports.ts';
import { valueAsOf, type OrganisationTreeState, type UnitRecord } from './organisationTree.ts';
import { isOpen, pathTo } from './organisationTreeQueries.ts';

/** Needs the sources name (就业创业, 技能培训, 权益维护, 文体, 留守儿童, 政策咨询 …); provinces may change the list. */
export const DEFAULT_SETTINGS: ReportingSettings = {
  needCategories: [
    { key: 'jobs', zh: '就业创业', en: 'Jobs and entrepreneurship' },
    { key: 'skills', zh: '技能培训', en: 'Skills training' },
    { key: 'rights', zh: '权益维护', en: 'Rights protection' },
    { key: 'cultureSports', zh: '文体活动', en: 'Culture and sports' },
    { key: 'leftBehindChildren', zh: '留守儿童关爱', en: 'Care for left-behind children' },
    { key: 'policy', zh: '政策咨询', en: 'Policy advice' },
    { key: 'mentalHealth', zh: '心理健康', en: 'Mental health' },
    { key: 'friendship', zh: '婚恋交友', en: 'Friendship and marriage' },
  ],
  dueDay: 5,
  health: { window: 3, consolidateFiveOnes: 0.8, rectifyFiveOnes: 0.4, minimumMembers: 3 },
};

export function settingsFor(tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string): ReportingSettings {
  const province = pathTo(tree, unitId)[0];
  return (province && reports.settings.get(province.id)) ?? DEFAULT_SETTINGS;
}

/** The date (yyyy-mm-dd) by which the report for `month` is due: `dueDay` of the next month. */
export function dueDate(month: string, dueDay: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return `${next}-${String(dueDay).padStart(2, '0')}`;
}

/** The last day (yyyy-mm-dd) of a month: the tree is read as of that day. */
export function monthEnd(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(year, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The month before a month (yyyy-mm; a day's yyyy-mm-dd is taken as its month). */
export function monthBefore(monthOrDay: string): string {
  const [year, m] = monthOrDay.slice(0, 7).split('-').map(Number) as [number, number];
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/** The `count` months ending with `month`, oldest first. */
export function monthsUpTo(month: string, count: number): string[] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, m - 1 - (count - 1 - i), 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

const chinaCalendar = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/** A date in China (the users' time zone), as yyyy-mm-dd. China keeps UTC+8 all year, so no formatter is needed. */
export function chinaDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? chinaCalendar.format(new Date(iso)) : new Date(time + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Keeps a township's part of a dashboard (`key` says which part) while its inputs stay as they
 * were; `noMemo` computes every time. See `memoFor` in reportingVersions.ts.
 */
export type Memo = <T>(key: string, townshipId: string, compute: () => T) => T;
export const noMemo: Memo = (_key, _townshipId, compute) => compute();

/**
 * Walks the subtree of a unit as it stood on `asOf` exactly as `organisationsUnder` does (open
 * units only, each child under the parent it had that day, in the same order), handing over each
 * open township whole and any organisation met outside a township: the organisations of the
 * townships, in order, are `organisationsUnder(tree, unitId, asOf)`.
 */
export function eachTownshipUnder(tree: OrganisationTreeState, unitId: string, asOf: string, onTownship: (townshipId: string) => void, onOrganisation: (unit: UnitRecord) => void): void {
  const visit = (id: string) => {
    const unit = tree.units.get(id);
    if (!unit || !isOpen(unit, asOf)) return;
    if (unit.kind === 'organisation') { onOrganisation(unit); return; }
    if (unit.kind === 'township') { onTownship(id); return; }
    for (const child of tree.children.get(id) ?? []) {
      if (valueAsOf(tree.units.get(child)!.parents, asOf) === id) visit(child);
    }
  };
  visit(unitId);
}
