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
import { monthEnd } from './calendar.ts';
import { reportKey, reportKnownBy, type MonthlyReportsState } from './monthlyReports.ts';
import { valueAsOf, type OrganisationTreeState, type UnitRecord } from './organisationTree.ts';
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

/** An organisation's league members on `asOf`, and where the figure comes from. */
export function membersOf(reports: MonthlyReportsState, unit: UnitRecord, asOf: string): { count: number; source: 'report' | 'import' } | null {
  let reported: { count: number; on: string } | null = null;
  for (const month of reports.monthsOf.get(unit.id) ?? []) {
    const on = monthEnd(month);
    if (month > asOf.slice(0, 7) || (reported && on <= reported.on)) continue;
    const record = reports.reports.get(reportKey(unit.id, month));
    if (record && reportKnownBy(record, asOf)) reported = { count: record.report.members.leagueMembers, on };
  }
  const recorded = [...unit.members].reverse().find((entry) => entry.on <= asOf);
  if (recorded && (!reported || recorded.on > reported.on)) return { count: recorded.value, source: 'import' };
  return reported ? { count: reported.count, source: 'report' } : null;
}

export function compositionOf(tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, asOf: string): Composition {
  const counts = new Map<BranchField, number>(branchFields.map((field) => [field, 0]));
  const members = { total: 0, fromReports: 0, fromImport: 0, unknown: 0 };
  const organisations = organisationsUnder(tree, unitId, asOf);
  for (const unit of organisations) {
    const field = valueAsOf(unit.classes, asOf)?.field;
    if (field) counts.set(field, counts.get(field)! + 1);
    const found = membersOf(reports, unit, asOf);
    if (!found) { members.unknown++; continue; }
    members.total += found.count;
    if (found.source === 'report') members.fromReports++; else members.fromImport++;
  }
  return { asOf, total: organisations.length, byField: branchFields.map((field) => ({ field, count: counts.get(field)! })), members };
}
