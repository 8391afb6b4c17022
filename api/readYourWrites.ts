import { z } from 'zod';

/**
 * `?after=<position>` on a query: answer only once the projections have folded the log up to
 * that position (the one a command's receipt gave), so a submitter sees their own write.
 */
export const afterQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,20}$/, { error: 'invalidFormat' })
    .optional(),
});
