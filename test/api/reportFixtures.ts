import type { MonthlyReportContent } from '../../events/catalog/report.ts';

/** A complete month: all 五个一 done, meetings held, a lecture, members and training. */
export function fullReport(month: string, overrides: Partial<MonthlyReportContent> = {}): MonthlyReportContent {
  return {
    activity: { held: true, title: '青年志愿服务日', date: `${month}-12`, participants: 18 },
    pairing: { youthPaired: 2, note: '结对返乡创业青年' },
    survey: {
      respondents: 20,
      needs: [
        { category: 'jobs', count: 9 },
        { category: 'skills', count: 6 },
      ],
      freeText: '希望开展电商培训',
    },
    service: { done: true, what: '联系农技站开展种植培训', beneficiaries: 15 },
    talks: { count: 3 },
    meetings: { committee: 1, assembly: 1, group: 2, lecture: 1, evaluationRule: true, registrationRule: true },
    members: { leagueMembers: 12, youthUnder35: 40 },
    workManualInUse: true,
    volunteers: 8,
    training: { sessions: 1, people: 20, hours: 2 },
    ...overrides,
  };
}

/** A thin month: nothing of the 五个一, no meeting. */
export function emptyReport(members = 12): MonthlyReportContent {
  return fullReport('2026-01', {
    activity: { held: false, title: '', date: null, participants: 0 },
    pairing: { youthPaired: 0, note: '' },
    survey: { respondents: 0, needs: [], freeText: '' },
    service: { done: false, what: '', beneficiaries: 0 },
    talks: { count: 0 },
    meetings: { committee: 0, assembly: 0, group: 0, lecture: 0, evaluationRule: false, registrationRule: false },
    members: { leagueMembers: members, youthUnder35: 40 },
    training: { sessions: 0, people: 0, hours: 0 },
  });
}
