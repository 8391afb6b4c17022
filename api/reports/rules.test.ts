import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../problem.ts';
import { fullReport } from '../../test/api/reportFixtures.ts';
import { reportRuleIssues, submitReportSchema } from './rules.ts';

const submissionId = '0190a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b';
const body = (report: unknown, month = '2026-03') => ({ submissionId, month, report });
/** What the schema says of a body: each refused field with its message code. */
const refused = (input: unknown) => {
  const result = submitReportSchema.safeParse(input);
  return result.success ? {} : Object.fromEntries(fieldErrors(result.error.issues, 'zh-CN', input).map((error) => [error.field, error.code]));
};

describe('the report’s rules, shared by the API and the form', () => {
  it('passes a report that keeps every rule', () => {
    expect(refused(body(fullReport('2026-03')))).toEqual({});
  });

  it('reports format errors and the rules between fields in one pass', () => {
    const report = fullReport('2026-03', {
      activity: { held: true, title: '青年志愿服务日', date: '2026-02-28', participants: 'many' as unknown as number },
      members: { leagueMembers: 50, youthUnder35: 40 },
      volunteers: -1,
    });
    expect(refused(body(report))).toEqual({
      'report.activity.participants': 'invalidFormat',
      'report.volunteers': 'tooSmall',
      'report.activity.date': 'dateOutsideMonth',
      'report.members.leagueMembers': 'membersAboveYouth',
    });
  });

  it('does not refuse a field twice: one whose format is wrong takes no part in a rule', () => {
    const report = fullReport('2026-03', {
      activity: { held: true, title: '', date: '2026-13-40', participants: 0.5 },
      survey: { respondents: 'x' as unknown as number, needs: [{ category: 'jobs', count: 9 }], freeText: '' },
    });
    expect(refused(body(report))).toEqual({
      'report.activity.title': 'requiredWhenHeld',
      'report.activity.date': 'invalidDate',
      'report.activity.participants': 'wholeNumber',
      'report.survey.respondents': 'invalidFormat',
    });
  });

  it('judges the date by the month only when the month is one', () => {
    expect(refused(body(fullReport('2026-03'), '2026-3'))).toEqual({ month: 'invalidMonth' });
  });

  it('gives each rule between fields on the field it concerns, over a body of any shape', () => {
    const report = fullReport('2026-03', {
      activity: { held: true, title: ' ', date: null, participants: 0 },
      survey: {
        respondents: 5,
        needs: [
          { category: 'jobs', count: 9 },
          { category: 'jobs', count: 1 },
        ],
        freeText: '',
      },
      service: { done: true, what: '', beneficiaries: 0 },
      training: { sessions: 2, people: 0, hours: 3 },
    });
    expect(reportRuleIssues(body(report))).toEqual([
      { path: ['report', 'activity', 'title'], code: 'requiredWhenHeld' },
      { path: ['report', 'activity', 'date'], code: 'requiredWhenHeld' },
      { path: ['report', 'activity', 'participants'], code: 'atLeastOne' },
      { path: ['report', 'survey', 'needs', 0, 'count'], code: 'moreThanRespondents' },
      { path: ['report', 'survey', 'needs'], code: 'duplicateCategory' },
      { path: ['report', 'service', 'what'], code: 'requiredWhenDone' },
      { path: ['report', 'service', 'beneficiaries'], code: 'atLeastOne' },
      { path: ['report', 'training', 'people'], code: 'trainingInconsistent' },
    ]);
    expect(reportRuleIssues(body(fullReport('2026-03', { training: { sessions: 0, people: 3, hours: 0 } })))).toEqual([
      { path: ['report', 'training', 'sessions'], code: 'trainingInconsistent' },
    ]);
    expect(reportRuleIssues(null)).toEqual([]);
    expect(reportRuleIssues({ month: '2026-03', report: 'nothing' })).toEqual([]);
  });
});

describe('the report’s rules on what no form sends', () => {
  it('a body nested however deep is refused, not a fault', () => {
    let deep: unknown = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(refused(deep)).toEqual({ '(body)': 'invalidFormat' });
    let report: unknown = {};
    for (let i = 0; i < 20_000; i++) report = { activity: report };
    expect(refused(body(report))).toMatchObject({ 'report.activity.held': 'required', 'report.activity.title': 'required' });
  });
});
