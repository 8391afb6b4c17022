import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../problem.ts';
import { recordVisitSchema, visitDateRule } from './rules.ts';

const round = { startsOn: '2026-07-01', endsOn: '2026-07-15', today: '2026-07-10' };

describe('the visit’s rules, shared by the API and the form', () => {
  it('a day must fall within the round and not after today', () => {
    expect(visitDateRule('2026-07-01', round)).toBeNull();
    expect(visitDateRule('2026-07-10', round)).toBeNull();
    expect(visitDateRule('2026-06-30', round)).toBe('visitOutsideRound');
    expect(visitDateRule('2026-07-16', round)).toBe('visitOutsideRound');
    expect(visitDateRule('2026-07-11', round)).toBe('visitInFuture');
  });

  it('the record’s format names each field', () => {
    const body = {
      submissionId: '0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b',
      regionId: '0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7c',
      item: 'youthForum',
      date: '2026-07-02',
      place: '',
      participants: { count: 0, who: '' },
      findings: [{ topic: 'gathering', text: '返乡青年多在合作社' }],
    };
    const result = recordVisitSchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!.issues, 'zh-CN', body).map(({ field, code }) => [field, code])).toEqual([
      ['place', 'required'],
      ['participants.count', 'atLeastOne'],
    ]);
    expect(recordVisitSchema.safeParse({ ...body, place: '镇政府', participants: { count: 12 } }).success).toBe(true);
  });
});
