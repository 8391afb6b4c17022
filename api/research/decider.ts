/**
 * Field research (调研): a round (stream `round-<id>`), a team of the round (stream `team-<id>`)
 * and one visit record (stream `visit-<id>`). Each stream holds the one event its command wrote:
 * made again (the same submission id, or its id derived again), nothing more is written.
 *
 * What a command depends on outside its own stream — the members' roles, whether each region
 * lies in the round's unit, the team's regions and the round's dates, today — is looked up by the
 * route and passed in: the rules themselves are decided here (the visit's day by ./rules.ts, which
 * the visit form also runs).
 */
import type { Role } from '../../events/catalog/account.ts';
import type { Attachment } from '../../events/catalog/attachment.ts';
import type { DomainEvent, StoredEvent } from '../../events/catalog/index.ts';
import { DomainRuleError, type Decider } from '../decider.ts';
import { visitDateRule, type VisitDates } from './rules.ts';

/** A visit as the form sends it (without the ids the server adds). */
export type Visit = Omit<Extract<DomainEvent, { type: 'VisitItemRecorded' }>['data'], 'recordId' | 'roundId' | 'teamId' | 'attachments'>;

export type ResearchCommand =
  | { type: 'declareRound'; roundId: string; unitId: string; name: string; startsOn: string; endsOn: string }
  | {
      type: 'formTeam';
      teamId: string;
      roundId: string;
      name: string;
      /** Each member named, with the role of their account (null: no such account). */
      members: Array<{ userId: string; role: Role | null }>;
      /** Each region named, and whether it is a unit within the round's unit. */
      regions: Array<{ unitId: string; withinRound: boolean }>;
    }
  | {
      type: 'recordVisit';
      recordId: string;
      team: { teamId: string; roundId: string; regionIds: readonly string[] };
      /** The round's dates and today (China's calendar). */
      dates: VisitDates;
      visit: Visit;
      attachments: Attachment[];
    };

/** Whether the stream's one event is written. */
export type ResearchState = boolean;

export const researchDecider: Decider<ResearchState, ResearchCommand> = {
  initialState: () => false,
  evolve: (written, event: StoredEvent) =>
    written || event.type === 'ResearchRoundDeclared' || event.type === 'ResearchTeamFormed' || event.type === 'VisitItemRecorded',
  decide(command, written): DomainEvent[] {
    switch (command.type) {
      case 'declareRound': {
        if (written) return [];
        const { roundId, unitId, name, startsOn, endsOn } = command;
        return [{ type: 'ResearchRoundDeclared', data: { roundId, unitId, name, startsOn, endsOn } }];
      }
      case 'formTeam': {
        // A team visits as researchers: every member's account must be one.
        if (command.members.some((member) => member.role !== 'researcher'))
          throw new DomainRuleError('notResearchers', 'team members must be researchers', 'memberIds');
        if (command.regions.some((region) => !region.withinRound))
          throw new DomainRuleError('regionOutsideRound', 'a region is outside the round’s unit', 'regionIds');
        if (written) return [];
        const { teamId, roundId, name } = command;
        return [
          {
            type: 'ResearchTeamFormed',
            data: {
              teamId,
              roundId,
              name,
              memberIds: command.members.map((member) => member.userId),
              regionIds: command.regions.map((region) => region.unitId),
            },
          },
        ];
      }
      case 'recordVisit': {
        const { recordId, team, dates, visit, attachments } = command;
        if (!team.regionIds.includes(visit.regionId)) throw new DomainRuleError('regionNotAssigned', 'the region is not assigned to this team', 'regionId');
        const broken = visitDateRule(visit.date, dates);
        if (broken) {
          throw new DomainRuleError(
            broken,
            broken === 'visitInFuture' ? 'the date is still to come' : `the date is outside the round (${dates.startsOn} – ${dates.endsOn})`,
            'date',
            { ...dates },
          );
        }
        if (written) return [];
        // Only a record with files names them: one without reads as records always did.
        return [
          {
            type: 'VisitItemRecorded',
            data: { recordId, roundId: team.roundId, teamId: team.teamId, ...visit, ...(attachments.length > 0 ? { attachments } : {}) },
          },
        ];
      }
    }
  },
};

export const roundStream = (roundId: string) => `round-${roundId}`;
export const teamStream = (teamId: string) => `team-${teamId}`;
export const visitStream = (recordId: string) => `visit-${recordId}`;
