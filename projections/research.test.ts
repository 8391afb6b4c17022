import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events/catalog/index.ts';
import { sqlSpec } from '../test/spec.ts';
import { bigramsOf, recordsMatching, research } from './research.ts';

const id = (n: number) => `00000000-0000-8000-8000-00000000000${n}`;
const recorded = (n: number, text: string): DomainEvent => ({
  type: 'VisitItemRecorded',
  data: {
    recordId: id(n),
    roundId: id(8),
    teamId: id(9),
    regionId: id(7),
    item: 'youthForum',
    date: '2026-07-08',
    place: '城关镇',
    participants: { count: 5, who: '' },
    notes: '',
    findings: [{ topic: 'gathering', text }],
    recommendations: '',
    location: null,
  },
});

describe('findings index', () => {
  const round: DomainEvent = {
    type: 'ResearchRoundDeclared',
    data: { roundId: id(8), unitId: id(6), name: '第一轮', startsOn: '2026-07-01', endsOn: '2026-07-31' },
  };
  const team: DomainEvent = { type: 'ResearchTeamFormed', data: { teamId: id(9), roundId: id(8), name: '一组', memberIds: ['u1'], regionIds: [id(7)] } };
  const state = research.read(
    research.prepare(
      sqlSpec(research).given([
        round,
        team,
        recorded(1, '青年多在农村专业合作社聚集'),
        recorded(2, '外出务工青年通过微信群联系'),
        recorded(3, 'Youth meet in the WeChat group'),
        recorded(1, '又记一次'),
      ]),
    ),
  );

  it('given a round, a team and records: each read back, in the order recorded, a record once however often it arrives', () => {
    expect(state.rounds.get(id(8))).toMatchObject({ name: '第一轮', teamIds: [id(9)] });
    expect(state.rounds.values().map((r) => r.roundId)).toEqual([id(8)]);
    expect(state.teams.get(id(9))).toMatchObject({ regionIds: [id(7)] });
    expect(state.byTeamRegion.get(`${id(9)}|${id(7)}`)).toEqual([id(1), id(2), id(3)]);
    expect(state.records.get(id(1))).toMatchObject({ actor: 'spec', findings: [{ text: '青年多在农村专业合作社聚集' }] });
  });

  it('finds a word inside a longer word, in Chinese and in Latin script, case-blind', () => {
    expect(recordsMatching(state, '合作社').map((r) => r.recordId)).toEqual([id(1)]);
    expect(recordsMatching(state, '微信群').map((r) => r.recordId)).toEqual([id(2)]);
    expect(recordsMatching(state, 'wechat').map((r) => r.recordId)).toEqual([id(3)]);
    expect(
      recordsMatching(state, '青')
        .map((r) => r.recordId)
        .sort(),
    ).toEqual([id(1), id(2)]);
    expect(recordsMatching(state, '合作化')).toEqual([]);
  });

  it('indexes character pairs, not bytes', () => {
    expect([...bigramsOf('合作社')]).toEqual(['合作', '作社']);
  });
});
