/**
 * The township branch list (乡镇团委所属团组织名册): every registered organisation, grouped
 * by the township committee it belongs to, in the order they were registered.
 */
import type { BranchField, BuildingMode } from '../events/catalog/branch.ts';
import type { StoredEvent } from '../events/catalog/index.ts';
import type { Projection } from './projection.ts';

export interface BranchEntry {
  branchId: string;
  name: string;
  field: BranchField;
  buildingMode: BuildingMode;
  /** Server time of registration (ISO). */
  registeredAt: string;
}

export interface TownshipBranchesState {
  /** Keyed by township name; a Map, since names are user input (a key like __proto__ is fine). */
  townships: Map<string, BranchEntry[]>;
}

export const townshipBranches: Projection<TownshipBranchesState> = {
  name: 'townshipBranches',
  version: 1,
  initialState: () => ({ townships: new Map() }),
  evolve(state, event: StoredEvent) {
    switch (event.type) {
      case 'BranchRegistered': {
        const { branchId, name, township, field, buildingMode } = event.data;
        const branches = state.townships.get(township) ?? [];
        branches.push({ branchId, name, field, buildingMode, registeredAt: event.metadata.serverTime });
        state.townships.set(township, branches);
        return state;
      }
      default:
        return state;
    }
  },
};

export interface TownshipSummary {
  township: string;
  branches: number;
}

/** Townships with their number of organisations, by Chinese collation of the name. */
export function listTownships(state: TownshipBranchesState): TownshipSummary[] {
  return [...state.townships]
    .map(([township, branches]) => ({ township, branches: branches.length }))
    .sort((a, b) => a.township.localeCompare(b.township, 'zh-CN'));
}

export function branchesOf(state: TownshipBranchesState, township: string): BranchEntry[] {
  return state.townships.get(township) ?? [];
}
