/**
 * Who may see and change what, over the organisation tree. Enforced on the server for every
 * route; a unit outside the actor's scope answers exactly like a unit that does not exist.
 */
import type { Role } from '../../events/catalog/account.ts';
import type { OrganisationTreeState } from '../../projections/organisationTree.ts';
import { isWithin } from '../../projections/organisationTreeQueries.ts';

export interface Actor {
  userId: string;
  loginName: string;
  displayName: string;
  role: Role;
  /** Scope roots: a manager's unit, a secretary's organisation, a researcher's regions. */
  unitIds: string[];
}

const inside = (tree: OrganisationTreeState, actor: Actor, unitId: string, asOf: string | null = null) =>
  actor.unitIds.some((root) => isWithin(tree, unitId, root, asOf));

/** May read the unit (and, for managers and researchers, everything below it). */
export function canSee(tree: OrganisationTreeState, actor: Actor, unitId: string): boolean {
  if (!tree.units.has(unitId)) return actor.role === 'administrator';
  switch (actor.role) {
    case 'administrator':
      return true;
    case 'manager':
    case 'researcher':
      return inside(tree, actor, unitId);
    case 'secretary':
      return actor.unitIds.includes(unitId);
  }
}

/**
 * May read the unit as it stood on `asOf`: in scope today, or in scope that day. A branch that
 * moved to another township stays visible to its old township for the time it was theirs.
 */
export function canSeeAsOf(tree: OrganisationTreeState, actor: Actor, unitId: string, asOf: string): boolean {
  if (canSee(tree, actor, unitId)) return true;
  return (actor.role === 'manager' || actor.role === 'researcher') && tree.units.has(unitId) && inside(tree, actor, unitId, asOf);
}

/** May decide for the unit about a time when it stood where it stood on `asOf` (approve a month's report). */
export function canChangeAsOf(tree: OrganisationTreeState, actor: Actor, unitId: string, asOf: string): boolean {
  if (canChange(tree, actor, unitId)) return true;
  return actor.role === 'manager' && tree.units.has(unitId) && !actor.unitIds.includes(unitId) && inside(tree, actor, unitId, asOf);
}

/** The units holding `code` that the actor may see: a code outside one's scope answers as one unused. */
export function unitsWithCode(tree: OrganisationTreeState, actor: Actor, code: string): string[] {
  return (tree.byCode.get(code) ?? []).filter((id) => canSee(tree, actor, id));
}

/** May open a unit under `parentId`: an administrator anywhere, a manager inside their unit. */
export function canOpenUnder(tree: OrganisationTreeState, actor: Actor, parentId: string | null): boolean {
  if (actor.role === 'administrator') return true;
  return actor.role === 'manager' && parentId !== null && tree.units.has(parentId) && inside(tree, actor, parentId);
}

/** May rename, move, reclassify, close or record facts of a unit: strictly below a manager's own unit. */
export function canChange(tree: OrganisationTreeState, actor: Actor, unitId: string): boolean {
  if (actor.role === 'administrator') return tree.units.has(unitId);
  return actor.role === 'manager' && tree.units.has(unitId) && !actor.unitIds.includes(unitId) && inside(tree, actor, unitId);
}

/** May decide, together, the reports of the organisations under a unit (批量审核 from its list): an administrator, a manager whose scope holds it. */
export function canDecideUnder(tree: OrganisationTreeState, actor: Actor, unitId: string): boolean {
  if (actor.role === 'administrator') return tree.units.has(unitId);
  return actor.role === 'manager' && tree.units.has(unitId) && inside(tree, actor, unitId);
}

/** May invite a user with this role over these units: managers only into their own subtree. */
export function canInvite(tree: OrganisationTreeState, actor: Actor, role: Role, unitIds: string[]): boolean {
  if (role === 'administrator') return false; // there is one way to make an administrator: first-run set-up
  if (actor.role === 'administrator') return unitIds.every((id) => tree.units.has(id));
  return actor.role === 'manager' && unitIds.length > 0 && unitIds.every((id) => tree.units.has(id) && inside(tree, actor, id));
}

/** The scope roots to search and list within; null means everything (administrators). */
export function scopeRoots(actor: Actor): string[] | null {
  return actor.role === 'administrator' ? null : actor.unitIds;
}

/** May submit the monthly report of an organisation: its secretary, a manager above it, an administrator. */
export function canSubmitReport(tree: OrganisationTreeState, actor: Actor, unitId: string): boolean {
  const unit = tree.units.get(unitId);
  if (unit?.kind !== 'organisation') return false;
  if (actor.role === 'administrator') return true;
  if (actor.role === 'secretary') return actor.unitIds.includes(unitId);
  return actor.role === 'manager' && inside(tree, actor, unitId);
}
