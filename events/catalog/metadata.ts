import { z } from 'zod';

/**
 * Metadata carried by every event: who did it, which request it belongs to, and the two
 * clocks (the client's, which may be wrong or offline-delayed, and the server's).
 */
export const eventMetadataSchema = z.object({
  /** The account that issued the command ('anonymous' before sign-in exists for a route). */
  actor: z.string().min(1),
  /** Shared by every event caused by one user action, across streams. */
  correlationId: z.string().min(1),
  /** The command or event that directly caused this one. */
  causationId: z.string().min(1),
  /** The form's submission id: the same submission sent twice is one event. */
  clientSubmissionId: z.string().min(1),
  /** When the user pressed submit, by their device's clock; null when not given. */
  clientTime: z.string().nullable(),
  /** When the server accepted the command. */
  serverTime: z.string(),
  /**
   * The fingerprint of the request the command came from (its route and body as validated): a
   * resend of the same submission id must carry the same one. Absent on events written before it.
   */
  requestHash: z.string().nullable().optional(),
  /** The version of the event's data schema it was written with. */
  schemaVersion: z.number().int().positive(),
});

export type EventMetadata = z.infer<typeof eventMetadataSchema>;
