/**
 * Registering a league organisation under a township committee (团组织登记): the command,
 * its schema (the one validation of the form and the API), and its decider.
 */
import { z } from 'zod';
import { branchFields, branchName, buildingModes, townshipName } from '../../events/catalog/branch.ts';
import { DomainRuleError, type Decider } from '../decider.ts';

export const registerBranchSchema = z.object({
  /** The form's submission id; it becomes the branch id and the event id. */
  submissionId: z.uuid({ error: 'invalidFormat' }),
  name: branchName,
  township: townshipName,
  field: z.enum(branchFields, { error: 'invalidOption' }),
  buildingMode: z.enum(buildingModes, { error: 'invalidOption' }),
  /** When the user pressed submit, by their device's clock (ISO 8601). */
  clientTime: z.iso.datetime({ offset: true, error: 'invalidFormat' }).optional(),
});
export type RegisterBranch = z.infer<typeof registerBranchSchema>;

export interface BranchState {
  registered: boolean;
}

export const branchDecider: Decider<BranchState, RegisterBranch> = {
  initialState: () => ({ registered: false }),
  evolve(state, event) {
    return event.type === 'BranchRegistered' ? { registered: true } : state;
  },
  decide(command, state) {
    if (state.registered) throw new DomainRuleError('alreadyRegistered', 'this organisation is already registered');
    const { submissionId, name, township, field, buildingMode } = command;
    return [{ type: 'BranchRegistered', data: { branchId: submissionId, name, township, field, buildingMode } }];
  },
};

export const branchStream = (branchId: string) => `branch-${branchId}`;
