/**
 * The 100-day drives as they stand: each campaign with its phases and deadlines (and every
 * reschedule), each unit's deliverables with their history and approval, and the published
 * bulletins. Status against dates (late, overdue, current phase) is worked out by the
 * queries in `campaign*.ts`, which take `today` as an argument: no clock in a fold.
 *
 * Every record keeps what it needs to be read "as of" a past day (`campaignAsOf`,
 * `deliverableAsOf`): the schedule after each reschedule, and each submission and decision with
 * the time the server took it, so a view of 9/21 shows what was known by the end of 9/21.
 */
import type { BulletinRow, Deadline, DeliverableContent, DeliverableKind, Phase } from '../events/catalog/campaign.ts';
import type { StoredEvent } from '../events/catalog/index.ts';
import { knownBy } from './calendar.ts';
import type { Projection } from './projection.ts';

export interface CampaignChange {
  what: 'phase' | 'deadline';
  key: string;
  from: string;
  to: string;
  reason: string;
  actor: string;
  at: string;
}

export interface CampaignRecord {
  id: string;
  unitId: string;
  name: string;
  phases: Phase[];
  deadlines: Deadline[];
  newSince: string;
  declaredAt: string;
  declaredBy: string;
  /** Phases extended or shortened and deadlines moved, oldest first. */
  changes: CampaignChange[];
  /** The schedule as declared and after each change, with when the server took it, oldest first. */
  schedules: Array<{ at: string; phases: Phase[]; deadlines: Deadline[] }>;
}

export interface DeliverableVersion { submissionId: string; submittedAt: string; receivedAt: string; actor: string }

/** One step in a deliverable's life, with when the server took it. */
export interface DeliverableStep { at: string; status: 'submitted' | 'approved' | 'returned'; actor: string; reason: string | null }

export interface DeliverableRecord {
  campaignId: string;
  unitId: string;
  kind: DeliverableKind;
  content: DeliverableContent;
  status: 'submitted' | 'approved' | 'returned';
  /** Every submission, oldest first: lateness counts from the first. */
  history: DeliverableVersion[];
  returnReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /** Submissions, approvals and returns in the order they happened. */
  steps: DeliverableStep[];
}

export interface PublishedBulletin {
  campaignId: string;
  unitId: string;
  month: string;
  asOf: string;
  rows: BulletinRow[];
  note: string;
  publishedAt: string;
  publishedBy: string;
}

export interface CampaignsState {
  campaigns: Map<string, CampaignRecord>;
  /** Keyed by `deliverableKey`. */
  deliverables: Map<string, DeliverableRecord>;
  /** Keyed by `${campaignId}|${unitId}|${month}`. */
  bulletins: Map<string, PublishedBulletin>;
  /** Position of the last event that changed any drive: answers computed since then still hold. */
  lastChange: number;
}

export const deliverableKey = (campaignId: string, kind: DeliverableKind, unitId: string) => `${campaignId}|${kind}|${unitId}`;
export const bulletinKey = (campaignId: string, unitId: string, month: string) => `${campaignId}|${unitId}|${month}`;

const CAMPAIGN_EVENTS = new Set<string>(['CampaignDeclared', 'CampaignPhaseRescheduled', 'CampaignDeadlineRescheduled', 'DeliverableSubmitted', 'DeliverableApproved', 'DeliverableReturned', 'BulletinPublished']);

export const campaigns: Projection<CampaignsState> = {
  name: 'campaigns',
  version: 4,
  initialState: () => ({ campaigns: new Map(), deliverables: new Map(), bulletins: new Map(), lastChange: 0 }),
  evolve(state, event: StoredEvent) {
    if (!CAMPAIGN_EVENTS.has(event.type)) return state;
    const at = event.metadata.serverTime;
    const actor = event.metadata.actor;
    state.lastChange = Number(event.position);
    switch (event.type) {
      case 'CampaignDeclared': {
        const { campaignId, unitId, name, phases, deadlines, newSince } = event.data;
        state.campaigns.set(campaignId, { id: campaignId, unitId, name, phases, deadlines, newSince, declaredAt: at, declaredBy: actor, changes: [], schedules: [{ at, phases, deadlines }] });
        return state;
      }
      case 'CampaignPhaseRescheduled': {
        const campaign = state.campaigns.get(event.data.campaignId);
        if (!campaign) return state;
        const { phase: key, from, to, reason } = event.data;
        campaign.phases = campaign.phases.map((phase) => (phase.key === key ? { key, ...to } : phase));
        campaign.changes.push({ what: 'phase', key, from: `${from.start}/${from.end}`, to: `${to.start}/${to.end}`, reason, actor, at });
        campaign.schedules.push({ at, phases: campaign.phases, deadlines: campaign.deadlines });
        return state;
      }
      case 'CampaignDeadlineRescheduled': {
        const campaign = state.campaigns.get(event.data.campaignId);
        if (!campaign) return state;
        const { kind, from, to, reason } = event.data;
        // A deadline moved into another phase belongs to that phase from then on.
        const phase = campaign.phases.find((p) => to >= p.start && to <= p.end)?.key ?? (to < campaign.phases[0]!.start ? campaign.phases[0]!.key : campaign.phases[campaign.phases.length - 1]!.key);
        campaign.deadlines = campaign.deadlines.map((deadline) => (deadline.kind === kind ? { ...deadline, due: to, phase } : deadline));
        campaign.changes.push({ what: 'deadline', key: kind, from, to, reason, actor, at });
        campaign.schedules.push({ at, phases: campaign.phases, deadlines: campaign.deadlines });
        return state;
      }
      case 'DeliverableSubmitted': {
        const { campaignId, unitId, submissionId, content, submittedAt } = event.data;
        const key = deliverableKey(campaignId, content.kind, unitId);
        const version: DeliverableVersion = { submissionId, submittedAt, receivedAt: at, actor };
        const record = state.deliverables.get(key);
        const step: DeliverableStep = { at, status: 'submitted', actor, reason: null };
        if (record) {
          record.content = content;
          record.status = 'submitted';
          record.history.push(version);
          record.steps.push(step);
        } else {
          state.deliverables.set(key, { campaignId, unitId, kind: content.kind, content, status: 'submitted', history: [version], returnReason: null, decidedBy: null, decidedAt: null, steps: [step] });
        }
        return state;
      }
      case 'DeliverableApproved':
      case 'DeliverableReturned': {
        const record = state.deliverables.get(deliverableKey(event.data.campaignId, event.data.kind, event.data.unitId));
        if (!record) return state;
        record.status = event.type === 'DeliverableApproved' ? 'approved' : 'returned';
        record.returnReason = event.type === 'DeliverableReturned' ? event.data.reason : null;
        record.decidedBy = actor;
        record.decidedAt = at;
        record.steps.push({ at, status: record.status, actor, reason: record.returnReason });
        return state;
      }
      case 'BulletinPublished': {
        const { campaignId, unitId, month, asOf, rows, note } = event.data;
        state.bulletins.set(bulletinKey(campaignId, unitId, month), { campaignId, unitId, month, asOf, rows, note, publishedAt: at, publishedBy: actor });
        return state;
      }
      default:
        return state;
    }
  },
};

/** The drive as known at the end of `day` in China (its schedule then), or null when it was not declared yet. */
export function campaignAsOf(campaign: CampaignRecord, day: string): CampaignRecord | null {
  if (!knownBy(campaign.declaredAt, day)) return null;
  const known = campaign.schedules.filter((schedule) => knownBy(schedule.at, day));
  if (known.length === campaign.schedules.length) return campaign;
  const schedule = known[known.length - 1]!;
  return { ...campaign, phases: schedule.phases, deadlines: schedule.deadlines, changes: campaign.changes.slice(0, known.length - 1), schedules: known };
}

/**
 * A deliverable as it stood at the end of `day` in China: only the submissions and decisions
 * the server had taken by then (undefined when nothing had arrived). Its `content` stays the
 * latest; the version in force that day is `history[history.length - 1]`.
 */
export function deliverableAsOf(record: DeliverableRecord | undefined, day: string): DeliverableRecord | undefined {
  if (!record) return undefined;
  const steps = record.steps.filter((step) => knownBy(step.at, day));
  if (steps.length === record.steps.length) return record;
  if (steps.length === 0) return undefined;
  const last = steps[steps.length - 1]!;
  const decided = last.status === 'submitted' ? null : last;
  return {
    ...record,
    status: last.status,
    history: record.history.filter((version) => knownBy(version.receivedAt, day)),
    returnReason: last.status === 'returned' ? last.reason : null,
    decidedBy: decided?.actor ?? null,
    decidedAt: decided?.at ?? null,
    steps,
  };
}
