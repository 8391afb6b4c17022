/**
 * Who owes what in a drive, and where each deliverable stands on a given day. Townships owe
 * all five deliverables; the committees between them and the declaring committee owe the
 * case, the summary and the tables for their own area. The level above approves.
 */
import { committeeDeliverables, townshipDeliverables, type DeliverableKind } from '../events/catalog/campaign.ts';
import type { UnitKind } from '../events/catalog/organisation.ts';
import { effectiveDay } from './calendar.ts';
import { deliverableAsOf, deliverableKey, type CampaignRecord, type CampaignsState, type DeliverableRecord } from './campaigns.ts';
import { valueAsOf, type OrganisationTreeState, type UnitRecord } from './organisationTree.ts';
import { isOpen } from './organisationTreeQueries.ts';

/** approved, submitted (awaiting approval), returned (to correct), overdue (due and not in), pending (not yet due). */
export type DeliverableStatus = 'approved' | 'submitted' | 'returned' | 'overdue' | 'pending';

export interface StatusCell {
  kind: DeliverableKind;
  due: string;
  status: DeliverableStatus;
  /** Submitted after its due date (counted from the first submission). */
  late: boolean;
  submittedOn: string | null;
}

export function kindsOwedBy(kind: UnitKind): readonly DeliverableKind[] {
  if (kind === 'township') return townshipDeliverables;
  if (kind === 'county' || kind === 'city') return committeeDeliverables;
  return [];
}

/** The China day a deliverable counts as submitted: its first submission, by the one lateness rule (calendar.ts). */
export function submittedOn(record: DeliverableRecord): string {
  return effectiveDay(record.history[0]!);
}

/**
 * Where a deliverable stood at the end of `today` (any day: the past too): what had arrived by
 * then, approved or returned by then, submitted late, or overdue when its due day had passed.
 */
export function statusOf(stored: DeliverableRecord | undefined, kind: DeliverableKind, due: string, today: string): StatusCell {
  const record = deliverableAsOf(stored, today);
  if (!record) return { kind, due, status: today > due ? 'overdue' : 'pending', late: false, submittedOn: null };
  const on = submittedOn(record);
  return { kind, due, status: record.status, late: on > due, submittedOn: on };
}

export function dueOf(campaign: CampaignRecord, kind: DeliverableKind): string {
  return campaign.deadlines.find((deadline) => deadline.kind === kind)!.due;
}

/** The statuses of every deliverable a unit owes (none when it owes nothing). */
export function statusesOf(state: CampaignsState, campaign: CampaignRecord, unit: UnitRecord, today: string): StatusCell[] {
  return kindsOwedBy(unit.kind).map((kind) => statusOf(state.deliverables.get(deliverableKey(campaign.id, kind, unit.id)), kind, dueOf(campaign, kind), today));
}

/**
 * The units that owe deliverables in the subtree of `rootId` (itself included) as the tree
 * stands on `asOf`, within the campaign: below the declaring committee, open that day.
 */
export function owingUnits(tree: OrganisationTreeState, campaign: CampaignRecord, rootId: string, asOf: string): UnitRecord[] {
  const found: UnitRecord[] = [];
  const visit = (id: string) => {
    // Organisations are left on their node: only the units above them are read whole.
    const node = tree.nodes.get(id);
    if (!node || !isOpen(node, asOf) || node.kind === 'organisation') return;
    const unit = tree.units.get(id)!;
    if (id !== campaign.unitId && kindsOwedBy(unit.kind).length > 0) found.push(unit);
    if (unit.kind === 'township') return;
    for (const child of tree.children.get(id) ?? []) {
      if (valueAsOf(tree.nodes.get(child)!.parents, asOf) === id) visit(child);
    }
  };
  visit(rootId);
  return found;
}

/** How many units owe each kind in the subtree of `rootId`, as `owingUnits` finds them (from the tree's nodes, no records read). */
export function owedUnder(tree: OrganisationTreeState, campaign: CampaignRecord, rootId: string, asOf: string): Map<DeliverableKind, number> {
  const owed = new Map<DeliverableKind, number>();
  const visit = (id: string) => {
    const node = tree.nodes.get(id);
    if (!node || !isOpen(node, asOf) || node.kind === 'organisation') return;
    if (id !== campaign.unitId) for (const kind of kindsOwedBy(node.kind)) owed.set(kind, (owed.get(kind) ?? 0) + 1);
    if (node.kind === 'township') return;
    for (const child of tree.children.get(id) ?? []) {
      if (valueAsOf(tree.nodes.get(child)!.parents, asOf) === id) visit(child);
    }
  };
  visit(rootId);
  return owed;
}

/** Counts of statuses over a set of cells. */
export interface StatusCounts {
  owed: number;
  approved: number;
  submitted: number;
  returned: number;
  overdue: number;
  pending: number;
  late: number;
}

export function countStatuses(cells: StatusCell[]): StatusCounts {
  const counts: StatusCounts = { owed: cells.length, approved: 0, submitted: 0, returned: 0, overdue: 0, pending: 0, late: 0 };
  for (const cell of cells) {
    counts[cell.status]++;
    if (cell.late) counts.late++;
  }
  return counts;
}
