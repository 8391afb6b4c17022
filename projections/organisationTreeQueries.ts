/**
 * Reading the organisation tree: a unit as it stands (now or as of a date), its children, its
 * ancestors, whether it lies inside a scope, search by name, and counts of organisations.
 */
import type { OrganisationClass, Standards, TownshipProfile, UnitKind } from '../events/catalog/organisation.ts';
import { DEFAULT_SIX_HAS, valueAsOf, type OrganisationTreeState, type SixHasItem, type UnitNode, type UnitRecord } from './organisationTree.ts';

export interface UnitView {
  id: string;
  kind: UnitKind;
  name: string;
  code: string | null;
  parentId: string | null;
  openedOn: string;
  closedOn: string | null;
  closeReason: string | null;
  township: TownshipProfile | null;
  organisation: OrganisationClass | null;
  standards: Standards | null;
  /** The revision of the unit's stream (see UnitRecord.revision). */
  revision: string;
}

/** Open on `asOf`: opened on or before it and not closed by then (null: today's tree). */
export function isOpen(unit: UnitNode, asOf: string | null): boolean {
  if (asOf !== null && unit.openedOn > asOf) return false;
  return unit.closedOn === null || (asOf !== null && unit.closedOn > asOf);
}

export function view(unit: UnitRecord, asOf: string | null = null): UnitView {
  return {
    id: unit.id,
    kind: unit.kind,
    name: valueAsOf(unit.names, asOf) ?? unit.names[0]!.value,
    code: unit.code,
    parentId: valueAsOf(unit.parents, asOf) ?? null,
    openedOn: unit.openedOn,
    closedOn: unit.closedOn,
    closeReason: unit.closeReason,
    township: asOf === null ? unit.township : (valueAsOf(unit.profiles, asOf) ?? null),
    organisation: valueAsOf(unit.classes, asOf) ?? null,
    standards: asOf === null ? unit.standards : (valueAsOf(unit.standardsHistory, asOf) ?? null),
    revision: unit.revision,
  };
}

export function parentOf(state: OrganisationTreeState, unitId: string, asOf: string | null = null): string | null {
  const unit = state.nodes.get(unitId);
  return unit ? (valueAsOf(unit.parents, asOf) ?? null) : null;
}

/** Children under `parentId` on `asOf`; closed ones only when asked. */
export function childrenOf(state: OrganisationTreeState, parentId: string, options: { asOf?: string | null; includeClosed?: boolean } = {}): UnitView[] {
  const asOf = options.asOf ?? null;
  const result: UnitView[] = [];
  for (const id of state.children.get(parentId) ?? []) {
    const unit = state.units.get(id)!;
    if (valueAsOf(unit.parents, asOf) !== parentId) continue;
    if (!options.includeClosed && !isOpen(unit, asOf)) continue;
    if (asOf !== null && unit.openedOn > asOf) continue;
    result.push(view(unit, asOf));
  }
  return result.sort(byName);
}

export function roots(state: OrganisationTreeState): UnitView[] {
  return [...state.roots].map((id) => view(state.units.get(id)!)).sort(byName);
}

/** From the root down to the unit itself, in today's tree or as it stood on `asOf`. */
export function pathTo(state: OrganisationTreeState, unitId: string, asOf: string | null = null): UnitView[] {
  const path: UnitView[] = [];
  for (let id: string | null = unitId; id !== null && path.length < 10; ) {
    const unit = state.units.get(id);
    if (!unit) break;
    path.unshift(view(unit, asOf));
    id = valueAsOf(unit.parents, asOf) ?? null;
  }
  return path;
}

/** The names of the units above a unit on `asOf`, by kind (its township, county, city and province), from the tree's shape. */
export function namesAbove(state: OrganisationTreeState, unitId: string, asOf: string): Partial<Record<UnitKind, string>> {
  const names: Partial<Record<UnitKind, string>> = {};
  let id = valueAsOf(state.nodes.get(unitId)?.parents ?? [], asOf) ?? null;
  for (let depth = 0; id !== null && depth < 10; depth++) {
    const node = state.nodes.get(id);
    if (!node) break;
    names[node.kind] = valueAsOf(node.names, asOf) ?? node.names[0]!.value;
    id = valueAsOf(node.parents, asOf) ?? null;
  }
  return names;
}

/** Whether `unitId` is `rootId` or lies below it, in today's tree or as it stood on `asOf`. */
export function isWithin(state: OrganisationTreeState, unitId: string, rootId: string, asOf: string | null = null): boolean {
  for (let id: string | null = unitId, depth = 0; id !== null && depth < 10; depth++) {
    if (id === rootId) return true;
    id = parentOf(state, id, asOf);
  }
  return false;
}

/** Open organisations in the subtree of a unit (the unit itself counts when it is one). */
export function countOrganisations(state: OrganisationTreeState, unitId: string, asOf: string | null = null): number {
  return openOrganisations(state, unitId, asOf).length;
}

/**
 * Units whose current name contains `text` (a plain substring, so 合作社 finds
 * 农村专业合作社), inside any of the scope roots (all units when scope is null).
 */
export function searchUnits(state: OrganisationTreeState, text: string, scope: string[] | null, limit = 50): UnitView[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  const found: UnitView[] = [];
  for (const unit of state.matching(needle, text.trim())) {
    if (scope && !scope.some((root) => isWithin(state, unit.id, root))) continue;
    found.push(view(unit));
    if (found.length >= limit) break;
  }
  return found.sort(byName);
}

/** The province a unit belongs to (for its 六有 checklist). */
export function sixHasFor(state: OrganisationTreeState, unitId: string): SixHasItem[] {
  const province = pathTo(state, unitId)[0];
  return (province && state.sixHas.get(province.id)) ?? DEFAULT_SIX_HAS;
}

export { DEFAULT_SIX_HAS } from './organisationTree.ts';

const byName = (a: UnitView, b: UnitView) => a.name.localeCompare(b.name, 'zh-CN');

/**
 * The organisations open on `asOf` in the subtree of a unit, as the tree stood that day (a
 * branch moved mid-year counts under its new township from the day it moved): where each stood
 * and its names, read for a whole province at once; `units.get` has a unit's whole record.
 */
export function organisationsUnder(state: OrganisationTreeState, unitId: string, asOf: string): UnitNode[] {
  return openOrganisations(state, unitId, asOf);
}

/** The walk behind `organisationsUnder` and `countOrganisations`, down the parents in force on `asOf` (null: today's tree). */
function openOrganisations(state: OrganisationTreeState, unitId: string, asOf: string | null): UnitNode[] {
  const found: UnitNode[] = [];
  const visit = (id: string) => {
    const unit = state.nodes.get(id);
    if (!unit || !isOpen(unit, asOf)) return;
    if (unit.kind === 'organisation') {
      found.push(unit);
      return;
    }
    for (const child of state.children.get(id) ?? []) {
      // Every past parent keeps its link: a child counts under the parent in force on `asOf`.
      if (valueAsOf(state.nodes.get(child)!.parents, asOf) === id) visit(child);
    }
  };
  visit(unitId);
  return found;
}

/** The whole records of units a walk found (a township's branches: its targets, tables and health need standards and profiles). */
export function recordsOf(state: OrganisationTreeState, units: UnitNode[]): UnitRecord[] {
  return units.map((unit) => state.units.get(unit.id)!);
}
