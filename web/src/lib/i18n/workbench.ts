/**
 * The words of the workbench (工作台), the home page: what waits for each person today.
 * Chinese (zh-CN) first and English second; months, days, phases and deliverables are named
 * by the reports' and the drive's words.
 */
import type { Locale } from '../../../../events/catalog/labels.ts';

const days = (n: number) => `${n} 天`;

const zh = {
  title: '工作台',
  lead: '今天需要处理的事项。',
  report: {
    heading: (unit: string) => `${unit} · 月报`,
    month: (month: string, due: string) => `${month}月报 · ${due}前提交`,
    standing: {
      notSubmitted: '尚未提交',
      submitted: '已提交,等待乡镇审核',
      approved: '已审核通过',
      returned: '被乡镇退回,请修改后重新提交',
    },
    daysLeft: (n: number) => (n > 0 ? `还剩 ${days(n)}` : n === 0 ? '今天截止' : `已逾期 ${days(-n)}`),
    returnReason: '退回理由',
    fill: '填写月报',
    fix: '修改并重新提交',
    view: '查看月报',
  },
  area: {
    reports: (month: string) => `${month}月报`,
    due: (due: string, past: boolean) => (past ? `${due} 已截止` : `${due} 截止`),
    received: (received: number, expected: number) => `已报 ${received} / ${expected}`,
    missing: (n: number, past: boolean) => (past ? `逾期未报 ${n} 个` : `尚未上报 ${n} 个`),
    allIn: '全部已报',
    awaiting: (n: number) => `待审核 ${n} 份`,
    approve: '去审核',
    seeMissing: '查看未报名单',
    behind: '未报最多的下级',
    behindRow: (missing: number, expected: number) => `未报 ${missing} / ${expected}`,
    monthView: '查看月报情况',
  },
  drive: {
    phase: (name: string, end: string) => `当前阶段:${name}(至 ${end})`,
    noPhase: '当前不在任何阶段内',
    next: (kind: string, due: string, left: number) => `下一个时限:${kind} · ${due}(${left === 0 ? '今天' : `还剩 ${days(left)}`})`,
    progress: (done: number, owed: number) => `已报送 ${done} / ${owed}`,
    overdue: (n: number) => `逾期未报送 ${n} 项`,
    own: '本单位待报送',
    open: '查看进度',
  },
  ranking: { bottom: (title: string) => `《${title}》排名靠后`, row: (rank: number, of: number, score: string) => `第 ${rank} / ${of} · ${score} 分` },
  inbox: { heading: '待审核材料', count: (n: number) => `${n} 份待审核`, none: '没有待审核的材料。', open: '去审核' },
  research: { heading: '调研任务', team: (round: string, ends: string) => `${round} · ${ends} 结束`, open: '去记录', none: '当前没有分配给你的调研任务。' },
  nothing: '今天没有待办事项。',
  units: '我负责的组织',
};

const en: typeof zh = {
  title: 'Workbench',
  lead: 'What needs doing today.',
  report: {
    heading: (unit) => `${unit} · monthly report`,
    month: (month, due) => `Report for ${month} · due ${due}`,
    standing: {
      notSubmitted: 'Not submitted yet',
      submitted: 'Submitted, awaiting the township’s approval',
      approved: 'Approved',
      returned: 'Returned by the township: correct it and submit again',
    },
    daysLeft: (n) => (n > 0 ? `${n} day${n === 1 ? '' : 's'} left` : n === 0 ? 'Due today' : `${-n} day${n === -1 ? '' : 's'} overdue`),
    returnReason: 'Reason given',
    fill: 'Fill in the report',
    fix: 'Correct and resubmit',
    view: 'See the report',
  },
  area: {
    reports: (month) => `Reports for ${month}`,
    due: (due, past) => (past ? `was due ${due}` : `due ${due}`),
    received: (received, expected) => `${received} of ${expected} in`,
    missing: (n, past) => (past ? `${n} overdue` : `${n} not in yet`),
    allIn: 'All in',
    awaiting: (n) => `${n} awaiting approval`,
    approve: 'Review them',
    seeMissing: 'See who is missing',
    behind: 'Most behind',
    behindRow: (missing, expected) => `${missing} of ${expected} missing`,
    monthView: 'Open the month view',
  },
  drive: {
    phase: (name, end) => `Current phase: ${name} (until ${end})`,
    noPhase: 'Between phases',
    next: (kind, due, left) => `Next deadline: ${kind} · ${due} (${left === 0 ? 'today' : `${left} day${left === 1 ? '' : 's'} left`})`,
    progress: (done, owed) => `${done} of ${owed} sent`,
    overdue: (n) => `${n} overdue`,
    own: 'Owed by this unit',
    open: 'See progress',
  },
  ranking: { bottom: (title) => `Lowest in “${title}”`, row: (rank, of, score) => `${rank} of ${of} · ${score}` },
  inbox: { heading: 'Deliverables to review', count: (n) => `${n} awaiting review`, none: 'Nothing to review.', open: 'Review' },
  research: { heading: 'Research', team: (round, ends) => `${round} · ends ${ends}`, open: 'Record a visit', none: 'No research assigned to you now.' },
  nothing: 'Nothing waiting today.',
  units: 'My units',
};

export type WorkbenchMessages = typeof zh;
export const workbenchMessages = (locale: Locale): WorkbenchMessages => (locale === 'en' ? en : zh);
