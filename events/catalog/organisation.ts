/**
 * The organisation tree as events: province → city → county/district → township/sub-district
 * committee (乡镇团委 / 街道团工委, the "big league committee") → its organisations (village
 * branches 村团支部 and directly affiliated organisations 直属团组织). Every change carries the
 * date it takes effect (`on`), so any view can be asked "as of" a date.
 */
import { z } from 'zod';
import { branchFields, buildingModes, splitLegacyGovernment } from './branch.ts';
import { defineEvent } from './define.ts';

export const unitKinds = ['province', 'city', 'county', 'township', 'organisation'] as const;
export type UnitKind = (typeof unitKinds)[number];

/** The kind each kind's parent must be. */
export const parentKind: Record<UnitKind, UnitKind | null> = {
  province: null,
  city: 'province',
  county: 'city',
  township: 'county',
  organisation: 'township',
};

const unitId = z.uuid();
const day = z.iso.date({ error: 'invalidDate' });
export const unitName = z.string().trim().min(1, { error: 'required' }).max(60, { error: 'tooLong' });
/** The code the unit has in the league's own registers (used to match imports). */
export const unitCode = z.string().max(40, { error: 'tooLong' });

/** Attributes of a township committee: population sets its 2345 target band. */
export const townshipProfile = z.object({
  population: z.number().int().min(0).max(10_000_000).nullable(), // 乡镇人口
  committeeMembers: z.number().int().min(0).max(1000).nullable(), // 团委委员数
  annualFunding: z.number().min(0).max(1_000_000_000).nullable(), // 年度工作经费(元)
});
export type TownshipProfile = z.infer<typeof townshipProfile>;

/** How an organisation is classified: its field (village = 村团支部, others 直属团组织) and mode. */
export const organisationClass = z.object({
  field: z.enum(branchFields, { error: 'invalidOption' }),
  buildingMode: z.enum(buildingModes, { error: 'invalidOption' }),
});
export type OrganisationClass = z.infer<typeof organisationClass>;

/** A unit was opened (成立) under its parent. */
/** An organisation class written before 机关 and 事业单位 were apart, lifted to one of them (see splitLegacyGovernment). */
function splitGovernment(organisation: unknown, name: string | null): unknown {
  const written = organisation as { field?: string } | null;
  return written?.field === 'government' ? { ...written, field: splitLegacyGovernment(name) } : organisation;
}

export const UnitOpened = defineEvent({
  type: 'UnitOpened',
  version: 3,
  schema: z.object({
    unitId,
    kind: z.enum(unitKinds),
    parentId: unitId.nullable(),
    name: unitName,
    code: unitCode.nullable(),
    on: day,
    township: townshipProfile.nullable(),
    organisation: organisationClass.nullable(),
  }),
  upcasters: {
    // Version 1 was written when only independently built organisations (独立建团) were
    // registered: its organisations carried a field and no building mode.
    1: (data) => {
      const organisation = data.organisation as { field: string } | null;
      return { ...data, organisation: organisation ? { ...organisation, buildingMode: 'independent' } : null };
    },
    // Version 2 had one field for government organs and public institutions (机关事业单位).
    2: (data) => ({ ...data, organisation: splitGovernment(data.organisation, typeof data.name === 'string' ? data.name : null) }),
  },
});

export const UnitRenamed = defineEvent({
  type: 'UnitRenamed',
  version: 1,
  upcasters: {},
  schema: z.object({ unitId, name: unitName, on: day }),
});

/** Moved to another parent of the same kind (e.g. a branch handed to a neighbouring township). */
export const UnitMoved = defineEvent({
  type: 'UnitMoved',
  version: 1,
  upcasters: {},
  schema: z.object({ unitId, fromParentId: unitId, toParentId: unitId, on: day }),
});

/** An organisation's field or building mode changed (reclassified). */
export const UnitReclassified = defineEvent({
  type: 'UnitReclassified',
  version: 2,
  schema: z.object({ unitId, organisation: organisationClass, on: day }),
  upcasters: {
    // Version 1 had one field for government organs and public institutions; it names no unit, so 机关.
    1: (data) => ({ ...data, organisation: splitGovernment(data.organisation, null) }),
  },
});

/**
 * The league members (团员) an organisation has, as recorded from an import; monthly reports
 * give the figure from then on (the latest of the two counts).
 */
export const LeagueMembersRecorded = defineEvent({
  type: 'LeagueMembersRecorded',
  version: 1,
  upcasters: {},
  schema: z.object({ unitId, leagueMembers: z.number().int().min(0).max(100_000), on: day }),
});

export const TownshipProfileRecorded = defineEvent({
  type: 'TownshipProfileRecorded',
  version: 1,
  upcasters: {},
  schema: z.object({ unitId, township: townshipProfile, on: day }),
});

/**
 * Standards an organisation is measured against: the three registration steps of a directly
 * affiliated organisation (发文 document, 备案 filing, 挂牌 plaque), the 五个有, the 四有, and
 * the items of its province's 六有 checklist that it meets.
 */
export const standards = z.object({
  registration: z.object({ document: z.boolean(), filing: z.boolean(), plaque: z.boolean() }),
  fiveHas: z.object({ venue: z.boolean(), supplies: z.boolean(), rules: z.boolean(), divisionOfWork: z.boolean(), workPlan: z.boolean() }),
  fourHas: z.object({ organisation: z.boolean(), venue: z.boolean(), activities: z.boolean(), results: z.boolean() }),
  sixHas: z.array(z.string().min(1).max(40)).max(12),
});
export type Standards = z.infer<typeof standards>;

export const StandardsRecorded = defineEvent({
  type: 'StandardsRecorded',
  version: 1,
  upcasters: {},
  schema: z.object({ unitId, standards, on: day }),
});

/** Closed (撤销): from the month it closed it is no longer expected to report. */
export const UnitClosed = defineEvent({
  type: 'UnitClosed',
  version: 1,
  upcasters: {},
  schema: z.object({ unitId, on: day, reason: z.string().trim().max(500) }),
});

/** The six items of 六有, which each province sets for itself. */
export const SixHasConfigured = defineEvent({
  type: 'SixHasConfigured',
  version: 1,
  upcasters: {},
  schema: z.object({
    provinceId: unitId,
    items: z
      .array(z.object({ key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/), zh: z.string().min(1).max(40), en: z.string().min(1).max(60) }))
      .min(1)
      .max(12),
  }),
});
