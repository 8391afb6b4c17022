/**
 * The life of one unit of the tree (stream `unit-<id>`): opened, renamed, moved, reclassified,
 * its township profile and standards recorded, closed. Facts about other units that a command
 * depends on (the parent's kind, whether it is open) are looked up by the route and passed in.
 */
import type { DomainEvent, StoredEvent } from '../../events/catalog/index.ts';
import { parentKind, type OrganisationClass, type Standards, type TownshipProfile, type UnitKind } from '../../events/catalog/organisation.ts';
import { DomainRuleError, type Decider } from '../decider.ts';
import type { RuleCode } from '../errors.ts';

export interface ParentFacts {
  id: string;
  kind: UnitKind;
  open: boolean;
}

export type UnitCommand =
  | {
      type: 'open';
      unitId: string;
      kind: UnitKind;
      parent: ParentFacts | null;
      name: string;
      code: string | null;
      on: string;
      township: TownshipProfile | null;
      organisation: OrganisationClass | null;
      /**
       * The units the actor sees that hold the code already (api/auth/scope.ts `unitsWithCode`):
       * another is a clash; one outside their scope is not looked at, since refusing would tell
       * them what is there.
       */
      codeHeldBy: readonly string[];
    }
  | { type: 'rename'; name: string; on: string }
  | { type: 'move'; to: ParentFacts; on: string }
  | { type: 'reclassify'; organisation: OrganisationClass; on: string }
  | { type: 'recordProfile'; township: TownshipProfile; on: string }
  | { type: 'recordStandards'; standards: Standards; on: string }
  | { type: 'recordMembers'; leagueMembers: number; on: string }
  | { type: 'close'; on: string; reason: string };

export interface UnitState {
  unitId: string | null;
  kind: UnitKind | null;
  name: string;
  parentId: string | null;
  openedOn: string | null;
  closed: boolean;
}

const rule = (code: RuleCode, message: string, field?: string) => new DomainRuleError(code, message, field);

export const unitDecider: Decider<UnitState, UnitCommand> = {
  initialState: () => ({ unitId: null, kind: null, name: '', parentId: null, openedOn: null, closed: false }),
  evolve(state, event: StoredEvent) {
    switch (event.type) {
      case 'UnitOpened':
        return {
          unitId: event.data.unitId,
          kind: event.data.kind,
          name: event.data.name,
          parentId: event.data.parentId,
          openedOn: event.data.on,
          closed: false,
        };
      case 'UnitRenamed':
        return { ...state, name: event.data.name };
      case 'UnitMoved':
        return { ...state, parentId: event.data.toParentId };
      case 'UnitClosed':
        return { ...state, closed: true };
      default:
        return state;
    }
  },
  decide(command, state): DomainEvent[] {
    if (command.type === 'open') {
      // A repeated submission keeps its own code.
      if (command.code !== null && command.codeHeldBy.some((holder) => holder !== command.unitId))
        throw rule('codeTaken', 'this code is already used by another unit', 'code');
      if (state.unitId) throw rule('alreadyExists', 'this unit already exists', 'code');
      const expected = parentKind[command.kind];
      if (expected === null ? command.parent !== null : command.parent?.kind !== expected) {
        throw rule('wrongParent', `a ${command.kind} belongs under a ${expected ?? 'nothing'}`, 'parentId');
      }
      if (command.parent && !command.parent.open) throw rule('parentClosed', 'the parent unit is closed', 'parentId');
      if ((command.kind === 'organisation') !== (command.organisation !== null))
        throw rule('classRequired', 'an organisation needs a field and a building mode', 'field');
      const { unitId, kind, name, code, on, township, organisation } = command;
      return [
        {
          type: 'UnitOpened',
          data: { unitId, kind, parentId: command.parent?.id ?? null, name, code, on, township: kind === 'township' ? township : null, organisation },
        },
      ];
    }
    if (!state.unitId || !state.kind) throw rule('notFound', 'no such unit');
    if (state.closed) throw rule('closed', 'the unit is closed');
    if (state.openedOn && command.on < state.openedOn) throw rule('beforeOpening', 'the date is before the unit was opened', 'on');
    const unitId = state.unitId;
    switch (command.type) {
      case 'rename':
        if (command.name === state.name) return [];
        return [{ type: 'UnitRenamed', data: { unitId, name: command.name, on: command.on } }];
      case 'move':
        if (command.to.id === state.parentId) return [];
        if (command.to.kind !== parentKind[state.kind])
          throw rule('wrongParent', `a ${state.kind} belongs under a ${parentKind[state.kind] ?? 'nothing'}`, 'parentId');
        if (!command.to.open) throw rule('parentClosed', 'the new parent unit is closed', 'parentId');
        return [{ type: 'UnitMoved', data: { unitId, fromParentId: state.parentId!, toParentId: command.to.id, on: command.on } }];
      case 'reclassify':
        if (state.kind !== 'organisation') throw rule('notAnOrganisation', 'only organisations have a field and a building mode');
        return [{ type: 'UnitReclassified', data: { unitId, organisation: command.organisation, on: command.on } }];
      case 'recordProfile':
        if (state.kind !== 'township') throw rule('notATownship', 'only township committees have this profile');
        return [{ type: 'TownshipProfileRecorded', data: { unitId, township: command.township, on: command.on } }];
      case 'recordStandards':
        if (state.kind !== 'organisation') throw rule('notAnOrganisation', 'only organisations are measured against these standards');
        return [{ type: 'StandardsRecorded', data: { unitId, standards: command.standards, on: command.on } }];
      case 'recordMembers':
        if (state.kind !== 'organisation') throw rule('notAnOrganisation', 'only organisations have league members');
        return [{ type: 'LeagueMembersRecorded', data: { unitId, leagueMembers: command.leagueMembers, on: command.on } }];
      case 'close':
        return [{ type: 'UnitClosed', data: { unitId, on: command.on, reason: command.reason } }];
    }
  },
};

export const unitStream = (unitId: string) => `unit-${unitId}`;

/** A province's 六有 checklist (stream `sixhas-<provinceId>`): each configuration replaces the one before. */
export type SixHasCommand = Extract<DomainEvent, { type: 'SixHasConfigured' }>['data'];

export const sixHasDecider: Decider<null, SixHasCommand> = {
  initialState: () => null,
  evolve: (state) => state,
  decide: ({ provinceId, items }): DomainEvent[] => [{ type: 'SixHasConfigured', data: { provinceId, items } }],
};

export const sixHasStream = (provinceId: string) => `sixhas-${provinceId}`;
