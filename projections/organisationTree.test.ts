import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events/catalog/index.ts';
import { stored } from '../test/spec.ts';
import { organisationTree } from './organisationTree.ts';
import { childrenOf, countOrganisations, isWithin, pathTo, searchUnits } from './organisationTreeQueries.ts';

const ids = { p: '00000000-0000-8000-8000-000000000001', c: '00000000-0000-8000-8000-000000000002', x: '00000000-0000-8000-8000-000000000003', t1: '00000000-0000-8000-8000-000000000004', t2: '00000000-0000-8000-8000-000000000005', o1: '00000000-0000-8000-8000-000000000006', o2: '00000000-0000-8000-8000-000000000007' };
const open = (unitId: string, kind: 'province' | 'city' | 'county' | 'township' | 'organisation', parentId: string | null, name: string, on = '2026-01-01'): DomainEvent => ({
  type: 'UnitOpened',
  data: { unitId, kind, parentId, name, code: null, on, township: null, organisation: kind === 'organisation' ? { field: 'cooperative', buildingMode: 'dependent' } : null },
});
const fold = (events: DomainEvent[]) => events.map((event, i) => stored(event, BigInt(i + 1))).reduce(organisationTree.evolve, organisationTree.initialState());
const base = [
  open(ids.p, 'province', null, '示范省'), open(ids.c, 'city', ids.p, '示范市'), open(ids.x, 'county', ids.c, '示范县'),
  open(ids.t1, 'township', ids.x, '城关镇团委'), open(ids.t2, 'township', ids.x, '河口镇团委'),
  open(ids.o1, 'organisation', ids.t1, '农村专业合作社团支部'), open(ids.o2, 'organisation', ids.t1, '东风村团支部', '2026-03-01'),
];

describe('organisation tree projection', () => {
  it('answers as of a date: a unit counts under its parent from the day it opened, moved or closed', () => {
    const state = fold([
      ...base,
      { type: 'UnitMoved', data: { unitId: ids.o1, fromParentId: ids.t1, toParentId: ids.t2, on: '2026-05-01' } },
      { type: 'UnitClosed', data: { unitId: ids.o2, on: '2026-08-01', reason: '合并' } },
      { type: 'UnitRenamed', data: { unitId: ids.t1, name: '城关街道团工委', on: '2026-07-01' } },
    ]);
    const names = (parent: string, asOf: string | null) => childrenOf(state, parent, { asOf }).map((unit) => unit.name);
    expect(names(ids.t1, '2026-02-01')).toEqual(['农村专业合作社团支部']);
    expect(names(ids.t1, '2026-04-01')).toEqual(['东风村团支部', '农村专业合作社团支部']);
    expect(names(ids.t1, '2026-06-01')).toEqual(['东风村团支部']);
    expect(names(ids.t2, '2026-06-01')).toEqual(['农村专业合作社团支部']);
    expect(names(ids.t1, null)).toEqual([]);
    expect(childrenOf(state, ids.t1, { includeClosed: true }).map((unit) => unit.closedOn)).toEqual(['2026-08-01']);
    expect(countOrganisations(state, ids.x, '2026-04-01')).toBe(2);
    expect(countOrganisations(state, ids.x, null)).toBe(1);
    expect(childrenOf(state, ids.x, { asOf: '2026-06-30' }).map((unit) => unit.name)).toEqual(['城关镇团委', '河口镇团委']);
    expect(childrenOf(state, ids.x, { asOf: '2026-07-01' }).map((unit) => unit.name)).toEqual(['城关街道团工委', '河口镇团委']);
  });

  it('knows paths, scope and finds 合作社 inside 农村专业合作社团支部', () => {
    const state = fold(base);
    expect(pathTo(state, ids.o1).map((unit) => unit.name)).toEqual(['示范省', '示范市', '示范县', '城关镇团委', '农村专业合作社团支部']);
    expect(isWithin(state, ids.o1, ids.x)).toBe(true);
    expect(isWithin(state, ids.x, ids.o1)).toBe(false);
    expect(searchUnits(state, '合作社', null).map((unit) => unit.name)).toEqual(['农村专业合作社团支部']);
    expect(searchUnits(state, '团支部', [ids.t2])).toEqual([]);
  });

  it('a backdated change lands in date order, not log order', () => {
    const state = fold([...base,
      { type: 'UnitRenamed', data: { unitId: ids.o2, name: '三月名', on: '2026-03-15' } },
      { type: 'UnitRenamed', data: { unitId: ids.o2, name: '三月初名', on: '2026-03-05' } }]);
    expect(childrenOf(state, ids.t1, { asOf: '2026-03-10' }).map((unit) => unit.name)).toContain('三月初名');
    expect(childrenOf(state, ids.t1, { asOf: '2026-03-20' }).map((unit) => unit.name)).toContain('三月名');
  });
});
