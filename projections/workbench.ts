/**
 * The workbench (工作台): what is waiting for a person on a day, read from the kept counts.
 * - A branch secretary: the month being reported, its due day and where the report stands
 *   (not yet in, awaiting approval, approved, returned with the township's reason).
 * - A manager of a unit: the month's reports still missing (overdue once the due day has
 *   passed), for a township those awaiting its approval, the children with the most missing,
 *   and each drive the unit takes part in: its current phase, its next deadline and what is
 *   still owed for it, and what the unit owes the drive itself.
 * Each figure is the one its page shows (the month view, the timeline), asked of the same
 * functions: the workbench adds no rule of its own.
 */
import type { DeliverableKind } from '../events/catalog/campaign.ts';
import type { UnitKind } from '../events/catalog/organisation.ts';
import { daysBetween, dueDate, reportingMonthOn } from './calendar.ts';
import { campaignAsOf, type CampaignsState } from './campaigns.ts';
import type { StatusCell } from './campaignDuties.ts';
import { phaseStatus, timeline } from './campaignTimeline.ts';
import type { MonthlyReports } from './monthlyReportsRead.ts';
import type { OrganisationTreeState } from './organisationTree.ts';
import { isOpen, isWithin, view } from './organisationTreeQueries.ts';
import { monthView } from './reportingRates.ts';
import { settingsFor } from './reportingSettings.ts';

export type ReportStanding = 'notSubmitted' | 'submitted' | 'approved' | 'returned';

/** A branch's report for the month being reported on `today`. */
export interface ReportDuty {
  unitId: string;
  name: string;
  month: string;
  due: string;
  /** Days until the due day (0 on it); negative once it has passed. */
  daysLeft: number;
  standing: ReportStanding;
  returnReason: string | null;
}

export function reportDuty(tree: OrganisationTreeState, reports: MonthlyReports, unitId: string, today: string): ReportDuty | null {
  const unit = tree.units.get(unitId);
  if (unit?.kind !== 'organisation' || !isOpen(unit, today)) return null;
  const month = reportingMonthOn(today);
  const due = dueDate(month, settingsFor(tree, reports, unitId).dueDay);
  const record = reports.record(unitId, month);
  return {
    unitId,
    name: view(unit).name,
    month,
    due,
    daysLeft: daysBetween(today, due),
    standing: record?.status ?? 'notSubmitted',
    returnReason: record?.status === 'returned' ? record.returnReason : null,
  };
}

/** A child with reports still missing for the month. */
export interface BehindChild {
  unitId: string;
  name: string;
  kind: UnitKind;
  expected: number;
  missing: number;
}

/** Where a drive stands for a unit taking part: its phase, its next deadline, what is owed. */
export interface DriveStep {
  campaignId: string;
  name: string;
  phase: { key: string; start: string; end: string } | null;
  /** The nearest deadline on or after today, with what is still owed for it in the unit's area. */
  next: { kind: DeliverableKind; due: string; daysLeft: number; owed: number; done: number } | null;
  /** Deliverables of the area past their due day and not in. */
  overdue: number;
  /** What the unit owes the drive itself and has not had approved (a township's, a county's own deliverables). */
  own: StatusCell[];
}

export interface AreaWork {
  unitId: string;
  name: string;
  kind: UnitKind;
  month: string;
  due: string;
  /** The due day has passed: what is missing is overdue. */
  pastDue: boolean;
  expected: number;
  received: number;
  missing: number;
  /** A township's reports waiting for its approval (null above a township: townships approve). */
  awaitingApproval: number | null;
  /** The organisations not yet reported, for a township (the first few, by name); above it, the children most behind. */
  missingOrganisations: Array<{ unitId: string; name: string }>;
  behind: BehindChild[];
  drives: DriveStep[];
}

const SHOWN = 8;

/** The reports and the drives waiting on a manager of `unitId` on `today`. */
export function areaWork(tree: OrganisationTreeState, reports: MonthlyReports, campaigns: CampaignsState, unitId: string, today: string): AreaWork | null {
  const unit = tree.units.get(unitId);
  if (!unit || unit.kind === 'organisation' || !isOpen(unit, today)) return null;
  const month = reportingMonthOn(today);
  const seen = monthView(tree, reports, unitId, month);
  const township = unit.kind === 'township';
  const missingOrganisations = seen.organisations.filter((row) => row.status === 'missing');
  return {
    unitId,
    name: view(unit).name,
    kind: unit.kind,
    month,
    due: seen.due,
    pastDue: today > seen.due,
    expected: seen.expected,
    received: seen.received,
    missing: seen.missing,
    awaitingApproval: township ? seen.organisations.filter((row) => row.approval === 'submitted').length : null,
    missingOrganisations: missingOrganisations.slice(0, SHOWN).map(({ unitId: id, name }) => ({ unitId: id, name })),
    behind: seen.children
      .filter((child) => child.missing > 0)
      .sort((a, b) => b.missing - a.missing || a.name.localeCompare(b.name, 'zh-CN'))
      .slice(0, SHOWN)
      .map(({ unitId: id, name, kind, expected, missing }) => ({ unitId: id, name, kind, expected, missing })),
    drives: drivesOf(tree, campaigns, unitId, today),
  };
}

/** The drives running on `today` that `unitId` takes part in (inside the declaring committee, or above it). */
function drivesOf(tree: OrganisationTreeState, campaigns: CampaignsState, unitId: string, today: string): DriveStep[] {
  const steps: DriveStep[] = [];
  for (const stored of campaigns.campaigns.values()) {
    const campaign = campaignAsOf(stored, today);
    if (!campaign || !(isWithin(tree, unitId, campaign.unitId) || isWithin(tree, campaign.unitId, unitId))) continue;
    const last = [...campaign.phases.map((phase) => phase.end), ...campaign.deadlines.map((deadline) => deadline.due)].sort().at(-1)!;
    if (today < campaign.phases[0]!.start || today > last) continue;
    const seen = timeline(tree, campaigns, campaign, unitId, today);
    const upcoming = seen.totals.filter((kind) => kind.due >= today && kind.owed > 0).sort((a, b) => a.due.localeCompare(b.due))[0];
    const phase = campaign.phases.find((p) => phaseStatus(p, today) === 'current');
    steps.push({
      campaignId: campaign.id,
      name: campaign.name,
      phase: phase ? { key: phase.key, start: phase.start, end: phase.end } : null,
      next: upcoming
        ? {
            kind: upcoming.kind,
            due: upcoming.due,
            daysLeft: daysBetween(today, upcoming.due),
            owed: upcoming.owed,
            done: upcoming.approved + upcoming.submitted,
          }
        : null,
      overdue: seen.totals.reduce((sum, kind) => sum + kind.overdue, 0),
      own: seen.own.filter((cell) => cell.status !== 'approved'),
    });
  }
  return steps.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
