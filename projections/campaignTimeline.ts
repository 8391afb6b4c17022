/**
 * The managers' timeline of a drive: its phases (done / current / upcoming on `today`), the
 * milestones (deadlines), every reschedule, and for the unit asked about its own deliverables
 * and one row per child unit with the state of its subtree's deliverables, for drill-down
 * from the province to a township.
 */
import { deliverableKinds, type DeliverableKind } from '../events/catalog/campaign.ts';
import type { CampaignRecord, CampaignsState, DeliverableCounts } from './campaigns.ts';
import { countStatuses, dueOf, owedUnder, owingUnits, statusesOf, type StatusCell, type StatusCounts } from './campaignDuties.ts';
import type { OrganisationTreeState } from './organisationTree.ts';
import { childrenOf, isOpen, isWithin, view } from './organisationTreeQueries.ts';

export type PhaseStatus = 'done' | 'current' | 'upcoming';

/** The state of one kind of deliverable over a subtree, worst first: overdue, returned, then the rest. */
export interface KindSummary extends StatusCounts {
  kind: DeliverableKind;
  due: string;
  worst: StatusCell['status'] | null;
}

export function phaseStatus(phase: { start: string; end: string }, today: string): PhaseStatus {
  return today > phase.end ? 'done' : today >= phase.start ? 'current' : 'upcoming';
}

const worstOrder: StatusCell['status'][] = ['overdue', 'returned', 'submitted', 'pending', 'approved'];

function summarise(campaign: CampaignRecord, cells: StatusCell[]): KindSummary[] {
  return deliverableKinds.map((kind) => {
    const ofKind = cells.filter((cell) => cell.kind === kind);
    const worst = worstOrder.find((status) => ofKind.some((cell) => cell.status === status)) ?? null;
    return { kind, due: campaign.deadlines.find((deadline) => deadline.kind === kind)!.due, ...countStatuses(ofKind), worst };
  });
}

/**
 * The same summary as `summarise` gives, from the counts kept for the subtree (campaigns.ts) and
 * how many owe each kind: what has not arrived is overdue once its due day has passed, else pending.
 */
function summariseCounts(
  campaign: CampaignRecord,
  owed: Map<DeliverableKind, number>,
  counts: Map<DeliverableKind, DeliverableCounts>,
  today: string,
): KindSummary[] {
  return deliverableKinds.map((kind) => {
    const due = dueOf(campaign, kind);
    const { approved, submitted, returned, late } = counts.get(kind) ?? { approved: 0, submitted: 0, returned: 0, late: 0, returnedLate: 0 };
    const total = owed.get(kind) ?? 0;
    const missing = total - approved - submitted - returned;
    const summary: StatusCounts = { owed: total, approved, submitted, returned, overdue: today > due ? missing : 0, pending: today > due ? 0 : missing, late };
    return { kind, due, ...summary, worst: worstOrder.find((status) => summary[status] > 0) ?? null };
  });
}

/** The span the chart covers: the first phase's start to the last phase's end or last deadline. */
export function campaignSpan(campaign: CampaignRecord): { start: string; end: string } {
  const ends = [...campaign.phases.map((phase) => phase.end), ...campaign.deadlines.map((deadline) => deadline.due)].sort();
  return { start: campaign.phases[0]!.start, end: ends[ends.length - 1]! };
}

export function timeline(tree: OrganisationTreeState, state: CampaignsState, campaign: CampaignRecord, unitId: string, today: string) {
  const unit = tree.units.get(unitId)!;
  // The counts kept as events arrive hold when nothing about the drive or the tree is dated after `today`; else each deliverable is read as of then.
  const kept = state.countsHoldOn(campaign.id, today);
  const kindsUnder = (rootId: string) =>
    kept
      ? summariseCounts(
          campaign,
          owedUnder(tree, campaign, rootId, today),
          isOpen(tree.nodes.get(rootId)!, today) ? state.counts(rootId, campaign.id) : new Map(),
          today,
        )
      : summarise(
          campaign,
          owingUnits(tree, campaign, rootId, today).flatMap((owing) => statusesOf(state, campaign, owing, today)),
        );
  // Children inside the drive: below the declaring committee, or the committee itself when viewing above it.
  const children =
    unit.kind === 'township'
      ? []
      : childrenOf(tree, unitId, { asOf: today }).filter(
          (child) => child.kind !== 'organisation' && (isWithin(tree, child.id, campaign.unitId) || isWithin(tree, campaign.unitId, child.id)),
        );
  return {
    campaign: {
      id: campaign.id,
      unitId: campaign.unitId,
      name: campaign.name,
      newSince: campaign.newSince,
      declaringUnitName: view(tree.units.get(campaign.unitId)!).name,
      phases: campaign.phases.map((phase) => ({ ...phase, status: phaseStatus(phase, today) })),
      deadlines: campaign.deadlines,
      changes: campaign.changes,
      span: campaignSpan(campaign),
    },
    today,
    unit: { id: unitId, name: view(unit).name, kind: unit.kind },
    /** What this unit owes itself (a township, county or city below the declaring committee). */
    own: unitId === campaign.unitId ? [] : statusesOf(state, campaign, unit, today),
    /** Every deliverable owed in the subtree. */
    totals: kindsUnder(unitId),
    rows: children.map((child) => {
      const record = tree.units.get(child.id)!;
      return {
        unitId: child.id,
        name: child.name,
        kind: child.kind,
        own: child.id === campaign.unitId ? [] : statusesOf(state, campaign, record, today),
        kinds: kindsUnder(child.id),
      };
    }),
  };
}
export type Timeline = ReturnType<typeof timeline>;
