import { describe, expect, it } from 'vitest';
import { Areas, type Area } from './rollUp.ts';

/** A province P with counties A and B; township T under A, moved to B from 2026-05-10; county A closed on 2026-08-01; township N opens on 2026-03-15. */
const tree: Record<string, Area> = {
  P: { openedOn: '2026-01-01', closedOn: null, parents: [{ on: '2026-01-01', parentId: null }] },
  A: { openedOn: '2026-01-01', closedOn: '2026-08-01', parents: [{ on: '2026-01-01', parentId: 'P' }] },
  B: { openedOn: '2026-01-01', closedOn: null, parents: [{ on: '2026-01-01', parentId: 'P' }] },
  T: {
    openedOn: '2026-01-01',
    closedOn: null,
    parents: [
      { on: '2026-01-01', parentId: 'A' },
      { on: '2026-05-10', parentId: 'B' },
    ],
  },
  N: { openedOn: '2026-03-15', closedOn: null, parents: [{ on: '2026-03-15', parentId: 'A' }] },
};
const areas = () => new Areas((id) => tree[id]);

describe('counts rolled up the tree', () => {
  it("go up the parents a holder had at the month's end, while the unit below is open", () => {
    expect(areas().chainAt('T', '2026-04')).toEqual(['T', 'A', 'P']);
    // Moved on the 10th: May's end finds it under B.
    expect(areas().chainAt('T', '2026-05')).toEqual(['T', 'B', 'P']);
    // Not yet open at February's end: its counts stay its own.
    expect(areas().chainAt('N', '2026-02')).toEqual(['N']);
    expect(areas().chainAt('N', '2026-03')).toEqual(['N', 'A', 'P']);
    // A closed county still holds what is under it, but passes nothing up.
    expect(areas().chainAt('N', '2026-08')).toEqual(['N', 'A']);
    // As the tree stands now.
    expect(areas().chainAt('T', null)).toEqual(['T', 'B', 'P']);
  });

  it('give running counts the runs of months with the same chain', () => {
    expect(areas().runsFrom('T', '2026-02')).toEqual([
      { from: '2026-02', until: '2026-05', chain: ['T', 'A', 'P'] },
      { from: '2026-05', until: null, chain: ['T', 'B', 'P'] },
    ]);
    expect(areas().runsFrom('N', '2026-01')).toEqual([
      { from: '2026-01', until: '2026-03', chain: ['N'] },
      { from: '2026-03', until: '2026-08', chain: ['N', 'A', 'P'] },
      { from: '2026-08', until: null, chain: ['N', 'A'] },
    ]);
  });

  it('read each area once, and again after it is forgotten', () => {
    let reads = 0;
    const counted = new Areas((id) => {
      reads++;
      return tree[id];
    });
    counted.chainAt('T', '2026-04');
    counted.chainAt('T', '2026-06');
    expect(reads).toBe(4); // T, A, P, then B
    counted.forget('T');
    counted.chainAt('T', '2026-06');
    expect(reads).toBe(5);
  });
});
