import { describe, expect, it } from 'vitest';
import { emptyReport, fullReport } from '../../../test/api/reportFixtures.ts';
import { DEFAULT_SETTINGS } from '../../../projections/reportingSettings.ts';
import { blankValues, formValues, NEED_PREFIX, reportBody, reportFailure, reportFieldOf, reportSentPage, reportValues } from './reportForm.ts';

/** A FormData as the browser builds it from the form: the inputs in the form's order, unchecked boxes left out. */
function formOf(values: Record<string, string>, categories = DEFAULT_SETTINGS.needCategories.map((category) => category.key)) {
  const form = new FormData();
  form.set('submissionId', '0190a4c2-7b9e-7c3d-9a8b-123456789abc');
  form.set('month', '2026-05');
  for (const [name, value] of Object.entries(values)) if (!name.startsWith(NEED_PREFIX)) form.set(name, value);
  for (const key of categories) form.append(NEED_PREFIX + key, values[NEED_PREFIX + key] ?? '');
  return form;
}

describe('reportBody: the report form as the API body', () => {
  it('gives back the report the form was filled from', () => {
    const report = fullReport('2026-05');
    const body = reportBody(formOf(reportValues(report)));
    expect(body).toEqual({ submissionId: '0190a4c2-7b9e-7c3d-9a8b-123456789abc', month: '2026-05', report });
  });

  it('maps unchecked boxes to false, an empty date to null, and leaves out needs not filled in', () => {
    const report = emptyReport();
    const body = reportBody(formOf(reportValues(report)));
    expect(body.report).toEqual(report);
    expect(body.report.activity).toEqual({ held: false, title: '', date: null, participants: 0 });
    expect(body.report.survey.needs).toEqual([]);
  });

  it('reads each need category’s count in the form’s order, and the numbers as typed', () => {
    const body = reportBody(
      formOf({
        ...blankValues(),
        'activity-held': 'on',
        'activity-title': '植树',
        'activity-participants': '1,200',
        'training-hours': '1.5',
        'members-leagueMembers': '',
        volunteers: '十',
        [`${NEED_PREFIX}skills`]: '3',
        [`${NEED_PREFIX}jobs`]: '0',
        [`${NEED_PREFIX}policy`]: ' ',
      }),
    );
    expect(body.report.activity).toEqual({ held: true, title: '植树', date: null, participants: 1200 });
    expect(body.report.survey.needs).toEqual([
      { category: 'jobs', count: 0 },
      { category: 'skills', count: 3 },
    ]);
    expect(body.report.training.hours).toBe(1.5);
    // Left for the API to refuse, naming the field: empty is missing, text is not a number.
    expect(body.report.members.leagueMembers).toBeNull();
    expect(body.report.volunteers).toBe('十');
  });

  it('passes on the device time the offline outbox adds', () => {
    const form = formOf(reportValues(fullReport('2026-05')));
    form.set('clientTime', '2026-06-03T09:30:00+08:00');
    expect(reportBody(form).clientTime).toBe('2026-06-03T09:30:00+08:00');
  });

  it('starts a new month at zero, with the members of the last report', () => {
    expect(blankValues()).toMatchObject({ 'talks-count': '0', 'members-leagueMembers': '', 'members-youthUnder35': '' });
    expect(blankValues(fullReport('2026-04'))).toMatchObject({ 'members-leagueMembers': '12', 'members-youthUnder35': '40', workManualInUse: 'on' });
  });
});

describe('reportFailure: the API’s messages beside their fields', () => {
  it('maps dotted paths to input names, a need’s index to its category, and keeps the rest above the form', () => {
    const form = formOf({ ...reportValues(fullReport('2026-05')), [`${NEED_PREFIX}jobs`]: '', [`${NEED_PREFIX}friendship`]: '99' });
    // As sent: skills (index 0), friendship (index 1).
    expect(reportBody(form).report.survey.needs.map((need) => need.category)).toEqual(['skills', 'friendship']);
    const failure = reportFailure(
      {
        title: '提交的内容有误,请按提示修改',
        errors: [
          { field: 'report.activity.title', code: 'requiredWhenHeld', message: '开展了活动时须填写活动名称' },
          { field: 'report.survey.needs.1.count', code: 'moreThanRespondents', message: '人数不能超过调查人数' },
          { field: 'report.members.leagueMembers', code: 'membersAboveYouth', message: '团员人数不能超过35岁以下青年人数' },
          { field: 'report.survey.needs', code: 'duplicateCategory', message: '同一需求分类只能填一次' },
          { field: 'month', code: 'futureMonth', message: '不能填报未来月份' },
        ],
      },
      400,
      formValues(form),
    );
    expect(failure.errors).toEqual({
      'activity-title': '开展了活动时须填写活动名称',
      [`${NEED_PREFIX}friendship`]: '人数不能超过调查人数',
      'members-leagueMembers': '团员人数不能超过35岁以下青年人数',
      month: '不能填报未来月份',
    });
    expect(failure.others).toEqual(['同一需求分类只能填一次']);
    expect(failure).toMatchObject({ action: 'submit', status: 400, formError: '提交的内容有误,请按提示修改' });
    expect(failure.values).toMatchObject({ submissionId: '0190a4c2-7b9e-7c3d-9a8b-123456789abc', 'activity-held': 'on', [`${NEED_PREFIX}friendship`]: '99' });
  });

  it('knows every field of the report', () => {
    const body = formValues(formOf(reportValues(fullReport('2026-05'))));
    expect(reportFieldOf('report.training.hours', body)).toBe('training-hours');
    expect(reportFieldOf('report.meetings.evaluationRule', body)).toBe('meetings-evaluationRule');
    expect(reportFieldOf('report.workManualInUse', body)).toBe('workManualInUse');
    expect(reportFieldOf('report.survey.needs.0.category', body)).toBe(`${NEED_PREFIX}jobs`);
    expect(reportFieldOf('report.survey.needs.7.count', body)).toBeNull();
    expect(reportFieldOf('report.nonsense', body)).toBeNull();
    expect(reportFieldOf('submissionId', body)).toBeNull();
  });

  it('names the page to go to after a submission', () => {
    expect(reportSentPage('u1', { month: '2026-05', position: '42' })).toBe('/units/u1/reports?month=2026-05&after=42&sent=1');
  });
});
