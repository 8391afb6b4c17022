/**
 * The 100-day drives as they stand: each campaign with its phases and deadlines (and every
 * reschedule), each unit's deliverables with their history and approval, and the published
 * bulletins. Status against dates (late, overdue, current phase) is worked out by the
 * queries in `campaign*.ts`, which take `today` as an argument: no clock in a fold.
 */
import type { BulletinRow, Deadline, DeliverableContent, DeliverableKind, Phase } from '../events/catalog/campaign.ts';
import type { StoredEvent } from '../events/catalog/index.ts';
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
}

export interface DeliverableVersion { submissionId: string; submittedAt: string; receivedAt: string; actor: string }

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
  version: 3,
  initialState: () => ({ campaigns: new Map(), deliverables: new Map(), bulletins: new Map(), lastChange: 0 }),
  evolve(state, event: StoredEvent) {
    if (!CAMPAIGN_EVENTS.has(event.type)) return state;
    const at = event.metadata.serverTime;
    const actor = event.metadata.actor;
    state.lastChange = Number(event.position);
    switch (event.type) {
      case 'CampaignDeclared': {
        const { campaignId, unitId, name, phases, deadlines, newSince } = event.data;
        state.campaigns.set(campaignId, { id: campaignId, unitId, name, phases, deadlines, newSince, declaredAt: at, declaredBy: actor, changes: [] });
        return state;
      }
      case 'CampaignPhaseRescheduled': {
        const campaign = state.campaigns.get(event.data.campaignId);
        if (!campaign) return state;
        const { phase: key, from, to, reason } = event.data;
        campaign.phases = campaign.phases.map((phase) => (phase.key === key ? { key, ...to } : phase));
        campaign.changes.push({ what: 'phase', key, from: `${from.start}/${from.end}`, to: `${to.start}/${to.end}`, reason, actor, at });
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
        return state;
      }
      case 'DeliverableSubmitted': {
        const { campaignId, unitId, submissionId, content, submittedAt } = event.data;
        const key = deliverableKey(campaignId, content.kind, unitId);
        const version: DeliverableVersion = { submissionId, submittedAt, receivedAt: at, actor };
        const record = state.deliverables.get(key);
        if (record) {
          record.content = content;
          record.status = 'submitted';
          record.history.push(version);
        } else {
          state.deliverables.set(key, { campaignId, unitId, kind: content.kind, content, status: 'submitted', history: [version], returnReason: null, decidedBy: null, decidedAt: null });
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
