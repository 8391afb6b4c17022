import { describe, expect, it } from 'vitest';
import { researchTodos } from './researchTodo.ts';

describe('a researcher’s items still to do', () => {
  it('lists the items not done, region by region, each with its visit form', () => {
    const board = [
      {
        regionId: 'a',
        regionName: '城关镇',
        items: [
          { item: 'leaderTalk', done: true },
          { item: 'youthForum', done: false },
        ],
      },
      { regionId: 'b', regionName: null, items: [{ item: 'leaderTalk', done: false }] },
    ];
    expect(researchTodos('t1', board)).toEqual([
      { regionId: 'a', regionName: '城关镇', item: 'youthForum', href: '/research/teams/t1/visit?region=a&item=youthForum' },
      { regionId: 'b', regionName: '—', item: 'leaderTalk', href: '/research/teams/t1/visit?region=b&item=leaderTalk' },
    ]);
  });
});
