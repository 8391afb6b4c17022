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
import type { BulletinRow, Deadline, DeliverableContent, DeliverableKind, Phase, RankedLevel } from '../events/catalog/campaign.ts';
import type { StoredEvent } from '../events/catalog/index.ts';
import { effectiveDay, knownBy } from './calendar.ts';
import { areasOf, counter, Deltas, type Areas, type Counter } from './rollUp.ts';
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

export interface DeliverableVersion {
  submissionId: string;
  submittedAt: string;
  receivedAt: string;
  actor: string;
}

/** One step in a deliverable's life, with when the server took it. */
export interface DeliverableStep {
  at: string;
  status: 'submitted' | 'approved' | 'returned';
  actor: string;
  reason: string | null;
}

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
  /** The level ranked; absent in bulletins published before a level could be chosen (the publisher's direct children). */
  level?: RankedLevel;
}

/** How many of a drive's deliverables of one kind, in a unit's area (itself and the units open under it now), stand as each status; how many came late. */
export interface DeliverableCounts {
  approved: number;
  submitted: number;
  returned: number;
  late: number;
  returnedLate: number;
}

/** The drives as their queries read them: each record is a row of the read database, read when asked. */
export interface CampaignsState {
  campaigns: { get(id: string): CampaignRecord | undefined; values(): CampaignRecord[] };
  /** Keyed by `deliverableKey`; `ofUnits` has every deliverable of the units given. */
  deliverables: {
    get(key: string): DeliverableRecord | undefined;
    ofUnits(unitIds: readonly string[]): DeliverableRecord[];
    values(): Iterable<DeliverableRecord>;
  };
  /** Keyed by `${campaignId}|${unitId}|${month}`. */
  bulletins: { get(key: string): PublishedBulletin | undefined };
  /**
   * The deliverable counts of a unit's area for a drive, by kind, kept as events arrive; they
   * stand for `day` only when `countsHoldOn` says so (nothing about the drive or the tree is
   * dated after it): otherwise read the deliverables as of that day.
   */
  counts(unitId: string, campaignId: string): Map<DeliverableKind, DeliverableCounts>;
  countsHoldOn(campaignId: string, day: string): boolean;
}

export const deliverableKey = (campaignId: string, kind: DeliverableKind, unitId: string) => `${campaignId}|${kind}|${unitId}`;
export const bulletinKey = (campaignId: string, unitId: string, month: string) => `${campaignId}|${unitId}|${month}`;

const CAMPAIGN_EVENTS = new Set<string>([
  'CampaignDeclared',
  'CampaignPhaseRescheduled',
  'CampaignDeadlineRescheduled',
  'DeliverableSubmitted',
  'DeliverableApproved',
  'DeliverableReturned',
  'BulletinPublished',
  'UnitOpened',
  'UnitMoved',
  'UnitClosed',
]);

const VERSION = 8;
export const CAMPAIGNS = `campaigns_v${VERSION}_campaigns`;
export const DELIVERABLES = `campaigns_v${VERSION}_deliverables`;
export const BULLETINS = `campaigns_v${VERSION}_bulletins`;
/** Per unit (at every level, up the tree as it stands now: rollUp.ts), drive and kind: the deliverables by status, the late ones, and the late ones returned. */
export const COUNTS = `campaigns_v${VERSION}_counts`;
/** The units above the branches: when open, and their parents by date (the counts roll up through them). */
export const AREAS = `campaigns_v${VERSION}_areas`;
export const AREA_PARENTS = `campaigns_v${VERSION}_area_parents`;
/** The latest day any unit above the branches opened, moved or closed on: the counts hold for a day from then on. */
export const TREE_DAY = `campaigns_v${VERSION}_tree_day`;

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
  changed: StatementSync;
  ofKind: StatementSync;
  area: StatementSync;
  openArea: StatementSync;
  closeArea: StatementSync;
  areaParent: StatementSync;
  treeDay: StatementSync;
  setTreeDay: StatementSync;
  countsOf: StatementSync;
  changedAt: StatementSync;
  counts: Counter;
  areas: Areas;
  deltas: Deltas;
}

/** What one deliverable adds to its unit's counts: approved, submitted, returned, late (its first submission after the due day), late and returned. */
function countsOf(record: DeliverableRecord | undefined, campaign: CampaignRecord): number[] {
  if (!record) return [0, 0, 0, 0, 0];
  const due = campaign.deadlines.find((deadline) => deadline.kind === record.kind)!.due;
  const late = effectiveDay(record.history[0]!) > due;
  return [
    record.status === 'approved' ? 1 : 0,
    record.status === 'submitted' ? 1 : 0,
    record.status === 'returned' ? 1 : 0,
    late ? 1 : 0,
    late && record.status === 'returned' ? 1 : 0,
  ];
}

/** Moves a deliverable's counts from what it was to what it is (the declaring committee owes nothing: its own are not counted). */
function recount(sql: Statements, campaign: CampaignRecord, unitId: string, kind: DeliverableKind, before: number[], after: number[]): void {
  if (unitId === campaign.unitId || after.every((value, i) => value === before[i])) return;
  sql.deltas.add(
    sql.counts,
    [unitId, campaign.id, kind],
    after.map((value, i) => value - before[i]!),
  );
}

const parse = <T>(row: unknown): T | undefined => (row ? (JSON.parse((row as { record: string }).record) as T) : undefined);

export const campaigns: SqlProjection<Statements, CampaignsState, 'campaigns'> & { read(sql: Statements): CampaignsState } = {
  name: 'campaigns',
  version: VERSION,
  tables: [CAMPAIGNS, DELIVERABLES, BULLETINS],
  schema: `
    CREATE TABLE ${CAMPAIGNS} (id TEXT PRIMARY KEY, record TEXT NOT NULL, changed_at TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE ${DELIVERABLES} (key TEXT PRIMARY KEY, unit_id TEXT NOT NULL, record TEXT NOT NULL);
    CREATE INDEX ${DELIVERABLES}_unit ON ${DELIVERABLES} (unit_id);
    CREATE TABLE ${BULLETINS} (key TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE ${COUNTS} (unit_id TEXT NOT NULL, campaign_id TEXT NOT NULL, kind TEXT NOT NULL, approved INTEGER NOT NULL, submitted INTEGER NOT NULL,
      returned INTEGER NOT NULL, late INTEGER NOT NULL, returned_late INTEGER NOT NULL, PRIMARY KEY (unit_id, campaign_id, kind)) WITHOUT ROWID;
    CREATE TABLE ${AREAS} (unit_id TEXT PRIMARY KEY, opened_on TEXT NOT NULL, closed_on TEXT) WITHOUT ROWID;
    CREATE TABLE ${AREA_PARENTS} (unit_id TEXT NOT NULL, on_day TEXT NOT NULL, seq INTEGER NOT NULL, parent_id TEXT, PRIMARY KEY (unit_id, on_day, seq)) WITHOUT ROWID;
    CREATE TABLE ${TREE_DAY} (id INTEGER PRIMARY KEY CHECK (id = 1), day TEXT NOT NULL);`,
  prepare: (db: DatabaseSync) => statementsOf(db),
  flush: (sql: Statements) => sql.deltas.flush(),
  apply(event: StoredEvent, sql: Statements) {
    if (!CAMPAIGN_EVENTS.has(event.type)) return;
    const at = event.metadata.serverTime;
    const actor = event.metadata.actor;
    const campaignOf = (id: string) => parse<CampaignRecord>(sql.campaign.get(id));
    // Its last change is when the server took this event: the counts hold for the days known from then.
    const putCampaign = (campaign: CampaignRecord) => sql.putCampaign.run(campaign.id, JSON.stringify(campaign), at);
    const putDeliverable = (record: DeliverableRecord) =>
      sql.putDeliverable.run(deliverableKey(record.campaignId, record.kind, record.unitId), record.unitId, JSON.stringify(record));
    switch (event.type) {
      case 'CampaignDeclared': {
        const { campaignId, unitId, name, phases, deadlines, newSince } = event.data;
        putCampaign({
          id: campaignId,
          unitId,
          name,
          phases,
          deadlines,
          newSince,
          declaredAt: at,
          declaredBy: actor,
          changes: [],
          schedules: [{ at, phases, deadlines }],
        });
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
        const before = campaignOf(event.data.campaignId);
        if (!before) return;
        const campaign = structuredClone(before);
        const { kind, from, to, reason } = event.data;
        // A deadline moved into another phase belongs to that phase from then on.
        const phase =
          campaign.phases.find((p) => to >= p.start && to <= p.end)?.key ??
          (to < campaign.phases[0]!.start ? campaign.phases[0]!.key : campaign.phases[campaign.phases.length - 1]!.key);
        campaign.deadlines = campaign.deadlines.map((deadline) => (deadline.kind === kind ? { ...deadline, due: to, phase } : deadline));
        campaign.changes.push({ what: 'deadline', key: kind, from, to, reason, actor, at });
        campaign.schedules.push({ at, phases: campaign.phases, deadlines: campaign.deadlines });
        putCampaign(campaign);
        // Which of this kind came late is judged against the new due day (rare: a drive moves a deadline or two).
        const prefix = `${campaign.id}|${kind}|`;
        for (const row of sql.ofKind.all(prefix, `${prefix}\uffff`)) {
          const record = parse<DeliverableRecord>(row)!;
          recount(sql, campaign, record.unitId, kind, countsOf(record, before), countsOf(record, campaign));
        }
        return;
      }
      case 'DeliverableSubmitted': {
        const { campaignId, unitId, submissionId, content, submittedAt } = event.data;
        const version: DeliverableVersion = { submissionId, submittedAt, receivedAt: at, actor };
        const record = parse<DeliverableRecord>(sql.deliverable.get(deliverableKey(campaignId, content.kind, unitId)));
        const campaign = campaignOf(campaignId);
        const before = campaign && countsOf(record, campaign);
        const step: DeliverableStep = { at, status: 'submitted', actor, reason: null };
        const after: DeliverableRecord = record
          ? { ...record, content, status: 'submitted', history: [...record.history, version], steps: [...record.steps, step] }
          : {
              campaignId,
              unitId,
              kind: content.kind,
              content,
              status: 'submitted',
              history: [version],
              returnReason: null,
              decidedBy: null,
              decidedAt: null,
              steps: [step],
            };
        putDeliverable(after);
        if (campaign) {
          recount(sql, campaign, unitId, content.kind, before!, countsOf(after, campaign));
          sql.changed.run(at, campaignId);
        }
        return;
      }
      case 'DeliverableApproved':
      case 'DeliverableReturned': {
        const record = parse<DeliverableRecord>(sql.deliverable.get(deliverableKey(event.data.campaignId, event.data.kind, event.data.unitId)));
        if (!record) return;
        const campaign = campaignOf(event.data.campaignId);
        const before = campaign && countsOf(record, campaign);
        record.status = event.type === 'DeliverableApproved' ? 'approved' : 'returned';
        record.returnReason = event.type === 'DeliverableReturned' ? event.data.reason : null;
        record.decidedBy = actor;
        record.decidedAt = at;
        record.steps.push({ at, status: record.status, actor, reason: record.returnReason });
        putDeliverable(record);
        if (campaign) {
          recount(sql, campaign, record.unitId, record.kind, before!, countsOf(record, campaign));
          sql.changed.run(at, campaign.id);
        }
        return;
      }
      case 'BulletinPublished': {
        const { campaignId, unitId, month, asOf, rows, note, level } = event.data;
        const bulletin: PublishedBulletin = { campaignId, unitId, month, asOf, rows, note, publishedAt: at, publishedBy: actor, ...(level ? { level } : {}) };
        sql.putBulletin.run(bulletinKey(campaignId, unitId, month), JSON.stringify(bulletin));
        return;
      }
      // The tree above the branches, for the counts to roll up: a unit that moves or closes takes its counts along.
      case 'UnitOpened': {
        const { unitId, kind, parentId, on } = event.data;
        if (kind === 'organisation') return;
        sql.openArea.run(unitId, on);
        sql.areaParent.run(unitId, on, Number(event.position), parentId);
        sql.setTreeDay.run(on);
        sql.areas.forget(unitId);
        return;
      }
      case 'UnitMoved': {
        const { unitId, toParentId, on } = event.data;
        if (!sql.area.get(unitId)) return;
        sql.setTreeDay.run(on);
        sql.deltas.moveAbove([sql.counts], unitId, () => sql.areaParent.run(unitId, on, Number(event.position), toParentId));
        return;
      }
      case 'UnitClosed': {
        const { unitId, on } = event.data;
        if (!sql.area.get(unitId)) return;
        sql.setTreeDay.run(on);
        sql.deltas.moveAbove([sql.counts], unitId, () => sql.closeArea.run(on, unitId));
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
    counts(unitId, campaignId) {
      const rows = sql.countsOf.all(unitId, campaignId) as unknown as Array<DeliverableCounts & { kind: DeliverableKind }>;
      return new Map(rows.map(({ kind, approved, submitted, returned, late, returnedLate }) => [kind, { approved, submitted, returned, late, returnedLate }]));
    },
    countsHoldOn(campaignId, day) {
      const changed = sql.changedAt.get(campaignId) as { changedAt: string } | undefined;
      const tree = sql.treeDay.get() as { day: string } | undefined;
      return changed !== undefined && knownBy(changed.changedAt, day) && (tree === undefined || tree.day <= day);
    },
  }),
};

function statementsOf(db: DatabaseSync): Statements {
  const areas = areasOf(db, AREAS, AREA_PARENTS);
  return {
    areas,
    deltas: new Deltas(areas),
    counts: counter(db, COUNTS, ['unit_id', 'campaign_id', 'kind'], ['approved', 'submitted', 'returned', 'late', 'returned_late'], 'undated'),
    changed: db.prepare(`UPDATE ${CAMPAIGNS} SET changed_at = ? WHERE id = ?`),
    changedAt: db.prepare(`SELECT changed_at AS changedAt FROM ${CAMPAIGNS} WHERE id = ?`),
    ofKind: db.prepare(`SELECT record FROM ${DELIVERABLES} WHERE key > ? AND key < ?`),
    area: db.prepare(`SELECT 1 FROM ${AREAS} WHERE unit_id = ?`),
    openArea: db.prepare(`INSERT OR REPLACE INTO ${AREAS} (unit_id, opened_on, closed_on) VALUES (?, ?, NULL)`),
    closeArea: db.prepare(`UPDATE ${AREAS} SET closed_on = ? WHERE unit_id = ?`),
    areaParent: db.prepare(`INSERT INTO ${AREA_PARENTS} (unit_id, on_day, seq, parent_id) VALUES (?, ?, ?, ?)`),
    treeDay: db.prepare(`SELECT day FROM ${TREE_DAY} WHERE id = 1`),
    setTreeDay: db.prepare(`INSERT INTO ${TREE_DAY} (id, day) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET day = max(day, ?1)`),
    countsOf: db.prepare(
      `SELECT kind, approved, submitted, returned, late, returned_late AS returnedLate FROM ${COUNTS} WHERE unit_id = ? AND campaign_id = ?`,
    ),
    campaign: db.prepare(`SELECT record FROM ${CAMPAIGNS} WHERE id = ?`),
    allCampaigns: db.prepare(`SELECT record FROM ${CAMPAIGNS}`),
    putCampaign: db.prepare(
      `INSERT INTO ${CAMPAIGNS} (id, record, changed_at) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO UPDATE SET record = ?2, changed_at = ?3`,
    ),
    deliverable: db.prepare(`SELECT record FROM ${DELIVERABLES} WHERE key = ?`),
    deliverablesOf: db.prepare(`SELECT record FROM ${DELIVERABLES} WHERE unit_id IN (SELECT value FROM json_each(?)) ORDER BY rowid`),
    allDeliverables: db.prepare(`SELECT record FROM ${DELIVERABLES} ORDER BY rowid`),
    putDeliverable: db.prepare(`INSERT INTO ${DELIVERABLES} (key, unit_id, record) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET record = excluded.record`),
    bulletin: db.prepare(`SELECT record FROM ${BULLETINS} WHERE key = ?`),
    putBulletin: db.prepare(`INSERT OR REPLACE INTO ${BULLETINS} (key, record) VALUES (?, ?)`),
  };
}

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
