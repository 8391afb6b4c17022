/**
 * Reporting rates (上报率) of a unit for a month: expected = organisations open at the month's
 * end in the unit's subtree as it stood then; received and on time count only among those,
 * so a rate can never pass 100 %, whatever moved or closed.
 */
import { reportKey, type MonthlyReportsState, type ReportRecord, type ReportVersion } from './monthlyReports.ts';
import type { OrganisationTreeState } from './organisationTree.ts';
import { childrenOf, organisationsUnder, view } from './organisationTreeQueries.ts';
import { chinaDate, dueDate, monthEnd, settingsFor } from './reportingSettings.ts';

const MONTH_MS = 31 * 86_400_000;

/**
 * On time when submitted by the due day. An offline submission counts from when the secretary
 * pressed submit — within a month before it arrived, so a wrong device clock cannot backdate it.
 */
export function isOnTime(record: ReportRecord, due: string): boolean {
  const first = record.history[0]!;
  let day = effectiveDays.get(first);
  if (day === undefined) {
    const received = Date.parse(first.receivedAt);
    const submitted = Date.parse(first.submittedAt);
    day = chinaDate(submitted <= received && submitted >= received - MONTH_MS ? first.submittedAt : first.receivedAt);
    effectiveDays.set(first, day);
  }
  return day <= due;
}

/** The China date a first submission counts from, worked out once per version (dashboards ask often). */
const effectiveDays = new WeakMap<ReportVersion, string>();

export interface RateCounts {
  expected: number;
  received: number;
  onTime: number;
  late: number;
  missing: number;
  approved: number;
  /** received / expected, 0..1 (null when nothing is expected). */
  rate: number | null;
  onTimeRate: number | null;
}

export interface OrganisationStatus {
  unitId: string;
  name: string;
  status: 'missing' | 'onTime' | 'late';
  approval: ReportRecord['status'] | null;
  receivedAt: string | null;
  corrections: number;
}

/** Counts for a unit and month; the per-organisation list (with names) only when `detail` is asked for. */
function count(tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, month: string, detail = false): { counts: RateCounts; organisations: OrganisationStatus[] } {
  const asOf = monthEnd(month);
  const due = dueDate(month, settingsFor(tree, reports, unitId).dueDay);
  const organisations = organisationsUnder(tree, unitId, asOf).map((unit): OrganisationStatus => {
    const record = reports.reports.get(reportKey(unit.id, month));
    return {
      unitId: unit.id,
      name: detail ? view(unit, asOf).name : '',
      status: !record ? 'missing' : isOnTime(record, due) ? 'onTime' : 'late',
      approval: record?.status ?? null,
      receivedAt: record?.history[0]!.receivedAt ?? null,
      corrections: record ? record.history.length - 1 : 0,
    };
  });
  const expected = organisations.length;
  const onTime = organisations.filter((o) => o.status === 'onTime').length;
  const late = organisations.filter((o) => o.status === 'late').length;
  const received = onTime + late;
  return {
    counts: {
      expected, received, onTime, late, missing: expected - received,
      approved: organisations.filter((o) => o.approval === 'approved').length,
      rate: expected ? received / expected : null,
      onTimeRate: expected ? onTime / expected : null,
    },
    organisations,
  };
}

/** The month view of a unit: its counts, each child's counts (drill-down), and for a township its organisations. */
export function monthView(tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, month: string) {
  const unit = tree.units.get(unitId)!;
  const own = count(tree, reports, unitId, month, unit.kind === 'township' || unit.kind === 'organisation');
  const children = unit.kind === 'township' || unit.kind === 'organisation'
    ? []
    : childrenOf(tree, unitId, { asOf: monthEnd(month) }).map((child) => ({ unitId: child.id, name: child.name, kind: child.kind, ...count(tree, reports, child.id, month).counts }));
  return { month, due: dueDate(month, settingsFor(tree, reports, unitId).dueDay), ...own.counts, children, organisations: unit.kind === 'township' || unit.kind === 'organisation' ? own.organisations : [] };
}

/** Rates month by month, for the trend. */
export function rateSeries(tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, months: string[]) {
  return months.map((month) => ({ month, ...count(tree, reports, unitId, month).counts }));
}
