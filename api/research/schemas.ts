import { z } from 'zod';
import { pageQuery } from '../paging.ts';
import { cleanLine } from '../../events/catalog/text.ts';
import { findingTopics } from '../../events/catalog/research.ts';
import { recordVisitSchema } from './rules.ts';

const submissionId = z.uuid({ error: 'invalidFormat' });
const day = z.iso.date({ error: 'invalidDate' });

export const declareRoundSchema = z
  .object({
    submissionId,
    name: cleanLine(z.string().trim().min(1, { error: 'required' }).max(60, { error: 'tooLong' })),
    startsOn: day,
    endsOn: day,
  })
  .refine((round) => round.endsOn >= round.startsOn, { path: ['endsOn'], message: 'endsBeforeStart' });

export const formTeamSchema = z.object({
  submissionId,
  name: cleanLine(z.string().trim().min(1, { error: 'required' }).max(60, { error: 'tooLong' })),
  memberIds: z
    .array(z.uuid({ error: 'invalidOption' }))
    .min(1, { error: 'required' })
    .max(30),
  regionIds: z
    .array(z.uuid({ error: 'invalidOption' }))
    .min(1, { error: 'required' })
    .max(50),
});

/** A visit record: its format and the day's rule live in ./rules.ts, which the visit form also runs. */
export { recordVisitSchema };

export const findingsQuery = z.object({
  q: z.string().trim().max(40, { error: 'tooLong' }).optional(),
  topic: z.enum(findingTopics, { error: 'invalidOption' }).optional(),
  regionId: z.uuid({ error: 'invalidOption' }).optional(),
  teamId: z.uuid({ error: 'invalidOption' }).optional(),
  from: day.optional(),
  to: day.optional(),
  after: z
    .string()
    .regex(/^\d{1,20}$/, { error: 'invalidFormat' })
    .optional(),
});

/** A page of findings: the filters above, then the order (date, topic, region, team) and the page. */
export const findingsPageQuery = findingsQuery.extend(pageQuery(['date', 'topic', 'region', 'team'], '-date').shape);
/** Every finding the filter keeps, in the page's order, as .xlsx (the default) or .csv. */
export const findingsExportQuery = findingsPageQuery
  .omit({ limit: true, cursor: true })
  .extend({ format: z.enum(['xlsx', 'csv'], { error: 'invalidOption' }).default('xlsx') });

export const roundQuery = z.object({
  today: day.optional(),
  after: z
    .string()
    .regex(/^\d{1,20}$/, { error: 'invalidFormat' })
    .optional(),
});
