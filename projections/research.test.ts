import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events/catalog/index.ts';
import { stored } from '../test/spec.ts';
import { bigramsOf, recordsMatching, research } from './research.ts';

const id = (n: number) => `00000000-0000-8000-8000-00000000000${n}`;
const recorded = (n: number, text: string): DomainEvent => ({
  type: 'VisitItemRecorded',
  data: { recordId: id(n), roundId: id(8), teamId: id(9), regionId: id(7), item: 'youthForum', date: '2026-07-08', place: '城关镇', participants: { count: 5, who: '' }, notes: '', findings: [{ topic: 'gathering', text }], recommendations: '', location: null },
});

describe('findings index', () => {
  const state = [recorded(1, '青年多在农村专业合作社聚集'), recorded(2, '外出务工青年通过微信群联系'), recorded(3, 'Youth meet in the WeChat group')]
    .map((event, i) => stored(event, BigInt(i + 1))).reduce(research.evolve, research.initialState());

  it('finds a word inside a longer word, in Chinese and in Latin script, case-blind', () => {
    expect(recordsMatching(state, '合作社').map((r) => r.recordId)).toEqual([id(1)]);
    expect(recordsMatching(state, '微信群').map((r) => r.recordId)).toEqual([id(2)]);
    expect(recordsMatching(state, 'wechat').map((r) => r.recordId)).toEqual([id(3)]);
    expect(recordsMatching(state, '青').map((r) => r.recordId).sort()).toEqual([id(1), id(2)]);
    expect(recordsMatching(state, '合作化')).toEqual([]);
  });

  it('indexes character pairs, not bytes', () => {
    expect([...bigramsOf('合作社')]).toEqual(['合作', '作社']);
  });
});
