import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events/catalog/index.ts';
import { sqlSpec, stored, treeGiven } from '../test/spec.ts';
import { organisationTree } from './organisationTree.ts';
import { childrenOf, countOrganisations, isWithin, organisationsUnder, pathTo, searchUnits } from './organisationTreeQueries.ts';
import { dumpTables } from './sql/readDatabase.ts';

const ids = {
  p: '00000000-0000-8000-8000-000000000001',
  c: '00000000-0000-8000-8000-000000000002',
  x: '00000000-0000-8000-8000-000000000003',
  t1: '00000000-0000-8000-8000-000000000004',
  t2: '00000000-0000-8000-8000-000000000005',
  o1: '00000000-0000-8000-8000-000000000006',
  o2: '00000000-0000-8000-8000-000000000007',
};
const open = (
  unitId: string,
  kind: 'province' | 'city' | 'county' | 'township' | 'organisation',
  parentId: string | null,
  name: string,
  on = '2026-01-01',
): DomainEvent => ({
  type: 'UnitOpened',
  data: {
    unitId,
    kind,
    parentId,
    name,
    code: null,
    on,
    township: null,
    organisation: kind === 'organisation' ? { field: 'cooperative', buildingMode: 'dependent' } : null,
  },
});
const fold = (events: DomainEvent[]) => treeGiven(events);
const base = [
  open(ids.p, 'province', null, '示范省'),
  open(ids.c, 'city', ids.p, '示范市'),
  open(ids.x, 'county', ids.c, '示范县'),
  open(ids.t1, 'township', ids.x, '城关镇团委'),
  open(ids.t2, 'township', ids.x, '河口镇团委'),
  open(ids.o1, 'organisation', ids.t1, '农村专业合作社团支部'),
  open(ids.o2, 'organisation', ids.t1, '东风村团支部', '2026-03-01'),
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
    const state = fold([
      ...base,
      { type: 'UnitRenamed', data: { unitId: ids.o2, name: '三月名', on: '2026-03-15' } },
      { type: 'UnitRenamed', data: { unitId: ids.o2, name: '三月初名', on: '2026-03-05' } },
    ]);
    expect(childrenOf(state, ids.t1, { asOf: '2026-03-10' }).map((unit) => unit.name)).toContain('三月初名');
    expect(childrenOf(state, ids.t1, { asOf: '2026-03-20' }).map((unit) => unit.name)).toContain('三月名');
  });

  it('given the same events in one batch or one by one, the same rows; a restarted reader reads what the running one saw', () => {
    const events = [
      ...base,
      { type: 'UnitMoved', data: { unitId: ids.o1, fromParentId: ids.t1, toParentId: ids.t2, on: '2026-05-01' } },
      { type: 'UnitMoved', data: { unitId: ids.o1, fromParentId: ids.t2, toParentId: ids.t1, on: '2026-06-01' } },
      { type: 'UnitRenamed', data: { unitId: ids.t1, name: '城关街道团工委', on: '2026-07-01' } },
      { type: 'UnitClosed', data: { unitId: ids.o2, on: '2026-08-01', reason: '合并' } },
      { type: 'SixHasConfigured', data: { provinceId: ids.p, items: [{ key: 'a', zh: '甲', en: 'A' }] } },
      { type: 'UnitReclassified', data: { unitId: ids.o2, organisation: { field: 'village', buildingMode: 'independent' }, on: '2026-04-01' } },
      { type: 'LeagueMembersRecorded', data: { unitId: ids.t2, leagueMembers: 12, on: '2026-02-01' } },
    ] as DomainEvent[];
    const oneByOne = sqlSpec(organisationTree).given(events);
    const batch = new DatabaseSync(':memory:');
    batch.exec(organisationTree.schema);
    const statements = organisationTree.prepare(batch);
    events.forEach((event, i) => {
      organisationTree.apply(stored(event, BigInt(i + 1)), statements);
    });
    // Before the flush the running reader already sees the batch; the rows do not yet.
    expect(childrenOf(organisationTree.read(statements), ids.x, { asOf: '2026-07-01' }).map((unit) => unit.name)).toEqual(['城关街道团工委', '河口镇团委']);
    organisationTree.flush!(statements);
    expect(dumpTables(batch, organisationTree.tables)).toEqual(dumpTables(oneByOne, organisationTree.tables));

    const restarted = organisationTree.read(organisationTree.prepare(oneByOne));
    // Each unit's node read back from its row (columns, or its history when it changed since opening) is the one the fold kept.
    const running = organisationTree.read(statements);
    for (const id of Object.values(ids)) expect(restarted.nodes.get(id), id).toEqual(running.nodes.get(id));
    expect(restarted.nodes.get(ids.o2)!.classes.map((entry) => entry.on)).toEqual(['2026-03-01', '2026-04-01']);
    // Moved away and back: counted once, under the township it stands under on each day.
    expect(organisationsUnder(restarted, ids.x, '2026-05-15').map((unit) => unit.id)).toEqual([ids.o2, ids.o1]);
    expect(organisationsUnder(restarted, ids.t2, '2026-05-15').map((unit) => unit.id)).toEqual([ids.o1]);
    expect(organisationsUnder(restarted, ids.t1, '2026-06-15').map((unit) => unit.id)).toEqual([ids.o1, ids.o2]);
    expect(countOrganisations(restarted, ids.p, null)).toBe(1);
    expect(restarted.roots).toEqual([ids.p]);
    expect(restarted.sixHas.get(ids.p)).toEqual([{ key: 'a', zh: '甲', en: 'A' }]);
    expect(restarted.units.get(ids.o2)).toMatchObject({ closedOn: '2026-08-01', closeReason: '合并' });
    expect(restarted.units.has('no such unit')).toBe(false);
  });

  it("when a unit changes after it was read, the reader gives the change (its cache is the fold's own record)", () => {
    const db = new DatabaseSync(':memory:');
    db.exec(organisationTree.schema);
    const statements = organisationTree.prepare(db);
    const apply = (events: DomainEvent[], from: number) =>
      events.forEach((event, i) => {
        organisationTree.apply(stored(event, BigInt(from + i), `unit-${'unitId' in event.data ? event.data.unitId : ''}`), statements);
        organisationTree.flush!(statements);
      });
    apply(
      [
        ...base,
        {
          type: 'UnitOpened',
          data: {
            unitId: ids.o2.replace(/7$/, '8'),
            kind: 'organisation',
            parentId: ids.t2,
            name: '编码支部',
            code: 'A-1',
            on: '2026-01-01',
            township: null,
            organisation: { field: 'village', buildingMode: 'independent' },
          },
        },
      ],
      1,
    );
    const reader = organisationTree.read(statements);
    expect(pathTo(reader, ids.o1).at(-1)!.name).toBe('农村专业合作社团支部');
    expect(reader.byCode.get('A-1')).toEqual([ids.o2.replace(/7$/, '8')]);
    apply([{ type: 'UnitRenamed', data: { unitId: ids.o1, name: '新合作社团支部', on: '2026-02-01' } }], 100);
    expect(pathTo(reader, ids.o1).at(-1)!.name).toBe('新合作社团支部');
    expect(searchUnits(reader, '新合作社', null).map((unit) => unit.id)).toEqual([ids.o1]);
    expect(reader.units.get(ids.o1)!.revision).toBe('0');
  });
});
