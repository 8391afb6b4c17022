/**
 * Reporting rates (上报率) of a unit for a month: expected = organisations open at the month's
 * end in the unit's subtree as it stood then; received and on time count only among those,
 * so a rate can never pass 100 %, whatever moved or closed.
 */
import { dueDate, effectiveDay, monthEnd } from './calendar.ts';
import { reportKey, type MonthlyReportsState, type ReportRecord, type ReportVersion } from './monthlyReports.ts';
import type { OrganisationTreeState, UnitRecord } from './organisationTree.ts';
import { childrenOf, organisationsUnder, view } from './organisationTreeQueries.ts';
import { eachTownshipUnder, noMemo, settingsFor, type Memo } from './reportingSettings.ts';
import { pageOf, sortOrder, type ListPage, type PageRequest } from './paging.ts';

/** The China day a month's report counts as submitted, by the one lateness rule (calendar.ts). */
export function submittedOnDay(record: ReportRecord): string {
  if (record.receivedOnPaper) return record.receivedOnPaper.on;
  const first = record.history[0]!;
  let day = effectiveDays.get(first);
  if (day === undefined) {
    day = effectiveDay(first);
    effectiveDays.set(first, day);
  }
  return day;
}

/** On time when the first submission counts from the due day or before (calendar.ts: `isLate`). */
export function isOnTime(record: ReportRecord, due: string): boolean {
  return submittedOnDay(record) <= due;
}

/** The day a first submission counts from, worked out once per version (dashboards ask often). */
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
function count(tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, month: string, detail = false, memo: Memo = noMemo, due = dueDate(month, settingsFor(tree, reports, unitId).dueDay)): { counts: RateCounts; organisations: OrganisationStatus[] } {
  const asOf = monthEnd(month);
  if (!detail) {
    // Summed township by township (each kept while its reports and the tree stay as they were).
    const sum: Omit<RateCounts, 'rate' | 'onTimeRate' | 'missing' | 'received'> = { expected: 0, onTime: 0, late: 0, approved: 0 };
    const add = (part: typeof sum) => { sum.expected += part.expected; sum.onTime += part.onTime; sum.late += part.late; sum.approved += part.approved; };
    eachTownshipUnder(tree, unitId, asOf,
      (townshipId) => add(memo(`rates|${month}|${due}`, townshipId, () => tally(reports, organisationsUnder(tree, townshipId, asOf), month, due))),
      (organisation) => add(tally(reports, [organisation], month, due)));
    const received = sum.onTime + sum.late;
    return { counts: { expected: sum.expected, received, onTime: sum.onTime, late: sum.late, missing: sum.expected - received, approved: sum.approved, rate: sum.expected ? received / sum.expected : null, onTimeRate: sum.expected ? sum.onTime / sum.expected : null }, organisations: [] };
  }
  const organisations = organisationsUnder(tree, unitId, asOf).map((unit): OrganisationStatus => {
    const record = reports.reports.get(reportKey(unit.id, month));
    return {
      unitId: unit.id,
      name: view(unit, asOf).name,
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

/** How many of these organisations were expected, reported on time, late, and were approved. */
function tally(reports: MonthlyReportsState, organisations: UnitRecord[], month: string, due: string) {
  let onTime = 0, late = 0, approved = 0;
  for (const unit of organisations) {
    const record = reports.reports.get(reportKey(unit.id, month));
    if (!record) continue;
    if (isOnTime(record, due)) onTime++; else late++;
    if (record.status === 'approved') approved++;
  }
  return { expected: organisations.length, onTime, late, approved };
}

/** The month view of a unit: its counts, each child's counts (drill-down), and for a township its organisations. */
export function monthView(tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, month: string) {
  return monthViewOf(noMemo, tree, reports, unitId, month);
}

/** `monthView`, keeping each township's counts in `memo` while they stay right. */
export function monthViewOf(memo: Memo, tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, month: string) {
  const unit = tree.units.get(unitId)!;
  const due = dueDate(month, settingsFor(tree, reports, unitId).dueDay);
  const own = count(tree, reports, unitId, month, unit.kind === 'township' || unit.kind === 'organisation', memo);
  const children = unit.kind === 'township' || unit.kind === 'organisation'
    ? []
    : childrenOf(tree, unitId, { asOf: monthEnd(month) }).map((child) => ({ unitId: child.id, name: child.name, kind: child.kind, ...count(tree, reports, child.id, month, false, memo).counts }));
  return { month, due, ...own.counts, children, organisations: unit.kind === 'township' || unit.kind === 'organisation' ? own.organisations : [] };
}

/** Rates month by month, for the trend. */
export function rateSeries(tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, months: string[]) {
  return rateSeriesOf(noMemo, tree, reports, unitId, months);
}

export function rateSeriesOf(memo: Memo, tree: OrganisationTreeState, reports: MonthlyReportsState, unitId: string, months: string[]) {
  return months.map((month) => ({ month, ...count(tree, reports, unitId, month, false, memo).counts }));
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
    column === 'status' ? (a, b) => statusOrder[a.status] - statusOrder[b.status] || byName(a.name, b.name)
      // Not received sorts after every time, whichever the direction.
      : column === 'receivedAt' ? (a, b) => (a.receivedAt === b.receivedAt ? byName(a.name, b.name) : a.receivedAt === null ? direction : b.receivedAt === null ? -direction : a.receivedAt < b.receivedAt ? -1 : 1)
        : column === 'corrections' ? (a, b) => a.corrections - b.corrections || byName(a.name, b.name)
          : (a, b) => byName(a.name, b.name);
  return pageOf([...kept].sort((a, b) => direction * compare(a, b)), page);
}

/** A month view's children (a handful: never paged) in the order asked: `name`, `rate` or `missing`. */
export function sortChildren<Child extends { name: string; rate: number | null; missing: number }>(children: Child[], sort: string): Child[] {
  const { column, direction } = sortOrder(sort);
  const compare: (a: Child, b: Child) => number =
    column === 'rate' ? (a, b) => (a.rate ?? -1) - (b.rate ?? -1) || byName(a.name, b.name)
      : column === 'missing' ? (a, b) => a.missing - b.missing || byName(a.name, b.name)
        : (a, b) => byName(a.name, b.name);
  return [...children].sort((a, b) => direction * compare(a, b));
}
