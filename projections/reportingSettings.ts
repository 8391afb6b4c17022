/** The settings in force for a unit: its province's, or the defaults below. */
import type { ReportingSettings } from '../events/catalog/report.ts';
import type { MonthlyReports } from './monthlyReportsRead.ts';
import { valueAsOf, type OrganisationTreeState, type UnitNode } from './organisationTree.ts';
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

export function settingsFor(tree: OrganisationTreeState, reports: Pick<MonthlyReports, 'settings'>, unitId: string): ReportingSettings {
  const province = pathTo(tree, unitId)[0];
  return (province && reports.settings(province.id)) ?? DEFAULT_SETTINGS;
}

/**
 * Walks the subtree of a unit as it stood on `asOf` exactly as `organisationsUnder` does (open
 * units only, each child under the parent it had that day, in the same order), handing over each
 * open township whole and any organisation met outside a township: the organisations of the
 * townships, in order, are `organisationsUnder(tree, unitId, asOf)`.
 */
export function eachTownshipUnder(
  tree: OrganisationTreeState,
  unitId: string,
  asOf: string,
  onTownship: (townshipId: string) => void,
  onOrganisation: (unit: UnitNode) => void,
): void {
  const visit = (id: string) => {
    const unit = tree.nodes.get(id);
    if (!unit || !isOpen(unit, asOf)) return;
    if (unit.kind === 'organisation') {
      onOrganisation(unit);
      return;
    }
    if (unit.kind === 'township') {
      onTownship(id);
      return;
    }
    for (const child of tree.children.get(id) ?? []) {
      if (valueAsOf(tree.nodes.get(child)!.parents, asOf) === id) visit(child);
    }
  };
  visit(unitId);
}
