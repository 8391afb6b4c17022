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
import { reportKey, reportKnownBy, type MonthlyReportsState, type ReportRecord } from './monthlyReports.ts';
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

/**
 * An organisation's league members on `asOf`, and where the figure comes from. `known` says
 * whether a report had reached the server by the end of that day (`reportKnownBy`); a whole
 * subtree passes one that has the day's end worked out once.
 */
export function membersOf(reports: MonthlyReportsState, unit: UnitRecord, asOf: string, known: (record: ReportRecord) => boolean = (record) => reportKnownBy(record, asOf)): { count: number; source: 'report' | 'import' } | null {
  let reported: { count: number; month: string } | null = null;
  const months = reports.monthsOf.get(unit.id) ?? [];
  const asOfMonth = asOf.slice(0, 7);
  // Latest first (months mostly arrive in order): the first known report is usually the one.
  for (let i = months.length - 1; i >= 0; i--) {
    const month = months[i]!;
    if (month > asOfMonth || (reported && month <= reported.month)) continue;
    const record = reports.reports.get(reportKey(unit.id, month));
    if (record && known(record)) reported = { count: record.report.members.leagueMembers, month };
  }
  let recorded: { on: string; value: number } | undefined;
  for (let i = unit.members.length - 1; i >= 0 && !recorded; i--) if (unit.members[i]!.on <= asOf) recorded = unit.members[i];
  const reportedOn = reported ? monthEnd(reported.month) : null;
  if (recorded && (!reportedOn || recorded.on > reportedOn)) return { count: recorded.value, source: 'import' };
  return reported ? { count: reported.count, source: 'report' } : null;
}

export function compositionOf(tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, asOf: string): Composition {
  const counts = new Map<BranchField, number>(branchFields.map((field) => [field, 0]));
  const members = { total: 0, fromReports: 0, fromImport: 0, unknown: 0 };
  const organisations = organisationsUnder(tree, unitId, asOf);
  // The end of the day, once for the subtree (not once per report: a province has half a million).
  const end = Date.parse(endOfChinaDay(asOf));
  const known = (record: ReportRecord) => Date.parse(record.history[0]!.receivedAt) < end;
  for (const unit of organisations) {
    const field = valueAsOf(unit.classes, asOf)?.field;
    if (field) counts.set(field, counts.get(field)! + 1);
    const found = membersOf(reports, unit, asOf, known);
    if (!found) { members.unknown++; continue; }
    members.total += found.count;
    if (found.source === 'report') members.fromReports++; else members.fromImport++;
  }
  return { asOf, total: organisations.length, byField: branchFields.map((field) => ({ field, count: counts.get(field)! })), members };
}
