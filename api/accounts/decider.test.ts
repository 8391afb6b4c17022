import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../test/spec.ts';
import { DomainRuleError } from '../decider.ts';
import { accountId, setupDecider } from './decider.ts';

const userId = accountId('admin');
const setUp = { type: 'AdministratorSetUp' as const, data: { userId, loginName: 'admin', displayName: '系统管理员', passwordHash: 'scrypt$…' } };
const command = { userId, loginName: 'admin', displayName: '系统管理员', passwordHash: 'scrypt$…', administratorExists: false };
const setupDone = (error: unknown) => {
  expect(error).toBeInstanceOf(DomainRuleError);
  expect((error as DomainRuleError).code).toBe('setupDone');
};

describe('the first administrator (decider)', () => {
  const spec = deciderSpec(setupDecider);
  it('given no administrator, when set up, then AdministratorSetUp', () => {
    spec.given([]).when(command).then([setUp]);
  });
  it('given an administrator exists (in the accounts), when set up, then setupDone', () => {
    spec
      .given([])
      .when({ ...command, administratorExists: true })
      .thenThrows(setupDone);
  });
  it('given another set-up was written first (a race the read model has not seen yet), then setupDone', () => {
    spec
      .given([setUp])
      .when({ ...command, loginName: 'root', userId: accountId('root') })
      .thenThrows(setupDone);
  });
});
