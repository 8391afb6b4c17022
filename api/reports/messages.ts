import type { Locale } from '../../events/catalog/labels.ts';
import type { HealthReason } from '../../projections/branchHealth.ts';

export const unknownCategoryMessage: Record<Locale, string> = { 'zh-CN': '不在需求分类列表中', en: 'Not one of the need categories' };

const pct = (share: unknown) => `${Math.round(Number(share) * 100)}%`;

/** Why a branch has its class, in words a manager reads ("why this class"). */
const reasons: Record<string, Record<Locale, (v: Record<string, number | string>) => string>> = {
  noReports: { 'zh-CN': (v) => `近 ${v.window} 个月没有上报月报`, en: (v) => `No monthly report in the last ${v.window} months` },
  notYetDue: { 'zh-CN': (v) => `新纳入系统,首次月报 ${v.due} 截止,届时再评定`, en: (v) => `New here: its first report is due ${v.due}; assessed after that` },
  tooFewMembers: { 'zh-CN': (v) => `团员仅 ${v.members} 人,少于 ${v.minimum} 人`, en: (v) => `Only ${v.members} league members, fewer than ${v.minimum}` },
  fiveOnesLow: {
    'zh-CN': (v) => `“五个一”完成率 ${pct(v.share)},低于 ${pct(v.threshold)}`,
    en: (v) => `五个一 done ${pct(v.share)}, below ${pct(v.threshold)}`,
  },
  monthsMissing: { 'zh-CN': (v) => `近 ${v.window} 个月有 ${v.missing} 个月未上报`, en: (v) => `${v.missing} of the last ${v.window} months not reported` },
  noMeetings: {
    'zh-CN': (v) => `近 ${v.window} 个月没有召开支委会、团员大会或团小组会`,
    en: (v) => `No committee, assembly or group meeting in the last ${v.window} months`,
  },
  fiveOnesBelowConsolidate: {
    'zh-CN': (v) => `“五个一”完成率 ${pct(v.share)},未达 ${pct(v.threshold)}`,
    en: (v) => `五个一 done ${pct(v.share)}, short of ${pct(v.threshold)}`,
  },
  notAllOnTime: { 'zh-CN': (v) => `近 ${v.window} 个月按时上报 ${v.onTime} 次`, en: (v) => `${v.onTime} of the last ${v.window} months reported on time` },
  meetingsNotMonthly: {
    'zh-CN': (v) => `近 ${v.window} 个月中 ${v.meetingMonths} 个月开会`,
    en: (v) => `Meetings in ${v.meetingMonths} of the last ${v.window} months`,
  },
  noLecture: { 'zh-CN': (v) => `近 ${v.window} 个月没有上团课`, en: (v) => `No league lecture in the last ${v.window} months` },
  fourHasNotMet: { 'zh-CN': () => '“四有”未全部达标', en: () => 'Not all of the 四有 met' },
  allMet: {
    'zh-CN': (v) => `“五个一”完成率 ${pct(v.share)},近 ${v.window} 个月按时上报、每月开会`,
    en: (v) => `五个一 done ${pct(v.share)}, on time and meeting every month for ${v.window} months`,
  },
};

export function describeReasons(list: HealthReason[], locale: Locale): string[] {
  return list.map((reason) => reasons[reason.code]?.[locale](reason.values) ?? reason.code);
}

/** How a month view's statuses and approvals read in a download. */
export const timelinessLabels: Record<'missing' | 'onTime' | 'late', Record<Locale, string>> = {
  missing: { 'zh-CN': '未报', en: 'Missing' },
  onTime: { 'zh-CN': '按时', en: 'On time' },
  late: { 'zh-CN': '迟报', en: 'Late' },
};
export const approvalLabels: Record<'submitted' | 'approved' | 'returned', Record<Locale, string>> = {
  submitted: { 'zh-CN': '待审核', en: 'Awaiting approval' },
  approved: { 'zh-CN': '已审核', en: 'Approved' },
  returned: { 'zh-CN': '已退回', en: 'Returned' },
};
