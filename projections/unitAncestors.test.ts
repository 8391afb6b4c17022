import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events/catalog/index.ts';
import { sqlSpec, treeGiven } from '../test/spec.ts';
import { isWithin } from './organisationTreeQueries.ts';
import { ANCESTORS, unitAncestors } from './unitAncestors.ts';

const id = (n: number) => `00000000-0000-8000-8000-${String(n).padStart(12, '0')}`;
type Kind = 'province' | 'city' | 'county' | 'township' | 'organisation';
const open = (unitId: string, kind: Kind, parentId: string | null, on = '2026-01-01'): DomainEvent => ({
  type: 'UnitOpened',
  data: {
    unitId,
    kind,
    parentId,
    name: unitId.slice(-4),
    code: null,
    on,
    township: null,
    organisation: kind === 'organisation' ? { field: 'cooperative', buildingMode: 'dependent' } : null,
  },
});
const move = (unitId: string, fromParentId: string, toParentId: string, on: string): DomainEvent => ({
  type: 'UnitMoved',
  data: { unitId, fromParentId, toParentId, on },
});

const under = (db: ReturnType<ReturnType<typeof sqlSpec>['given']>, ancestor: string) =>
  (db.prepare(`SELECT unit_id AS id, depth FROM ${ANCESTORS} WHERE ancestor_id = ? ORDER BY unit_id`).all(ancestor) as { id: string; depth: number }[]).map(
    (row) => `${row.id.slice(-2)}@${row.depth}`,
  );

describe('unit ancestors (the tree closure in SQL)', () => {
  const base = [
    open(id(1), 'province', null),
    open(id(2), 'city', id(1)),
    open(id(3), 'county', id(2)),
    open(id(4), 'county', id(2)),
    open(id(5), 'township', id(3)),
    open(id(6), 'organisation', id(5)),
    open(id(7), 'organisation', id(5)),
  ];

  it('given units opened: each is under itself and every unit above it, at its depth', () => {
    const db = sqlSpec(unitAncestors).given(base);
    expect(under(db, id(1))).toEqual(['01@0', '02@1', '03@2', '04@2', '05@3', '06@4', '07@4']);
    expect(under(db, id(5))).toEqual(['05@0', '06@1', '07@1']);
  });

  it('when a township moves: its whole subtree leaves the old county and joins the new one', () => {
    const db = sqlSpec(unitAncestors).given([...base, move(id(5), id(3), id(4), '2026-05-01')]);
    expect(under(db, id(3))).toEqual(['03@0']);
    expect(under(db, id(4))).toEqual(['04@0', '05@1', '06@2', '07@2']);
    expect(under(db, id(1))).toEqual(['01@0', '02@1', '03@2', '04@2', '05@3', '06@4', '07@4']);
  });

  it('a move dated before the move in force changes only the past: "now" keeps the latest', () => {
    const db = sqlSpec(unitAncestors).given([...base, move(id(5), id(3), id(4), '2026-05-01'), move(id(5), id(4), id(3), '2026-04-01')]);
    expect(under(db, id(4))).toEqual(['04@0', '05@1', '06@2', '07@2']);
  });

  it('after a thousand random moves, the closure equals the in-memory tree walked unit by unit', () => {
    // A small province: 1 city, 4 counties, 12 townships, 60 organisations; then random moves on rising days.
    const events: DomainEvent[] = [open(id(1), 'province', null), open(id(2), 'city', id(1))];
    const counties = [3, 4, 5, 6].map((n) => {
      events.push(open(id(n), 'county', id(2)));
      return id(n);
    });
    const townships = Array.from({ length: 12 }, (_, i) => {
      const t = id(10 + i);
      events.push(open(t, 'township', counties[i % 4]!));
      return t;
    });
    const organisations = Array.from({ length: 60 }, (_, i) => {
      const o = id(100 + i);
      events.push(open(o, 'organisation', townships[i % 12]!));
      return o;
    });
    const parent = new Map<string, string>();
    events.forEach((event) => {
      if (event.type === 'UnitOpened' && event.data.parentId) parent.set(event.data.unitId, event.data.parentId);
    });
    let seed = 7;
    // mulberry32: 32-bit arithmetic throughout (Math.imul), so every draw is as random as the next.
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    for (let i = 0; i < 1000; i++) {
      const township = random(3) === 0;
      const unit = township ? townships[random(townships.length)]! : organisations[random(organisations.length)]!;
      const to = township ? counties[random(counties.length)]! : townships[random(townships.length)]!;
      // Some moves are back-dated (they must not change "now").
      const day = `2026-${String(1 + Math.floor(i / 100)).padStart(2, '0')}-${String(1 + random(28)).padStart(2, '0')}`;
      events.push(move(unit, parent.get(unit)!, to, day));
    }
    const db = sqlSpec(unitAncestors).given(events);
    const tree = treeGiven(events);
    const all = [id(1), id(2), ...counties, ...townships, ...organisations];
    for (const ancestor of all) {
      const expected = all.filter((unit) => isWithin(tree, unit, ancestor)).sort();
      const found = (db.prepare(`SELECT unit_id AS id FROM ${ANCESTORS} WHERE ancestor_id = ? ORDER BY unit_id`).all(ancestor) as { id: string }[]).map(
        (row) => row.id,
      );
      expect(found, `subtree of ${ancestor}`).toEqual(expected);
    }
  });
});
