/** Who may see and do what in field research; the tree scope rules applied to rounds and teams. */
import type { OrganisationTreeState } from '../../projections/organisationTree.ts';
import { isWithin } from '../../projections/organisationTreeQueries.ts';
import type { ResearchState, Round, Team, VisitRecord } from '../../projections/research.ts';
import type { Actor } from '../auth/scope.ts';

const insideScope = (tree: OrganisationTreeState, actor: Actor, unitId: string) => actor.unitIds.some((root) => isWithin(tree, unitId, root));

/** Declare a round for a unit, form its teams: an administrator, or a manager of the unit or above it. */
export function mayManageRound(tree: OrganisationTreeState, actor: Actor, unitId: string): boolean {
  return actor.role === 'administrator' || (actor.role === 'manager' && tree.units.has(unitId) && insideScope(tree, actor, unitId));
}

export function mayRecord(actor: Actor, team: Team): boolean {
  return actor.role === 'administrator' || team.memberIds.includes(actor.userId);
}

export function maySeeTeam(tree: OrganisationTreeState, state: ResearchState, actor: Actor, team: Team): boolean {
  const round = state.rounds.get(team.roundId)!;
  return (
    mayRecord(actor, team) ||
    mayManageRound(tree, actor, round.unitId) ||
    (actor.role === 'manager' && team.regionIds.some((region) => insideScope(tree, actor, region)))
  );
}

/**
 * The regions of a team the actor may see its work in: all of them for its members and the
 * round's managers; for a manager who sees the team through a region of theirs, only those regions
 * (a team's visits elsewhere, with their places, are outside their scope).
 */
export function visibleRegions(tree: OrganisationTreeState, state: ResearchState, actor: Actor, team: Team): string[] {
  if (mayRecord(actor, team) || mayManageRound(tree, actor, state.rounds.get(team.roundId)!.unitId)) return team.regionIds;
  return team.regionIds.filter((region) => insideScope(tree, actor, region));
}

export function maySeeRound(tree: OrganisationTreeState, state: ResearchState, actor: Actor, round: Round): boolean {
  return mayManageRound(tree, actor, round.unitId) || round.teamIds.some((id) => maySeeTeam(tree, state, actor, state.teams.get(id)!));
}

/** A finding is visible to its team, to the round's managers, and to managers of the region visited. */
export function maySeeRecord(tree: OrganisationTreeState, state: ResearchState, actor: Actor, record: VisitRecord): boolean {
  if (actor.role === 'administrator') return true;
  const team = state.teams.get(record.teamId)!;
  return (
    team.memberIds.includes(actor.userId) ||
    mayManageRound(tree, actor, state.rounds.get(record.roundId)!.unitId) ||
    (actor.role === 'manager' && insideScope(tree, actor, record.regionId))
  );
}
