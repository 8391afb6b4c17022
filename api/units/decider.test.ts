import { describe, expect, it } from 'vitest';
import { DomainRuleError } from '../decider.ts';
import { deciderSpec } from '../../test/spec.ts';
import { sixHasDecider, unitDecider, type UnitCommand } from './decider.ts';

const spec = deciderSpec(unitDecider);
const township = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718290';
const other = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718291';
const unitId = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718292';
const organisation = { field: 'village' as const, buildingMode: 'independent' as const };
const opened = {
  type: 'UnitOpened' as const,
  data: { unitId, kind: 'organisation' as const, parentId: township, name: '东风村团支部', code: 'O1', on: '2026-01-01', township: null, organisation },
};
const open: UnitCommand = {
  type: 'open',
  unitId,
  kind: 'organisation',
  parent: { id: township, kind: 'township', open: true },
  name: '东风村团支部',
  code: 'O1',
  on: '2026-01-01',
  township: null,
  organisation,
  codeHeldBy: [],
};
const ruleCode = (code: string) => (error: unknown) => {
  expect(error).toBeInstanceOf(DomainRuleError);
  expect((error as DomainRuleError).code).toBe(code);
};

describe('a unit of the tree (decider)', () => {
  it('given nothing, when opened under a township, then UnitOpened', () => {
    spec.given([]).when(open).then([opened]);
  });

  it('given nothing, when an organisation is opened under a county, then wrongParent', () => {
    spec
      .given([])
      .when({ ...open, parent: { id: township, kind: 'county', open: true } } as UnitCommand)
      .thenThrows(ruleCode('wrongParent'));
  });

  it('given nothing, when opened under a closed township, then parentClosed', () => {
    spec
      .given([])
      .when({ ...open, parent: { id: township, kind: 'township', open: false } } as UnitCommand)
      .thenThrows(ruleCode('parentClosed'));
  });

  it('given nothing, when opened with a code another unit the actor sees holds, then codeTaken on code (checked first)', () => {
    spec
      .given([])
      .when({ ...open, codeHeldBy: [other] })
      .thenThrows((error) => {
        ruleCode('codeTaken')(error);
        expect((error as DomainRuleError).field).toBe('code');
      });
    spec
      .given([])
      .when({ ...open, codeHeldBy: [other], parent: { id: township, kind: 'township', open: false } })
      .thenThrows(ruleCode('codeTaken'));
  });

  it('given nothing, when opened with a code only this unit holds (a resubmission), then UnitOpened', () => {
    spec
      .given([])
      .when({ ...open, codeHeldBy: [unitId] })
      .then([opened]);
  });

  it('given it is open, when opened again, then alreadyExists', () => {
    spec.given([opened]).when(open).thenThrows(ruleCode('alreadyExists'));
  });

  it('given it is open, when moved to another township, then UnitMoved from the old parent', () => {
    spec
      .given([opened])
      .when({ type: 'move', to: { id: other, kind: 'township', open: true }, on: '2026-04-01' })
      .then([{ type: 'UnitMoved', data: { unitId, fromParentId: township, toParentId: other, on: '2026-04-01' } }]);
  });

  it('given it is open, when renamed to the name it has, then nothing happens', () => {
    spec.given([opened]).when({ type: 'rename', name: '东风村团支部', on: '2026-02-01' }).then([]);
  });

  it('given it is open, when a change is dated before it opened, then beforeOpening', () => {
    spec.given([opened]).when({ type: 'rename', name: '新名', on: '2025-12-31' }).thenThrows(ruleCode('beforeOpening'));
  });

  it('given it is closed, when renamed, then closed', () => {
    spec
      .given([opened, { type: 'UnitClosed', data: { unitId, on: '2026-06-30', reason: '' } }])
      .when({ type: 'rename', name: '新名', on: '2026-07-01' })
      .thenThrows(ruleCode('closed'));
  });

  it('given an organisation, when a township profile is recorded, then notATownship', () => {
    spec
      .given([opened])
      .when({ type: 'recordProfile', township: { population: 1, committeeMembers: 1, annualFunding: 1 }, on: '2026-02-01' })
      .thenThrows(ruleCode('notATownship'));
  });
});

describe('a province’s 六有 checklist (decider)', () => {
  it('each configuration is written as given, replacing the one before', () => {
    const items = [{ key: 'venue', zh: '有阵地', en: 'A venue' }];
    const configured = { type: 'SixHasConfigured' as const, data: { provinceId: township, items } };
    deciderSpec(sixHasDecider).given([configured]).when({ provinceId: township, items }).then([configured]);
  });
});
