/**
 * Where the dashboards' inputs last changed, so what they computed can be kept until then
 * (memoisation keyed by log positions). Each number is the position of the last event that
 * changed that input:
 *   tree     — any unit event (opened, renamed, moved, reclassified, profile, standards, closed, 六有);
 *   settings — a province's reporting settings;
 *   accounts — any account event (names shown beside overrides);
 *   units    — per organisation, and per unit it ever stood under (its township): the last report
 *              event (submitted, corrected, approved, returned, health override) of it, or of an
 *              organisation that ever stood under that unit.
 * A unit above the townships takes the latest of its own and of every unit that ever stood below
 * it down to the townships (`versionOf` walks the tree's children, which keeps every child a unit
 * ever had). A view of unit U computed when these stood at (tree, settings, accounts, version of U)
 * is still right while they stand there: the as-of tree is read from dates in the tree, and a move
 * changes `tree`. Each report event costs two map writes, so the million-event replay hardly notices.
 */
import type { StoredEvent } from '../events/catalog/index.ts';
import type { OrganisationTreeState } from './organisationTree.ts';
import type { Projection } from './projection.ts';
import type { Memo } from './reportingSettings.ts';

export interface ReportingVersionsState {
  tree: number;
  settings: number;
  accounts: number;
  /** Per unit: its number (`latest`) and every unit it stood under (opened under, moved to). */
  units: Map<string, VersionNode>;
}

/** One unit's number, linked to its parents' so a report event costs one map lookup. */
export interface VersionNode { latest: number; parents: VersionNode[] }

function nodeOf(state: ReportingVersionsState, unitId: string): VersionNode {
  let node = state.units.get(unitId);
  if (!node) state.units.set(unitId, (node = { latest: 0, parents: [] }));
  return node;
}

export const reportingVersions: Projection<ReportingVersionsState> = {
  name: 'reportingVersions',
  version: 2,
  initialState: () => ({ tree: 0, settings: 0, accounts: 0, units: new Map() }),
  evolve(state, event: StoredEvent) {
    switch (event.type) {
      case 'MonthlyReportSubmitted':
      case 'MonthlyReportApproved':
      case 'MonthlyReportReturned':
      case 'HealthClassOverridden': {
        const node = nodeOf(state, event.data.unitId);
        node.latest = Number(event.position);
        for (const parent of node.parents) parent.latest = node.latest;
        return state;
      }
      case 'UnitOpened':
      case 'UnitMoved': {
        const parentId = event.type === 'UnitOpened' ? event.data.parentId : event.data.toParentId;
        if (parentId) {
          const node = nodeOf(state, event.data.unitId);
          const parent = nodeOf(state, parentId);
          if (!node.parents.includes(parent)) node.parents.push(parent);
        }
        state.tree = Number(event.position);
        return state;
      }
      case 'UnitRenamed':
      case 'UnitReclassified':
      case 'TownshipProfileRecorded':
      case 'StandardsRecorded':
      case 'UnitClosed':
      case 'SixHasConfigured':
        state.tree = Number(event.position);
        return state;
      case 'ReportingSettingsConfigured':
        state.settings = Number(event.position);
        return state;
      case 'AdministratorSetUp':
      case 'UserInvited':
      case 'InvitationAccepted':
      case 'UserDeactivated':
        state.accounts = Number(event.position);
        return state;
      default:
        return state;
    }
  },
};

/** The key under which a view of `unitId` stays right: it changes whenever one of its inputs does. */
export function versionOf(state: ReportingVersionsState, tree: OrganisationTreeState, unitId: string): string {
  return `${state.tree}|${state.settings}|${state.accounts}|${latestBelow(state, tree, unitId)}`;
}

/** The last report event of the unit's subtree: its own number, and above a township every unit ever below it down to the townships. */
function latestBelow(state: ReportingVersionsState, tree: OrganisationTreeState, unitId: string): number {
  let latest = state.units.get(unitId)?.latest ?? 0;
  const kind = tree.units.get(unitId)?.kind;
  if (kind === 'township' || kind === 'organisation') return latest;
  for (const child of tree.children.get(unitId) ?? []) {
    const childKind = tree.units.get(child)?.kind;
    if (childKind === 'organisation') latest = Math.max(latest, state.units.get(child)?.latest ?? 0);
    else latest = Math.max(latest, latestBelow(state, tree, child));
  }
  return latest;
}

/** At most this many township parts are kept (least recently used go first). */
const MEMO_ENTRIES = 20_000;
const memos = new WeakMap<ReportingVersionsState, Map<string, { version: string; value: unknown }>>();

/**
 * A memo of townships' parts of the dashboards, each kept under the version of its township:
 * a new report in one township recomputes that township's part only.
 */
export function memoFor(state: ReportingVersionsState, tree: OrganisationTreeState): Memo {
  let entries = memos.get(state);
  if (!entries) memos.set(state, (entries = new Map()));
  const cache = entries;
  return <T>(key: string, townshipId: string, compute: () => T): T => {
    const id = `${key}|${townshipId}`;
    const version = versionOf(state, tree, townshipId);
    const hit = cache.get(id);
    if (hit && hit.version === version) {
      cache.delete(id);
      cache.set(id, hit);
      return hit.value as T;
    }
    const value = compute();
    cache.delete(id);
    cache.set(id, { version, value });
    if (cache.size > MEMO_ENTRIES) cache.delete(cache.keys().next().value!);
    return value;
  };
}
