import { describe, it, expect } from 'vitest';
import { deciderSpec } from '../../test/spec.ts';
import { DomainRuleError } from '../decider.ts';
import { branchDecider, registerBranchSchema } from './registration.ts';

const spec = deciderSpec(branchDecider);
const command = {
  submissionId: '0193a0c4-7c2e-7a1b-8c3d-4e5f60718293',
  name: '西村团支部',
  township: '城关镇团委',
  field: 'village' as const,
  buildingMode: 'independent' as const,
};

describe('registering a branch (团组织登记)', () => {
  it('given no events, when registered, then BranchRegistered with the submission id as branch id', () => {
    spec.given([]).when(command).then([
      { type: 'BranchRegistered', data: { branchId: command.submissionId, name: '西村团支部', township: '城关镇团委', field: 'village', buildingMode: 'independent' } },
    ]);
  });

  it('given it is registered, when registered again, then alreadyRegistered', () => {
    const registered = { type: 'BranchRegistered' as const, data: { branchId: command.submissionId, name: '西村团支部', township: '城关镇团委', field: 'village' as const, buildingMode: 'independent' as const } };
    spec.given([registered]).when(command).thenThrows((error) => {
      expect(error).toBeInstanceOf(DomainRuleError);
      expect((error as DomainRuleError).code).toBe('alreadyRegistered');
    });
  });

  it('the schema trims names and rejects blank names, unknown fields and modes', () => {
    expect(registerBranchSchema.parse({ ...command, name: '  西村团支部 ' }).name).toBe('西村团支部');
    const result = registerBranchSchema.safeParse({ ...command, name: '   ', field: 'moon', buildingMode: '' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['buildingMode', 'field', 'name']);
  });
});
