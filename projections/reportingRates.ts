/**
 * Reporting rates (上报率) of a unit for a month: expected = organisations open at the month's
 * end in the unit's subtree as it stood then; received and on time count only among those,
 * so a rate can never pass 100 %, whatever moved or closed.
 */
import { dueDate, monthEnd } from './calendar.ts';
import { reportKnownBy, type MonthlyReports, type ReportSummary, type UnitCounts } from './monthlyReportsRead.ts';
import { valueAsOf, type OrganisationTreeState } from './organisationTree.ts';
import { childrenOf, isOpen, organisationsUnder } from './organisationTreeQueries.ts';
import { settingsFor } from './reportingSettings.ts';
import { pageOf, sortOrder, type ListPage, type PageRequest } from './paging.ts';

/** The China day a month's report counts as submitted, by the one lateness rule (calendar.ts). */
export function submittedOnDay(record: Pick<ReportSummary, 'countedDay'>): string {
  return record.countedDay;
}

/** On time when the first submission counts from the due day or before (calendar.ts: `isLate`). */
export function isOnTime(record: Pick<ReportSummary, 'countedDay'>, due: string): boolean {
  return record.countedDay <= due;
}

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
  /** 五个一 done over all expected (5 each), 0..1; the share of expected organisations using the work manual. */
  fiveOnesRate: number | null;
  workManualRate: number | null;
}

export interface OrganisationStatus {
  unitId: string;
  name: string;
  status: 'missing' | 'onTime' | 'late';
  approval: ReportSummary['status'] | null;
  receivedAt: string | null;
  corrections: number;
}

const rateCounts = ({ expected, received, onTime, late, approved, fiveOnes, workManual }: UnitCounts): RateCounts => ({
  expected,
  received,
  onTime,
  late,
  missing: expected - received,
  approved,
  rate: expected ? received / expected : null,
  onTimeRate: expected ? onTime / expected : null,
  fiveOnesRate: expected ? fiveOnes / (expected * 5) : null,
  workManualRate: expected ? workManual / expected : null,
});

/** An organisation's own counts for a month: expected (when open at the month's end) and its report. */
function countOrganisation(tree: OrganisationTreeState, reports: MonthlyReports, unitId: string, month: string, due: string): RateCounts {
  const sum: UnitCounts = { expected: 0, received: 0, onTime: 0, late: 0, approved: 0, fiveOnes: 0, workManual: 0, onTimeByDue: 0, workManualByDue: 0 };
  const unit = tree.nodes.get(unitId);
  if (unit && isOpen(unit, monthEnd(month))) {
    sum.expected = 1;
    const report = reports.summary(unitId, month);
    if (report) {
      sum.received = 1;
      if (isOnTime(report, due)) sum.onTime = 1;
      else sum.late = 1;
      if (report.status === 'approved') sum.approved = 1;
      sum.fiveOnes = report.fiveOnes;
      sum.workManual = report.workManualInUse ? 1 : 0;
      const inByDue = reportKnownBy(report, due);
      sum.onTimeByDue = inByDue && sum.onTime === 1 ? 1 : 0;
      sum.workManualByDue = inByDue && report.workManualInUse ? 1 : 0;
    }
  }
  return rateCounts(sum);
}

/**
 * Counts for a unit and months, each as the tree stood at the month's end: a unit above the
 * branches reads its own rows, kept at every level as reports arrive (nothing when it was not
 * open); an organisation counts alone.
 */
function countsOf(tree: OrganisationTreeState, reports: MonthlyReports, unitId: string, months: string[], dueDay: number): RateCounts[] {
  const unit = tree.nodes.get(unitId);
  if (unit?.kind === 'organisation') return months.map((month) => countOrganisation(tree, reports, unitId, month, dueDate(month, dueDay)));
  const kept = reports.countsBetween(unitId, months[0]!, months[months.length - 1]!);
  const none: UnitCounts = { expected: 0, received: 0, onTime: 0, late: 0, approved: 0, fiveOnes: 0, workManual: 0, onTimeByDue: 0, workManualByDue: 0 };
  return months.map((month) => rateCounts(unit && isOpen(unit, monthEnd(month)) ? (kept.get(month) ?? none) : none));
}

const count = (tree: OrganisationTreeState, reports: MonthlyReports, unitId: string, month: string, dueDay: number) =>
  countsOf(tree, reports, unitId, [month], dueDay)[0]!;

/** Each organisation expected under a township (or the organisation itself) for a month, with its report's status. */
function organisationsOf(tree: OrganisationTreeState, reports: MonthlyReports, unitId: string, month: string, due: string): OrganisationStatus[] {
  const asOf = monthEnd(month);
  const units = organisationsUnder(tree, unitId, asOf);
  const window = reports.window(
    units.map((unit) => unit.id),
    month,
    month,
  );
  return units.map((unit): OrganisationStatus => {
    const report = window.summary(unit.id, month);
    return {
      unitId: unit.id,
      name: valueAsOf(unit.names, asOf) ?? unit.names[0]!.value,
      status: !report ? 'missing' : isOnTime(report, due) ? 'onTime' : 'late',
      approval: report?.status ?? null,
      receivedAt: report?.firstReceivedAt ?? null,
      corrections: report?.corrections ?? 0,
    };
  });
}

/** The month view of a unit: its counts, each child's counts (drill-down), and for a township its organisations. */
export function monthView(tree: OrganisationTreeState, reports: MonthlyReports, unitId: string, month: string) {
  const unit = tree.units.get(unitId)!;
  const { dueDay } = settingsFor(tree, reports, unitId);
  const due = dueDate(month, dueDay);
  const own = count(tree, reports, unitId, month, dueDay);
  const low = unit.kind === 'township' || unit.kind === 'organisation';
  const children = low
    ? []
    : childrenOf(tree, unitId, { asOf: monthEnd(month) }).map((child) => ({
        unitId: child.id,
        name: child.name,
        kind: child.kind,
        ...count(tree, reports, child.id, month, dueDay),
      }));
  return { month, due, ...own, children, organisations: low ? organisationsOf(tree, reports, unitId, month, due) : [] };
}

/** Rates month by month, for the trend. */
export function rateSeries(tree: OrganisationTreeState, reports: MonthlyReports, unitId: string, months: string[]) {
  const { dueDay } = settingsFor(tree, reports, unitId);
  const counts = countsOf(tree, reports, unitId, months, dueDay);
  return months.map((month, i) => ({ month, ...counts[i]! }));
}

export interface OrganisationFilter {
  status?: OrganisationStatus['status'];
  /** Part of the organisation's name. */
  q?: string;
  /** `name`, `status` (missing, late, on time), `receivedAt` or `corrections`; `-` before it reverses. */
  sort: string;
}

const statusOrder: Record<OrganisationStatus['status'], number> = { missing: 0, late: 1, onTime: 2 };
const byName = new Intl.Collator('zh-CN').compare;

/** A month view's organisations that pass the filter, in the order asked, paged. */
export function organisationsPage(organisations: OrganisationStatus[], filter: OrganisationFilter, page: PageRequest): ListPage<OrganisationStatus> {
  const q = filter.q?.trim();
  const kept = organisations.filter((o) => (!filter.status || o.status === filter.status) && (!q || o.name.includes(q)));
  const { column, direction } = sortOrder(filter.sort);
  const compare: (a: OrganisationStatus, b: OrganisationStatus) => number =
    column === 'status'
      ? (a, b) => statusOrder[a.status] - statusOrder[b.status] || byName(a.name, b.name)
      : // Not received sorts after every time, whichever the direction.
        column === 'receivedAt'
        ? (a, b) =>
            a.receivedAt === b.receivedAt
              ? byName(a.name, b.name)
              : a.receivedAt === null
                ? direction
                : b.receivedAt === null
                  ? -direction
                  : a.receivedAt < b.receivedAt
                    ? -1
                    : 1
        : column === 'corrections'
          ? (a, b) => a.corrections - b.corrections || byName(a.name, b.name)
          : (a, b) => byName(a.name, b.name);
  return pageOf(
    [...kept].sort((a, b) => direction * compare(a, b)),
    page,
  );
}

/**
 * Every organisation expected under a unit (at any level) for a month, with its report's status,
 * filtered and sorted as the month view's list is: for a download (a province's 48,000 rows).
 */
export function allOrganisations(
  tree: OrganisationTreeState,
  reports: MonthlyReports,
  unitId: string,
  month: string,
  filter: OrganisationFilter,
): OrganisationStatus[] {
  const due = dueDate(month, settingsFor(tree, reports, unitId).dueDay);
  const statuses = organisationsOf(tree, reports, unitId, month, due);
  return organisationsPage(statuses, filter, { limit: Math.max(1, statuses.length) }).rows;
}

/** A month view's children (a handful: never paged) in the order asked: `name`, `rate` or `missing`. */
export function sortChildren<Child extends { name: string; rate: number | null; missing: number }>(children: Child[], sort: string): Child[] {
  const { column, direction } = sortOrder(sort);
  const compare: (a: Child, b: Child) => number =
    column === 'rate'
      ? (a, b) => (a.rate ?? -1) - (b.rate ?? -1) || byName(a.name, b.name)
      : column === 'missing'
        ? (a, b) => a.missing - b.missing || byName(a.name, b.name)
        : (a, b) => byName(a.name, b.name);
  return [...children].sort((a, b) => direction * compare(a, b));
}
