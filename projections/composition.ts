/**
 * What a unit is made of on a day: its organisations by field (村团支部, 机关, 事业单位, 企业 …) with
 * the total, and its league members (团员). A township report counts these [001]: "25
 * organisations (14 village, 7 enterprise, 2 public institution, 1 government organ, 1
 * college-graduate village official) and 267 members".
 *
 * An organisation's members are those of its latest monthly report received by that day, or
 * the count recorded for it (from an import) when that is more recent; an organisation with
 * neither is counted as unknown, not as zero.
 */
import { branchFields, type BranchField } from '../events/catalog/branch.ts';
import { endOfChinaDay, monthEnd } from './calendar.ts';
import type { MonthlyReports } from './monthlyReportsRead.ts';
import { valueAsOf, type OrganisationTreeState, type UnitNode } from './organisationTree.ts';
import { organisationsUnder } from './organisationTreeQueries.ts';

export interface Composition {
  asOf: string;
  /** Open organisations on `asOf`. */
  total: number;
  /** Every field of the catalog, in its order, with how many organisations work in it. */
  byField: Array<{ field: BranchField; count: number }>;
  members: {
    total: number;
    /** Organisations whose count comes from a monthly report, from an import, or from neither. */
    fromReports: number;
    fromImport: number;
    unknown: number;
  };
}

/**
 * The organisations' league members on `asOf`, and where each figure comes from: the latest
 * report whose first version had reached the server by the end of that day, or the count
 * recorded from an import when that is more recent.
 */
export function membersOf(reports: MonthlyReports, units: UnitNode[], asOf: string): Map<string, { count: number; source: 'report' | 'import' } | null> {
  const reported = reports.latestMembers(
    units.map((unit) => unit.id),
    asOf.slice(0, 7),
    endOfChinaDay(asOf),
  );
  const found = new Map<string, { count: number; source: 'report' | 'import' } | null>();
  for (const unit of units) {
    const report = reported.get(unit.id);
    let recorded: { on: string; value: number } | undefined;
    for (let i = unit.members.length - 1; i >= 0 && !recorded; i--) if (unit.members[i]!.on <= asOf) recorded = unit.members[i];
    const reportedOn = report ? monthEnd(report.month) : null;
    found.set(
      unit.id,
      recorded && (!reportedOn || recorded.on > reportedOn)
        ? { count: recorded.value, source: 'import' }
        : report
          ? { count: report.members, source: 'report' }
          : null,
    );
  }
  return found;
}

export function compositionOf(tree: OrganisationTreeState, reports: MonthlyReports, unitId: string, asOf: string): Composition {
  const counts = new Map<BranchField, number>(branchFields.map((field) => [field, 0]));
  const members = { total: 0, fromReports: 0, fromImport: 0, unknown: 0 };
  const organisations = organisationsUnder(tree, unitId, asOf);
  for (const unit of organisations) {
    const field = valueAsOf(unit.classes, asOf)?.field;
    if (field) counts.set(field, counts.get(field)! + 1);
  }
  for (const found of membersOf(reports, organisations, asOf).values()) {
    if (!found) {
      members.unknown++;
      continue;
    }
    members.total += found.count;
    if (found.source === 'report') members.fromReports++;
    else members.fromImport++;
  }
  return { asOf, total: organisations.length, byField: branchFields.map((field) => ({ field, count: counts.get(field)! })), members };
}
