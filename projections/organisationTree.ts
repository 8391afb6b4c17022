/**
 * The organisation tree (组织架构): every unit with its dated history of names, parents and
 * classes, so the tree can be read as it stands now or "as of" any date (a closed branch is
 * no longer counted from the day it closed; a moved one counts under its new parent from the
 * day it moved).
 */
import type { StoredEvent } from '../events/catalog/index.ts';
import type { OrganisationClass, Standards, TownshipProfile, UnitKind } from '../events/catalog/organisation.ts';
import type { Projection } from './projection.ts';

/** A value that holds from a date on (ISO yyyy-mm-dd), in order of date then of the log. */
export interface Dated<T> { on: string; value: T }

export interface UnitRecord {
  id: string;
  kind: UnitKind;
  code: string | null;
  openedOn: string;
  closedOn: string | null;
  closeReason: string | null;
  names: Dated<string>[];
  parents: Dated<string | null>[];
  classes: Dated<OrganisationClass>[];
  /** The township profile in force now (the latest by date); `profiles` has each with its date. */
  township: TownshipProfile | null;
  profiles: Dated<TownshipProfile>[];
  /** The standards met now (the latest by date); `standardsHistory` has each with its date. */
  standards: Standards | null;
  standardsHistory: Dated<Standards>[];
  /** League members recorded for an organisation (from an import), each with its date. */
  members: Dated<number>[];
  /** The revision of the unit's own stream: an editor sends back the one they saw (no silent last-writer-wins). */
  revision: string;
}

export interface SixHasItem { key: string; zh: string; en: string }

export interface OrganisationTreeState {
  units: Map<string, UnitRecord>;
  /** Every unit that was ever a child of a parent (filtered by date when read). */
  children: Map<string, Set<string>>;
  roots: Set<string>;
  /**
   * The units holding each code. A code is unique within what one person sees, not across the
   * tree: checking it across the tree would tell a manager what exists outside their scope.
   */
  byCode: Map<string, string[]>;
  sixHas: Map<string, SixHasItem[]>;
}

function insertDated<T>(list: Dated<T>[], entry: Dated<T>): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.on > entry.on) i--;
  list.splice(i, 0, entry);
}

function link(state: OrganisationTreeState, parentId: string | null, unitId: string): void {
  if (parentId === null) { state.roots.add(unitId); return; }
  const set = state.children.get(parentId) ?? new Set<string>();
  set.add(unitId);
  state.children.set(parentId, set);
}

const TREE_EVENTS = new Set<string>(['UnitOpened', 'UnitRenamed', 'UnitMoved', 'UnitReclassified', 'TownshipProfileRecorded', 'StandardsRecorded', 'LeagueMembersRecorded', 'UnitClosed', 'SixHasConfigured']);

export const organisationTree: Projection<OrganisationTreeState> = {
  name: 'organisationTree',
  version: 4,
  initialState: () => ({ units: new Map(), children: new Map(), roots: new Set(), byCode: new Map(), sixHas: new Map() }),
  evolve(state, event: StoredEvent) {
    // Most of the log is reports: leave before looking anything up.
    if (!TREE_EVENTS.has(event.type)) return state;
    const unit = 'unitId' in event.data ? state.units.get(event.data.unitId) : undefined;
    if (unit && event.streamName === `unit-${unit.id}`) unit.revision = event.revision.toString();
    switch (event.type) {
      case 'UnitOpened': {
        const { unitId, kind, parentId, name, code, on, township, organisation } = event.data;
        state.units.set(unitId, {
          id: unitId, kind, code, openedOn: on, closedOn: null, closeReason: null,
          names: [{ on, value: name }], parents: [{ on, value: parentId }],
          classes: organisation ? [{ on, value: organisation }] : [], township, standards: null,
          profiles: township ? [{ on, value: township }] : [], standardsHistory: [], members: [], revision: event.revision.toString(),
        });
        link(state, parentId, unitId);
        if (code) state.byCode.set(code, [...(state.byCode.get(code) ?? []), unitId]);
        return state;
      }
      case 'UnitRenamed':
        if (unit) insertDated(unit.names, { on: event.data.on, value: event.data.name });
        return state;
      case 'UnitMoved':
        if (unit) {
          insertDated(unit.parents, { on: event.data.on, value: event.data.toParentId });
          link(state, event.data.toParentId, unit.id);
        }
        return state;
      case 'UnitReclassified':
        if (unit) insertDated(unit.classes, { on: event.data.on, value: event.data.organisation });
        return state;
      case 'TownshipProfileRecorded':
        if (unit) {
          insertDated(unit.profiles, { on: event.data.on, value: event.data.township });
          unit.township = valueAsOf(unit.profiles, null) ?? null;
        }
        return state;
      case 'StandardsRecorded':
        if (unit) {
          insertDated(unit.standardsHistory, { on: event.data.on, value: event.data.standards });
          unit.standards = valueAsOf(unit.standardsHistory, null) ?? null;
        }
        return state;
      case 'LeagueMembersRecorded':
        if (unit) insertDated(unit.members, { on: event.data.on, value: event.data.leagueMembers });
        return state;
      case 'UnitClosed':
        if (unit) { unit.closedOn = event.data.on; unit.closeReason = event.data.reason || null; }
        return state;
      case 'SixHasConfigured':
        state.sixHas.set(event.data.provinceId, event.data.items);
        return state;
      default:
        return state;
    }
  },
};

/** The value in force on `asOf` (the latest when asOf is null); undefined before the first. */
export function valueAsOf<T>(list: Dated<T>[], asOf: string | null): T | undefined {
  if (asOf === null) return list[list.length - 1]?.value;
  let found: T | undefined;
  for (const entry of list) {
    if (entry.on > asOf) break;
    found = entry.value;
  }
  return found;
}
