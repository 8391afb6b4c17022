import { z } from 'zod';
import { pageQuery } from '../paging.ts';
import { cleanLine } from '../../events/catalog/text.ts';
import { finding, findingTopics, researchItems } from '../../events/catalog/research.ts';
import { attachmentSchema, MAX_ATTACHMENTS } from '../../events/catalog/attachment.ts';

const submissionId = z.uuid({ error: 'invalidFormat' });
const day = z.iso.date({ error: 'invalidDate' });

export const declareRoundSchema = z.object({
  submissionId,
  name: cleanLine(z.string().trim().min(1, { error: 'required' }).max(60, { error: 'tooLong' })),
  startsOn: day,
  endsOn: day,
}).refine((round) => round.endsOn >= round.startsOn, { path: ['endsOn'], message: 'endsBeforeStart' });

export const formTeamSchema = z.object({
  submissionId,
  name: cleanLine(z.string().trim().min(1, { error: 'required' }).max(60, { error: 'tooLong' })),
  memberIds: z.array(z.uuid({ error: 'invalidOption' })).min(1, { error: 'required' }).max(30),
  regionIds: z.array(z.uuid({ error: 'invalidOption' })).min(1, { error: 'required' }).max(50),
});

export const recordVisitSchema = z.object({
  submissionId,
  regionId: z.uuid({ error: 'invalidOption' }),
  item: z.enum(researchItems, { error: 'invalidOption' }),
  date: day,
  place: z.string().trim().min(1, { error: 'required' }).max(100, { error: 'tooLong' }),
  participants: z.object({
    count: z.number().int({ error: 'wholeNumber' }).min(1, { error: 'atLeastOne' }).max(10_000),
    who: z.string().trim().max(500, { error: 'tooLong' }).default(''),
  }),
  notes: z.string().trim().max(5000, { error: 'tooLong' }).default(''),
  findings: z.array(finding).min(1, { error: 'required' }).max(20),
  recommendations: z.string().trim().max(2000, { error: 'tooLong' }).default(''),
  location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).nullable().default(null),
  /** Files uploaded first (PUT /api/attachments/:sha256), named here by hash. */
  attachments: z.array(attachmentSchema).max(MAX_ATTACHMENTS).default([]),
  clientTime: z.iso.datetime({ offset: true, error: 'invalidFormat' }).optional(),
});

export const findingsQuery = z.object({
  q: z.string().trim().max(40, { error: 'tooLong' }).optional(),
  topic: z.enum(findingTopics, { error: 'invalidOption' }).optional(),
  regionId: z.uuid({ error: 'invalidOption' }).optional(),
  teamId: z.uuid({ error: 'invalidOption' }).optional(),
  from: day.optional(),
  to: day.optional(),
  after: z.string().regex(/^\d{1,20}$/, { error: 'invalidFormat' }).optional(),
});

/** A page of findings: the filters above, then the order (date, topic, region, team) and the page. */
export const findingsPageQuery = findingsQuery.extend(pageQuery(['date', 'topic', 'region', 'team'], '-date').shape);
/** Every finding the filter keeps, in the page's order, as .xlsx (the default) or .csv. */
export const findingsExportQuery = findingsPageQuery.omit({ limit: true, cursor: true }).extend({ format: z.enum(['xlsx', 'csv'], { error: 'invalidOption' }).default('xlsx') });

export const roundQuery = z.object({
  today: day.optional(),
  after: z.string().regex(/^\d{1,20}$/, { error: 'invalidFormat' }).optional(),
});
