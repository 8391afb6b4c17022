import { describe, expect, it } from 'vitest';
import { submitReportSchema } from '../../../api/reports/rules.ts';
import { recordVisitSchema } from '../../../api/research/rules.ts';
import { fullReport } from '../../../test/api/reportFixtures.ts';
import { schemaRefusal, visitRefusal } from './formRules.ts';
import { reportFailure } from './reportForm.ts';

const submissionId = '0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b';

describe('a form checking itself with the API’s rules', () => {
  it('refuses a report as the API does, every field at once, and the page maps it as a server refusal', () => {
    const body = { submissionId, month: '2026-06', report: fullReport('2026-06', { volunteers: -1, members: { leagueMembers: 50, youthUnder35: 40 } }) };
    const refusal = schemaRefusal(submitReportSchema, body, 'zh-CN')!;
    expect(refusal).toEqual({
      title: '提交的内容有误,请按提示修改',
      errors: [
        { field: 'report.volunteers', code: 'tooSmall', message: '志愿者人数不能小于 0' },
        { field: 'report.members.leagueMembers', code: 'membersAboveYouth', message: '团员人数不能超过35岁以下青年人数' },
      ],
    });
    expect(reportFailure(refusal, 400, {}).errors).toEqual({ volunteers: '志愿者人数不能小于 0', 'members-leagueMembers': '团员人数不能超过35岁以下青年人数' });
    expect(schemaRefusal(submitReportSchema, { ...body, report: fullReport('2026-06') }, 'zh-CN')).toBeNull();
  });

  it('refuses a visit for its format and its day in the round at once, in the reader’s language', () => {
    const dates = { startsOn: '2026-07-01', endsOn: '2026-07-15', today: '2026-07-10' };
    const body = {
      submissionId,
      regionId: '0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7c',
      item: 'youthForum',
      date: '2026-06-28',
      place: '',
      participants: { count: 12, who: '' },
      findings: [{ topic: 'gathering', text: '青年多在合作社' }],
    };
    expect(visitRefusal(recordVisitSchema, body, dates, 'en')).toEqual({
      title: 'Some fields need correcting',
      errors: [
        { field: 'place', code: 'required', message: 'Place is required' },
        { field: 'date', code: 'visitOutsideRound', message: 'The date must fall within the round (2026-07-01 to 2026-07-15)' },
      ],
    });
    expect(visitRefusal(recordVisitSchema, { ...body, place: '村委会', date: '2026-07-12' }, dates, 'zh-CN')!.errors).toEqual([
      { field: 'date', code: 'visitInFuture', message: '日期不能晚于今天(2026-07-10)' },
    ]);
    // A day that is no day is refused for its format only.
    expect(visitRefusal(recordVisitSchema, { ...body, place: '村委会', date: '7月1日' }, dates, 'zh-CN')!.errors.map((error) => error.code)).toEqual([
      'invalidDate',
    ]);
    expect(visitRefusal(recordVisitSchema, { ...body, place: '村委会', date: '2026-07-02' }, dates, 'zh-CN')).toBeNull();
  });
});
