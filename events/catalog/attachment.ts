import { z } from 'zod';

/**
 * A file an event refers to (a case's scan, a visit's photo, a report's picture): the bytes are
 * kept once by their SHA-256 in the attachment store (events/attachments.ts), the event holds
 * only this description of them.
 */
export const attachmentSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  name: z.string().min(1).max(200),
  type: z.string().min(1).max(120),
  size: z.number().int().min(1),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** The most files one visit, report or case carries. */
export const MAX_ATTACHMENTS = 10;

/** A visit's or report's files: optional, so events written before files existed still read (as none). */
export const attachmentList = z.array(attachmentSchema).max(MAX_ATTACHMENTS).optional();
