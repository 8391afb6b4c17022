import { describe, expect, it } from 'vitest';
import {
  blankVisit,
  defaultVisitDate,
  findingName,
  findingRows,
  lastVisitDate,
  visitBody,
  visitFailure,
  visitFieldOf,
  visitSentPage,
  visitValues,
} from './researchForm.ts';

const ID = '0190a4c2-7b9e-7c3d-9a8b-123456789abc';
const REGION = '0190a4c2-7b9e-7c3d-9a8b-000000000001';

/** A FormData as the browser builds it from the visit form: the fields in the form's order. */
function formOf(values: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ submissionId: ID, ...blankVisit({ regionId: REGION, item: 'youthForum', date: '2026-07-08' }), ...values }))
    form.set(name, value);
  return form;
}

describe('visitBody: the visit form as the API body', () => {
  it('sends the rows with text only, in the form’s order, and the counts as numbers', () => {
    const body = visitBody(
      formOf({
        place: '城关镇',
        'participants-count': '12',
        'participants-who': '合作社负责人',
        notes: '记录',
        recommendations: '建议',
        [findingName(1, 'text')]: '青年多在农村专业合作社聚集',
        [findingName(3, 'text')]: '依托合作社建团',
      }),
    );
    expect(body).toEqual({
      submissionId: ID,
      regionId: REGION,
      item: 'youthForum',
      date: '2026-07-08',
      place: '城关镇',
      participants: { count: 12, who: '合作社负责人' },
      notes: '记录',
      findings: [
        { topic: 'gathering', text: '青年多在农村专业合作社聚集' },
        { topic: 'buildingModes', text: '依托合作社建团' },
      ],
      recommendations: '建议',
      location: null,
    });
  });

  it('carries a location only when both halves are there, and leaves a count that is not a number for the API to refuse', () => {
    expect(visitBody(formOf({ 'location-lat': '26.647661', 'location-lng': '106.630153' })).location).toEqual({ lat: 26.647661, lng: 106.630153 });
    expect(visitBody(formOf({ 'location-lat': '26.6' })).location).toBeNull();
    expect(visitBody(formOf({ 'participants-count': '' })).participants.count).toBeNull();
    expect(visitBody(formOf({ 'participants-count': '十二' })).participants.count).toBe('十二');
    expect(visitBody(formOf({})).findings).toEqual([]);
  });

  it('shows one row per topic, and every row the values hold', () => {
    expect(findingRows(blankVisit({ regionId: '', item: '', date: '2026-07-08' }))).toBe(4);
    expect(findingRows({ [findingName(6, 'text')]: 'x' })).toBe(7);
  });
});

describe('visitFailure: the API’s refusal beside the fields', () => {
  it('puts findings.<i> beside the i-th row sent, participants.* beside their inputs, and the rest above the form', () => {
    const values = visitValues(formOf({ [findingName(2, 'text')]: '返乡青年靠电商致富', [findingName(3, 'text')]: ' ' }));
    expect(visitFieldOf('findings.0.text', values)).toBe('findings-2-text');
    expect(visitFieldOf('findings.0.topic', values)).toBe('findings-2-topic');
    expect(visitFieldOf('findings.5.text', values)).toBe('findings');
    expect(visitFieldOf('participants.count', values)).toBe('participants-count');
    expect(visitFieldOf('location.lat', values)).toBe('location');
    expect(visitFieldOf('submissionId', values)).toBeNull();
    const failure = visitFailure(
      {
        title: '提交的内容有误,请按提示修改',
        errors: [
          { field: 'place', code: 'required', message: '请填写地点' },
          { field: 'findings.0.topic', code: 'invalidOption', message: '请选择主题' },
          { field: 'submissionId', code: 'invalidFormat', message: 'id' },
        ],
      },
      400,
      values,
    );
    expect(failure).toMatchObject({
      action: 'visit',
      status: 400,
      formError: '提交的内容有误,请按提示修改',
      errors: { place: '请填写地点', 'findings-2-topic': '请选择主题' },
      others: ['id'],
    });
    expect(visitFailure({ title: 'x' }, 503, values).formError).toBeNull();
  });

  it('lands on the team’s board after the record, read-your-writes', () => {
    expect(visitSentPage('t1', { position: '42', recordId: 'r1' })).toBe('/research/teams/t1?after=42&recorded=r1');
  });
});

describe('the day a new visit record starts with', () => {
  const round = { startsOn: '2026-07-01', endsOn: '2026-07-15' };
  it.each([
    ['2026-06-20', '2026-07-01', '2026-07-01'], // before the round: its first day (nothing can be recorded yet)
    ['2026-07-01', '2026-07-01', '2026-07-01'],
    ['2026-07-08', '2026-07-08', '2026-07-08'], // while it runs: today
    ['2026-07-15', '2026-07-15', '2026-07-15'],
    ['2026-07-16', '2026-07-15', '2026-07-15'], // after it: its last day, never a day it refuses
    ['2027-01-02', '2026-07-15', '2026-07-15'],
  ])('on %s it is %s, and the latest day allowed is %s', (today, date, latest) => {
    expect(defaultVisitDate(round, today)).toBe(date);
    expect(lastVisitDate(round, today)).toBe(today < round.startsOn ? today : latest);
  });
});
