/**
 * The words of reminders (催报) and the bell (站内通知): the remind buttons and their answers on
 * the month view and the drive's pages, the notifications page, and the audit's lines —
 * Chinese (zh-CN) first and English second.
 */
import type { Locale } from '../i18n.ts';
import { monthName } from './reports.ts';

const names = (list: string[], more: number, locale: Locale) =>
  `${list.join(locale === 'en' ? ', ' : '、')}${more > 0 ? (locale === 'en' ? ` and ${more} more` : ` 等 ${list.length + more} 个`) : ''}`;

const zh = {
  bell: '通知',
  bellUnread: (n: number) => `通知,${n} 条未读`,
  remind: {
    one: '催报',
    oneLabel: (name: string) => `催报 ${name}`,
    all: (n: number) => `催报全部未报(${n})`,
    allDeliverable: (n: number) => `催报未交(${n})`,
    reminded: (units: number, people: number) => `已提醒 ${units} 个团组织,${people} 人。`,
    remindedUnits: (units: number, people: number) => `已提醒 ${units} 个单位,${people} 人。`,
    already: '今天已提醒过,不会重复提醒。',
    partly: (n: number) => `另有 ${n} 处今天已提醒过。`,
    hint: '催报会发到未报团组织书记的站内通知(已开启时也发邮件和群消息),同一天不会重复提醒。',
  },
  page: {
    title: '通知',
    lead: '催报提醒和逾期提醒。点击可直接去填报或查看。',
    empty: '暂无通知。',
    unread: (n: number) => `${n} 条未读`,
    markRead: '全部标为已读',
    marked: '已全部标为已读。',
    system: '系统',
    scheduled: '定时提醒',
    unreadTag: '未读',
    more: '更多',
    kinds: { monthlyReport: '催报月报', deliverable: '催交材料', escalation: '逾期提醒' },
    monthlyReport: (units: string, month: string, due: string) => `${units} ${month}月报尚未上报(截止 ${due}),请尽快上报。`,
    escalation: (area: string, month: string, due: string, n: number, units: string) =>
      `${area} ${month}月报已过截止日期(${due}),仍有 ${n} 个团组织未报:${units}。`,
    deliverable: (units: string, deliverable: string, campaign: string, due: string) => `${units}尚未提交「${deliverable}」(${campaign}),截止 ${due}。`,
    by: (who: string, time: string) => `${who} · ${time}`,
    act: { report: '去填报', month: '查看上报情况', deliverable: '去报送', timeline: '查看进度' },
  },
  audit: {
    reminded: (kind: string, period: string, units: number, people: number, due: string) =>
      `${kind} ${period}:${units} 个单位未报,已提醒 ${people} 人(截止 ${due})`,
    scheduled: '(定时)',
    delivered: (channel: string, sent: number) => `${channel}已发送 ${sent} ${channel === '邮件' ? '封' : '条'}`,
    failed: (channel: string, reason: string) => `${channel}发送失败:${reason}`,
    channels: { email: '邮件', webhook: '群消息' } as Record<string, string>,
    kinds: { monthlyReport: '月报', deliverable: '行动材料', escalation: '逾期提醒' } as Record<string, string>,
  },
};

type Messages = typeof zh;

const en: Messages = {
  bell: 'Notifications',
  bellUnread: (n: number) => `Notifications, ${n} unread`,
  remind: {
    one: 'Remind',
    oneLabel: (name: string) => `Remind ${name}`,
    all: (n: number) => `Remind all missing (${n})`,
    allDeliverable: (n: number) => `Remind those missing (${n})`,
    reminded: (units: number, people: number) => `Reminded ${units} organisation${units === 1 ? '' : 's'}, ${people} ${people === 1 ? 'person' : 'people'}.`,
    remindedUnits: (units: number, people: number) => `Reminded ${units} unit${units === 1 ? '' : 's'}, ${people} ${people === 1 ? 'person' : 'people'}.`,
    already: 'Already reminded today: nobody is reminded twice.',
    partly: (n: number) => `${n} more had been reminded today already.`,
    hint: 'A reminder goes to the missing organisations’ secretaries in the app (and by email and group message when switched on); nobody is reminded twice on one day.',
  },
  page: {
    title: 'Notifications',
    lead: 'Reminders and overdue notices. Tap one to report or to look.',
    empty: 'No notifications.',
    unread: (n: number) => `${n} unread`,
    markRead: 'Mark all read',
    marked: 'All marked read.',
    system: 'System',
    scheduled: 'scheduled',
    unreadTag: 'unread',
    more: 'More',
    kinds: { monthlyReport: 'Report reminder', deliverable: 'Deliverable reminder', escalation: 'Overdue' },
    monthlyReport: (units: string, month: string, due: string) => `${units}: the report for ${month} has not come in (due ${due}); please report soon.`,
    escalation: (area: string, month: string, due: string, n: number, units: string) =>
      `${area}: the reports for ${month} were due on ${due}; ${n} organisation${n === 1 ? ' has' : 's have'} not reported: ${units}.`,
    deliverable: (units: string, deliverable: string, campaign: string, due: string) =>
      `${units}: “${deliverable}” (${campaign}) has not been submitted; it is due by ${due}.`,
    by: (who: string, time: string) => `${who} · ${time}`,
    act: { report: 'Report now', month: 'See the month', deliverable: 'Submit', timeline: 'See progress' },
  },
  audit: {
    reminded: (kind: string, period: string, units: number, people: number, due: string) =>
      `${kind} ${period}: ${units} unit${units === 1 ? '' : 's'} missing, ${people} ${people === 1 ? 'person' : 'people'} reminded (due ${due})`,
    scheduled: ' (scheduled)',
    delivered: (channel: string, sent: number) => `${channel}: ${sent} sent`,
    failed: (channel: string, reason: string) => `${channel} failed: ${reason}`,
    channels: { email: 'Email', webhook: 'Group message' },
    kinds: { monthlyReport: 'Monthly report', deliverable: 'Deliverable', escalation: 'Overdue notice' },
  },
};

export const reminderMessages = (locale: Locale): Messages => (locale === 'en' ? en : zh);

/** The units a notification names, at most those listed and how many more. */
export const unitNames = (units: Array<{ name: string }>, total: number, locale: Locale) =>
  names(
    units.map((unit) => unit.name),
    total - units.length,
    locale,
  );

export { monthName };
