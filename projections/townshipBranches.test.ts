import { describe, expect, it } from 'vitest';
import { stored } from '../test/spec.ts';
import { branchesOf, listTownships, townshipBranches } from './townshipBranches.ts';

const registered = (name: string, township: string, n: number) => stored({
  type: 'BranchRegistered',
  data: { branchId: `0193a0c4-7c2e-7a1b-8c3d-4e5f6071829${n}`, name, township, field: 'village', buildingMode: 'independent' },
}, BigInt(n));

describe('township branch list projection', () => {
  it('groups organisations by township in registration order', () => {
    const state = [registered('东村团支部', '城关镇团委', 1), registered('西村团支部', '城关镇团委', 2), registered('南村团支部', '安平镇团委', 3)]
      .reduce(townshipBranches.evolve, townshipBranches.initialState());
    expect(branchesOf(state, '城关镇团委').map((b) => b.name)).toEqual(['东村团支部', '西村团支部']);
    expect(listTownships(state)).toEqual([{ township: '安平镇团委', branches: 1 }, { township: '城关镇团委', branches: 2 }]);
    expect(branchesOf(state, '不存在')).toEqual([]);
  });

  it('keeps townships whose names look like object keys apart (names are user input)', () => {
    const state = [registered('A', '__proto__', 1), registered('B', 'constructor', 2)].reduce(townshipBranches.evolve, townshipBranches.initialState());
    expect(branchesOf(state, '__proto__').map((b) => b.name)).toEqual(['A']);
    expect(branchesOf(state, 'constructor').map((b) => b.name)).toEqual(['B']);
  });
});
