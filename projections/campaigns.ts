/**
 * The 100-day drives as they stand: each campaign with its phases and deadlines (and every
 * reschedule), each unit's deliverables with their history and approval, and the published
 * bulletins, each a row of the read database. Status against dates (late, overdue, current phase) is worked out by the
 * queries in `campaign*.ts`, which take `today` as an argument: no clock in a fold.
 *
 * Every record keeps what it needs to be read "as of" a past day (`campaignAsOf`,
 * `deliverableAsOf`): the schedule after each reschedule, and each submission and decision with
 * the time the server took it, so a view of 9/21 shows what was known by the end of 9/21.
 */
import type { BulletinRow, Deadline, DeliverableContent, DeliverableKind, Phase } from '../events/catalog/campaign.ts';
import type { StoredEvent } from '../events/catalog/index.ts';
import { knownBy } from './calendar.ts';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { SqlProjection } from './projection.ts';

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

/** The drives as their queries read them: each record is a row of the read database, read when asked. */
export interface CampaignsState {
  campaigns: { get(id: string): CampaignRecord | undefined; values(): CampaignRecord[] };
  /** Keyed by `deliverableKey`; `ofUnits` has every deliverable of the units given. */
  deliverables: { get(key: string): DeliverableRecord | undefined; ofUnits(unitIds: readonly string[]): DeliverableRecord[]; values(): Iterable<DeliverableRecord> };
  /** Keyed by `${campaignId}|${unitId}|${month}`. */
  bulletins: { get(key: string): PublishedBulletin | undefined };
}

export const deliverableKey = (campaignId: string, kind: DeliverableKind, unitId: string) => `${campaignId}|${kind}|${unitId}`;
export const bulletinKey = (campaignId: string, unitId: string, month: string) => `${campaignId}|${unitId}|${month}`;

const CAMPAIGN_EVENTS = new Set<string>(['CampaignDeclared', 'CampaignPhaseRescheduled', 'CampaignDeadlineRescheduled', 'DeliverableSubmitted', 'DeliverableApproved', 'DeliverableReturned', 'BulletinPublished']);

const VERSION = 6;
export const CAMPAIGNS = `campaigns_v${VERSION}_campaigns`;
export const DELIVERABLES = `campaigns_v${VERSION}_deliverables`;
export const BULLETINS = `campaigns_v${VERSION}_bulletins`;

interface Statements {
  campaign: StatementSync;
  allCampaigns: StatementSync;
  putCampaign: StatementSync;
  deliverable: StatementSync;
  deliverablesOf: StatementSync;
  allDeliverables: StatementSync;
  putDeliverable: StatementSync;
  bulletin: StatementSync;
  putBulletin: StatementSync;
}

const parse = <T>(row: unknown): T | undefined => (row ? JSON.parse((row as { record: string }).record) as T : undefined);

export const campaigns: SqlProjection<Statements, CampaignsState> & { read(sql: Statements): CampaignsState } = {
  name: 'campaigns',
  version: VERSION,
  tables: [CAMPAIGNS, DELIVERABLES, BULLETINS],
  schema: `
    CREATE TABLE ${CAMPAIGNS} (id TEXT PRIMARY KEY, record TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE ${DELIVERABLES} (key TEXT PRIMARY KEY, unit_id TEXT NOT NULL, record TEXT NOT NULL);
    CREATE INDEX ${DELIVERABLES}_unit ON ${DELIVERABLES} (unit_id);
    CREATE TABLE ${BULLETINS} (key TEXT PRIMARY KEY, record TEXT NOT NULL);`,
  prepare: (db: DatabaseSync) => ({
    campaign: db.prepare(`SELECT record FROM ${CAMPAIGNS} WHERE id = ?`),
    allCampaigns: db.prepare(`SELECT record FROM ${CAMPAIGNS}`),
    putCampaign: db.prepare(`INSERT OR REPLACE INTO ${CAMPAIGNS} (id, record) VALUES (?, ?)`),
    deliverable: db.prepare(`SELECT record FROM ${DELIVERABLES} WHERE key = ?`),
    deliverablesOf: db.prepare(`SELECT record FROM ${DELIVERABLES} WHERE unit_id IN (SELECT value FROM json_each(?)) ORDER BY rowid`),
    allDeliverables: db.prepare(`SELECT record FROM ${DELIVERABLES} ORDER BY rowid`),
    putDeliverable: db.prepare(`INSERT INTO ${DELIVERABLES} (key, unit_id, record) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET record = excluded.record`),
    bulletin: db.prepare(`SELECT record FROM ${BULLETINS} WHERE key = ?`),
    putBulletin: db.prepare(`INSERT OR REPLACE INTO ${BULLETINS} (key, record) VALUES (?, ?)`),
  }),
  apply(event: StoredEvent, sql: Statements) {
    if (!CAMPAIGN_EVENTS.has(event.type)) return;
    const at = event.metadata.serverTime;
    const actor = event.metadata.actor;
    const campaignOf = (id: string) => parse<CampaignRecord>(sql.campaign.get(id));
    const putCampaign = (campaign: CampaignRecord) => sql.putCampaign.run(campaign.id, JSON.stringify(campaign));
    const putDeliverable = (record: DeliverableRecord) => sql.putDeliverable.run(deliverableKey(record.campaignId, record.kind, record.unitId), record.unitId, JSON.stringify(record));
    switch (event.type) {
      case 'CampaignDeclared': {
        const { campaignId, unitId, name, phases, deadlines, newSince } = event.data;
        putCampaign({ id: campaignId, unitId, name, phases, deadlines, newSince, declaredAt: at, declaredBy: actor, changes: [], schedules: [{ at, phases, deadlines }] });
        return;
      }
      case 'CampaignPhaseRescheduled': {
        const campaign = campaignOf(event.data.campaignId);
        if (!campaign) return;
        const { phase: key, from, to, reason } = event.data;
        campaign.phases = campaign.phases.map((phase) => (phase.key === key ? { key, ...to } : phase));
        campaign.changes.push({ what: 'phase', key, from: `${from.start}/${from.end}`, to: `${to.start}/${to.end}`, reason, actor, at });
        campaign.schedules.push({ at, phases: campaign.phases, deadlines: campaign.deadlines });
        putCampaign(campaign);
        return;
      }
      case 'CampaignDeadlineRescheduled': {
        const campaign = campaignOf(event.data.campaignId);
        if (!campaign) return;
        const { kind, from, to, reason } = event.data;
        // A deadline moved into another phase belongs to that phase from then on.
        const phase = campaign.phases.find((p) => to >= p.start && to <= p.end)?.key ?? (to < campaign.phases[0]!.start ? campaign.phases[0]!.key : campaign.phases[campaign.phases.length - 1]!.key);
        campaign.deadlines = campaign.deadlines.map((deadline) => (deadline.kind === kind ? { ...deadline, due: to, phase } : deadline));
        campaign.changes.push({ what: 'deadline', key: kind, from, to, reason, actor, at });
        campaign.schedules.push({ at, phases: campaign.phases, deadlines: campaign.deadlines });
        putCampaign(campaign);
        return;
      }
      case 'DeliverableSubmitted': {
        const { campaignId, unitId, submissionId, content, submittedAt } = event.data;
        const version: DeliverableVersion = { submissionId, submittedAt, receivedAt: at, actor };
        const record = parse<DeliverableRecord>(sql.deliverable.get(deliverableKey(campaignId, content.kind, unitId)));
        const step: DeliverableStep = { at, status: 'submitted', actor, reason: null };
        if (record) {
          record.content = content;
          record.status = 'submitted';
          record.history.push(version);
          record.steps.push(step);
          putDeliverable(record);
        } else {
          putDeliverable({ campaignId, unitId, kind: content.kind, content, status: 'submitted', history: [version], returnReason: null, decidedBy: null, decidedAt: null, steps: [step] });
        }
        return;
      }
      case 'DeliverableApproved':
      case 'DeliverableReturned': {
        const record = parse<DeliverableRecord>(sql.deliverable.get(deliverableKey(event.data.campaignId, event.data.kind, event.data.unitId)));
        if (!record) return;
        record.status = event.type === 'DeliverableApproved' ? 'approved' : 'returned';
        record.returnReason = event.type === 'DeliverableReturned' ? event.data.reason : null;
        record.decidedBy = actor;
        record.decidedAt = at;
        record.steps.push({ at, status: record.status, actor, reason: record.returnReason });
        putDeliverable(record);
        return;
      }
      case 'BulletinPublished': {
        const { campaignId, unitId, month, asOf, rows, note } = event.data;
        const bulletin: PublishedBulletin = { campaignId, unitId, month, asOf, rows, note, publishedAt: at, publishedBy: actor };
        sql.putBulletin.run(bulletinKey(campaignId, unitId, month), JSON.stringify(bulletin));
        return;
      }
      default:
    }
  },
  read: (sql: Statements): CampaignsState => ({
    campaigns: {
      get: (id) => parse<CampaignRecord>(sql.campaign.get(id)),
      values: () => sql.allCampaigns.all().map((row) => parse<CampaignRecord>(row)!),
    },
    deliverables: {
      get: (key) => parse<DeliverableRecord>(sql.deliverable.get(key)),
      ofUnits: (unitIds) => sql.deliverablesOf.all(JSON.stringify(unitIds)).map((row) => parse<DeliverableRecord>(row)!),
      *values() {
        for (const row of sql.allDeliverables.iterate()) yield parse<DeliverableRecord>(row)!;
      },
    },
    bulletins: { get: (key) => parse<PublishedBulletin>(sql.bulletin.get(key)) },
  }),
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
