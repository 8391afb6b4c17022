import type { DomainEvent, StoredEvent } from '../events/catalog/index.ts';
import { chinaDate, deviceTimeTooOld } from '../projections/calendar.ts';
import type { RuleCode } from './errors.ts';

/**
 * A decider (Emmett's vocabulary): the state of one stream folded from its events, and the
 * decision a command makes on that state — the events to append, or a DomainRuleError.
 */
export interface Decider<State, Command> {
  initialState(): State;
  evolve(state: State, event: StoredEvent): State;
  decide(command: Command, state: State): DomainEvent[];
}

/**
 * A command broke a rule of the domain: 409 with a code and, where it fits, the field. `params`
 * fill the placeholders of the rule's message (`{due}` …) in the caller's language.
 */
export class DomainRuleError extends Error {
  readonly code: RuleCode;
  readonly field: string | undefined;
  readonly params: Record<string, string>;
  constructor(code: RuleCode, message: string, field?: string, params: Record<string, string> = {}) {
    super(message);
    this.name = 'DomainRuleError';
    this.code = code;
    this.field = field;
    this.params = params;
  }
}

/**
 * Refuses a submission whose device time lies more than the trusted window before it arrived
 * (projections/calendar.ts): the date it counts from cannot be believed, and replacing it with
 * the arrival would make it late without saying why. A paper submission's date is recorded by a
 * manager instead.
 */
export function requireTrustedDeviceTime(submittedAt: string, receivedAt: string): void {
  if (deviceTimeTooOld(submittedAt, receivedAt)) {
    throw new DomainRuleError(
      'deviceTimeTooOld',
      `the device time ${submittedAt} is more than a month before the submission arrived (${receivedAt})`,
      undefined,
      {
        deviceDay: chinaDate(submittedAt),
        receivedDay: chinaDate(receivedAt),
      },
    );
  }
}
