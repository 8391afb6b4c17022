/**
 * The event catalog: every event type the product writes, and the one way to turn a
 * recorded event back into a typed domain event (upcast to the current version, validate).
 */
import type { z } from 'zod';
import type { EventToAppend, RecordedEvent } from '../store/port.ts';
import { AdministratorSetUp, InvitationAccepted, InvitationRenewed, UserDeactivated, UserInvited, UserReactivated } from './account.ts';
import {
  BulletinPublished,
  CampaignDeadlineRescheduled,
  CampaignDeclared,
  CampaignPhaseRescheduled,
  DeliverableApproved,
  DeliverableReturned,
  DeliverableSubmitted,
} from './campaign.ts';
import type { EventDefinition } from './define.ts';
import { eventMetadataSchema, type EventMetadata } from './metadata.ts';
import { NotificationsRead, ReminderDelivered, ReminderDeliveryClaimed, ReminderSent } from './reminder.ts';
import { ResearchRoundDeclared, ResearchTeamFormed, VisitItemRecorded } from './research.ts';
import {
  HealthClassOverridden,
  MonthlyReportApproved,
  MonthlyReportReceivedOnPaper,
  MonthlyReportReturned,
  MonthlyReportSubmitted,
  ReportingSettingsConfigured,
} from './report.ts';
import {
  LeagueMembersRecorded,
  SixHasConfigured,
  StandardsRecorded,
  TownshipProfileRecorded,
  UnitClosed,
  UnitMoved,
  UnitOpened,
  UnitReclassified,
  UnitRenamed,
} from './organisation.ts';

export const catalog = [
  UnitOpened,
  UnitRenamed,
  UnitMoved,
  UnitReclassified,
  TownshipProfileRecorded,
  StandardsRecorded,
  LeagueMembersRecorded,
  UnitClosed,
  SixHasConfigured,
  AdministratorSetUp,
  UserInvited,
  InvitationAccepted,
  InvitationRenewed,
  UserDeactivated,
  UserReactivated,
  MonthlyReportSubmitted,
  MonthlyReportApproved,
  MonthlyReportReturned,
  MonthlyReportReceivedOnPaper,
  HealthClassOverridden,
  ReportingSettingsConfigured,
  ResearchRoundDeclared,
  ResearchTeamFormed,
  VisitItemRecorded,
  CampaignDeclared,
  CampaignPhaseRescheduled,
  CampaignDeadlineRescheduled,
  DeliverableSubmitted,
  DeliverableApproved,
  DeliverableReturned,
  BulletinPublished,
  ReminderSent,
  ReminderDeliveryClaimed,
  ReminderDelivered,
  NotificationsRead,
] as const;

type Definitions = (typeof catalog)[number];
/** A domain event: its type name with that type's current data. */
export type DomainEvent = {
  [D in Definitions as D['type']]: { type: D['type']; data: z.infer<D['schema']> };
}[Definitions['type']];
export type EventType = DomainEvent['type'];

/** A decoded event with its place in the log. */
export type StoredEvent = DomainEvent & {
  id: string;
  streamName: string;
  revision: bigint;
  position: bigint;
  metadata: EventMetadata;
};

const byType = new Map<string, EventDefinition>(catalog.map((definition) => [definition.type, definition]));

export class UnknownEventError extends Error {
  constructor(type: string, position: bigint) {
    super(`event at position ${position} has a type the catalog does not know: ${type}`);
    this.name = 'UnknownEventError';
  }
}

/**
 * Turns a recorded event into the current version of its domain event, or throws.
 *
 * Data is validated when it is written (`encode`), so an event read back at the version it was
 * written with is trusted as it is: validating a million events again on every rebuild would cost
 * more than folding them. Data lifted from an older version by upcasters, or written by newer
 * code than this, is validated here.
 */
export function decode(recorded: RecordedEvent): StoredEvent {
  const definition = byType.get(recorded.type);
  if (!definition) throw new UnknownEventError(recorded.type, recorded.position);
  const raw = recorded.metadata as Partial<EventMetadata> | null;
  const written = raw?.schemaVersion ?? 1;
  let data = recorded.data as Record<string, unknown>;
  for (let v = written; v < definition.version; v++) data = definition.upcasters[v]!(data);
  // Metadata keeps the version the event was written with; the data is now the current one.
  const metadata =
    written === definition.version && raw?.schemaVersion !== undefined ? (raw as EventMetadata) : eventMetadataSchema.parse({ schemaVersion: 1, ...raw });
  return {
    type: recorded.type,
    data: written === definition.version ? data : definition.schema.parse(data),
    id: recorded.id,
    streamName: recorded.streamName,
    revision: recorded.revision,
    position: recorded.position,
    metadata,
  } as StoredEvent;
}

/** Whether the catalog knows this type (projections skip types written by newer code). */
export function isKnownType(type: string): boolean {
  return byType.has(type);
}

/** Builds the event to append, stamping the current schema version into its metadata. */
export function encode(event: DomainEvent, id: string, metadata: Omit<EventMetadata, 'schemaVersion'>): EventToAppend {
  const definition = byType.get(event.type)!;
  return { id, type: event.type, data: definition.schema.parse(event.data), metadata: { ...metadata, schemaVersion: definition.version } };
}
