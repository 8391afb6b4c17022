/**
 * Who may do what in a drive. Managers and administrators take part; secretaries and
 * researchers do not. Outside one's scope answers like a drive that does not exist.
 */
import type { OrganisationTreeState } from '../../projections/organisationTree.ts';
import type { CampaignRecord } from '../../projections/campaigns.ts';
import { isWithin } from '../../projections/organisationTreeQueries.ts';
import { canChange, canSee, type Actor } from '../auth/scope.ts';

const takesPart = (actor: Actor) => actor.role === 'administrator' || actor.role === 'manager';

/** A committee (province, city, county) declares for itself, or a manager above it does. */
export function mayDeclare(tree: OrganisationTreeState, actor: Actor, unitId: string): boolean {
  const kind = tree.units.get(unitId)?.kind;
  return takesPart(actor) && (kind === 'province' || kind === 'city' || kind === 'county') && canSee(tree, actor, unitId);
}

/** Managers of the declaring committee and above, and those of every unit in the drive. */
export function maySeeCampaign(tree: OrganisationTreeState, actor: Actor, campaign: CampaignRecord): boolean {
  if (actor.role === 'administrator') return true;
  return actor.role === 'manager' && (canSee(tree, actor, campaign.unitId) || actor.unitIds.some((id) => isWithin(tree, id, campaign.unitId)));
}

/** Rescheduling and bulletins of the whole drive: the declaring committee or above. */
export function mayManageCampaign(tree: OrganisationTreeState, actor: Actor, campaign: CampaignRecord): boolean {
  return takesPart(actor) && canSee(tree, actor, campaign.unitId);
}

/** A unit belongs to the drive's picture: inside the declaring committee, or above it. */
export function inCampaign(tree: OrganisationTreeState, campaign: CampaignRecord, unitId: string): boolean {
  return isWithin(tree, unitId, campaign.unitId) || isWithin(tree, campaign.unitId, unitId);
}

/** May look at the drive from this unit (timeline, targets, bulletin, tables). */
export function maySeeUnitIn(tree: OrganisationTreeState, actor: Actor, campaign: CampaignRecord, unitId: string): boolean {
  return tree.units.has(unitId) && maySeeCampaign(tree, actor, campaign) && inCampaign(tree, campaign, unitId) && canSee(tree, actor, unitId);
}

/** A unit's own managers submit what it owes (and managers above may do it for them). */
export function maySubmitFor(tree: OrganisationTreeState, actor: Actor, unitId: string): boolean {
  return takesPart(actor) && canSee(tree, actor, unitId);
}

/** The level above approves or returns: a manager strictly above the unit. */
export function mayDecideFor(tree: OrganisationTreeState, actor: Actor, unitId: string): boolean {
  return takesPart(actor) && canChange(tree, actor, unitId);
}

/** The unit a manager looks at the drive from by default: the declaring committee, or their own unit inside it. */
export function defaultUnit(tree: OrganisationTreeState, actor: Actor, campaign: CampaignRecord): string | null {
  if (canSee(tree, actor, campaign.unitId)) return campaign.unitId;
  return actor.unitIds.find((id) => isWithin(tree, id, campaign.unitId)) ?? null;
}

/**
 * Publishes a bulletin from a unit of the drive (a committee ranking a level below it): the
 * declaring committee's managers and those above it, and the managers of each committee inside
 * the drive for their own area (a county ranks its townships in the city's drive).
 */
export function mayPublishFrom(tree: OrganisationTreeState, actor: Actor, campaign: CampaignRecord, unitId: string): boolean {
  return takesPart(actor) && maySeeUnitIn(tree, actor, campaign, unitId) && isWithin(tree, unitId, campaign.unitId);
}

/** Reads a unit's ranks in the published bulletins: its own managers and those above (secretaries and researchers take no part in drives). */
export function maySeeRanksOf(tree: OrganisationTreeState, actor: Actor, unitId: string): boolean {
  return takesPart(actor) && tree.units.has(unitId) && canSee(tree, actor, unitId);
}
