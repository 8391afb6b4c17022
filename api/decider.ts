import type { DomainEvent, StoredEvent } from '../events/catalog/index.ts';

/**
 * A decider (Emmett's vocabulary): the state of one stream folded from its events, and the
 * decision a command makes on that state — the events to append, or a DomainRuleError.
 */
export interface Decider<State, Command> {
  initialState(): State;
  evolve(state: State, event: StoredEvent): State;
  decide(command: Command, state: State): DomainEvent[];
}

/** A command broke a rule of the domain: 409 with a code and, where it fits, the field. */
export class DomainRuleError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  constructor(code: string, message: string, field?: string) {
    super(message);
    this.name = 'DomainRuleError';
    this.code = code;
    this.field = field;
  }
}
