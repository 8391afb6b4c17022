/**
 * The "open a unit" command as the form sends it, shared by the page's action (without
 * JavaScript) and the outbox (with it), so both send the same JSON and land on the same page.
 */
import type { z } from 'zod';
import type { openUnitSchema } from '../../../../../../api/units/schemas.ts';
import type { BranchField, BuildingMode } from '../../../../../../events/catalog/branch.ts';
import type { UnitKind } from '../../../../../../events/catalog/organisation.ts';
import { numberOrText, optional, valuesOf } from '#lib/forms.ts';

export const fields = ['submissionId', 'name', 'code', 'on', 'population', 'committeeMembers', 'annualFunding', 'field', 'buildingMode'] as const;

export function openUnitBody(form: FormData, kind: UnitKind, parentId: string): z.input<typeof openUnitSchema> {
  const values = valuesOf(form, fields);
  // The API validates; the form passes on what was typed (a number field with letters goes on as text, to be refused).
  return {
    submissionId: values.submissionId,
    kind,
    parentId,
    name: values.name,
    code: optional(values.code),
    on: optional(values.on),
    township:
      kind === 'township'
        ? {
            population: numberOrText(values.population),
            committeeMembers: numberOrText(values.committeeMembers),
            annualFunding: numberOrText(values.annualFunding),
          }
        : undefined,
    organisation: kind === 'organisation' ? { field: values.field as BranchField, buildingMode: values.buildingMode as BuildingMode } : undefined,
  };
}

/** The parent's page with the new unit highlighted, once the projection has it (`after`). */
export const openedPage = (parentId: string, receipt: { position: string; unitId?: unknown }) =>
  `/units/${parentId}?${new URLSearchParams({ after: receipt.position, opened: String(receipt.unitId) })}`;
