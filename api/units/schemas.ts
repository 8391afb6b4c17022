/** Request bodies of the organisation-tree commands: the one validation of forms and API. */
import { pageQuery } from '../paging.ts';
import { z } from 'zod';
import { cleanLine, cleanText } from '../../events/catalog/text.ts';
import { unitKinds, unitName, townshipProfile, organisationClass, standards } from '../../events/catalog/organisation.ts';

const submissionId = z.uuid({ error: 'invalidFormat' });
/** The date a change takes effect; today (China time) when left out. */
const on = z.iso.date({ error: 'invalidDate' }).optional();

export const openUnitSchema = z.object({
  submissionId,
  kind: z.enum(unitKinds, { error: 'invalidOption' }),
  parentId: z.uuid({ error: 'invalidOption' }).nullable(),
  name: cleanLine(unitName),
  code: z.string().trim().max(40, { error: 'tooLong' }).optional(),
  on,
  township: townshipProfile.optional(),
  organisation: organisationClass.optional(),
});

/**
 * The revision of the unit the editor saw (`unit.revision` in GET /units/:id): a change made by
 * someone else meanwhile is refused (409 changedMeanwhile) instead of being overwritten unseen.
 * Required for rename and move, where a silent last writer would do most harm.
 */
const revision = z.string({ error: 'required' }).regex(/^\d{1,12}$/, { error: 'invalidFormat' });

export const renameSchema = z.object({ submissionId, name: cleanLine(unitName), on, revision });
export const moveSchema = z.object({ submissionId, parentId: z.uuid({ error: 'invalidOption' }), on, revision });
export const reclassifySchema = z.object({ submissionId, organisation: organisationClass, on, revision: revision.optional() });
export const profileSchema = z.object({ submissionId, township: townshipProfile, on, revision: revision.optional() });
export const standardsSchema = z.object({ submissionId, standards, on, revision: revision.optional() });
export const closeSchema = z.object({
  submissionId,
  on,
  reason: cleanText(z.string().trim().max(500, { error: 'tooLong' })).default(''),
  revision: revision.optional(),
});
export const sixHasSchema = z.object({
  submissionId,
  items: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, { error: 'invalidFormat' }),
        zh: z.string().trim().min(1).max(40),
        en: z.string().trim().min(1).max(60),
      }),
    )
    .min(1)
    .max(12),
});
export const unitQuery = z.object({
  after: z
    .string()
    .regex(/^\d{1,20}$/, { error: 'invalidFormat' })
    .optional(),
  asOf: z.iso.date({ error: 'invalidDate' }).optional(),
  /** `false` leaves out a unit's composition (organisations by field, members): a province's takes a third of a second, and only the unit's own page shows it. */
  composition: z.enum(['true', 'false']).default('true'),
});
export const searchQuery = z.object({
  q: z.string().trim().min(1, { error: 'required' }).max(40, { error: 'tooLong' }),
  after: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
});

/** The audit trail of a subtree: paged by time, filtered by action, actor and days. */
export const auditQuery = unitQuery
  .omit({ asOf: true, composition: true })
  .extend(pageQuery(['time'], '-time').shape)
  .extend({
    /** Event types, comma-separated (`UnitRenamed,UnitMoved`). */
    type: z
      .string()
      .regex(/^[A-Za-z]{1,60}(,[A-Za-z]{1,60}){0,29}$/, { error: 'invalidFormat' })
      .optional(),
    actor: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, { error: 'invalidFormat' })
      .optional(),
    from: z.iso.date({ error: 'invalidDate' }).optional(),
    to: z.iso.date({ error: 'invalidDate' }).optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { error: 'endsBeforeStart', path: ['to'] });
