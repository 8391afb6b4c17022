import type { StoredEvent } from '../events/catalog/index.ts';

/**
 * A read model: a fold of the log. `evolve` is deterministic — no clock, no I/O, no
 * randomness — so folding the same events always gives the same state. For speed at a
 * million events it may update the state it is given in place and return it: the runner
 * owns that state and never shares it while folding.
 */
export interface Projection<State> {
  /** Stable name; also the snapshot's key. */
  readonly name: string;
  /** Bump when evolve or the state's shape changes: the projection is rebuilt from position 0. */
  readonly version: number;
  initialState(): State;
  evolve(state: State, event: StoredEvent): State;
}

export type AnyProjection = Projection<any>;
