/**
 * The words of the 100-day drive's pages (the list and the declaring form, the timeline, the
 * monthly bulletin) and of their charts, Chinese (zh-CN) first and English second. Phases,
 * deliverables and unit kinds are named by the event catalog's labels.
 */
import { deliverableLabels, fieldLabels, phaseLabels, unitKindLabels, type Locale } from '../../../../events/catalog/labels.ts';
import type { DeliverableKind, PhaseKey } from '../../../../events/catalog/campaign.ts';

export { deliverableLabels, fieldLabels, phaseLabels, unitKindLabels };

/**
 * The phases and the deliverables in the catalog's order, read from their labels (keyed in that
 * order), so pages need not bundle the catalog's schemas into the browser for two lists.
 */
export const phaseOrder = Object.keys(phaseLabels) as PhaseKey[];
export const deliverableOrder = Object.keys(deliverableLabels) as DeliverableKind[];

const dateParts = (day: string) => day.split('-').map(Number) as [number, number, number];

/** 2026-07-05 → 7月5日 / 5 Jul; with the year, 2026年7月5日 / 5 Jul 2026. */
export function dayName(day: string, locale: Locale, withYear = false): string {
  const [year, month, date] = dateParts(day);
  if (!year || !month || !date) return day;
  if (locale === 'en') {
    const name = new Date(Date.UTC(year, month - 1, date)).toLocaleString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
    return withYear ? `${name} ${year}` : name;
  }
  return `${withYear ? `${year}年` : ''}${month}月${date}日`;
}

/** 6月18日至9月30日 / 18 Jun – 30 Sep, the year once at the start when asked. */
export function period(start: string, end: string, locale: Locale, withYear = false): string {
  return locale === 'en'
    ? `${dayName(start, locale)} – ${dayName(end, locale, withYear)}`
    : `${dayName(start, locale, withYear)}至${dayName(end, locale, withYear && start.slice(0, 4) !== end.slice(0, 4))}`;
}

/** A share 0..1 as a percentage with at most one decimal (a bulletin's parts are rounded to 0.1 %). */
export function share(value: number): string {
  return `${Math.round(value * 1000) / 10}%`;
}

export type StatusCounts = { owed: number; approved: number; submitted: number; returned: number; overdue: number; pending: number; late: number };

const zh = {
  nav: '集中行动',
  phaseNumber: (i: number) => `第${'一二三四五'[i] ?? i + 1}阶段`,
  /** Short names of the deliverables, for the timeline's markers. */
  short: { baseline: '摸底', rectification: '整顿', case: '案例', summary: '总结', tables: '统计表' } as Record<DeliverableKind, string>,
  statuses: { approved: '已审核', submitted: '待审核', returned: '已退回', overdue: '逾期未交', pending: '未到期' },
  phaseStatus: { done: '已完成', current: '进行中', upcoming: '未开始' },
  list: {
    title: '百日集中行动',
    lead: '各级团委发起的集中行动。进入一项行动,可查看阶段进度、下级单位材料报送情况和月度进度通报。',
    columns: { name: '行动名称', unit: '发起单位', dates: '起止日期', phase: '当前阶段', links: '查看' },
    notStarted: '尚未开始',
    ended: '已结束',
    timeline: '进度总览',
    bulletin: '进度通报',
    empty: '还没有您可以查看的集中行动。',
  },
  declare: {
    title: '按模板发起集中行动',
    lead: '日期已按《百日集中行动》方案模板填好,可按本地实际修改。发起后仍可调整阶段和截止日期,须写明原因。',
    unit: '发起单位',
    chooseUnit: '请选择发起单位',
    name: '行动名称',
    defaultName: (year: number) => `${year}年百日集中行动`,
    year: '年度',
    phases: '三个阶段',
    start: '开始日期',
    end: '结束日期',
    deadlines: '材料截止日期',
    inPhase: (phase: string) => `属于${phase}`,
    newSince: '新建团组织统计起始日',
    newSinceHint: '此日及以后新建的团组织计入“新建”目标;不填则为第一阶段开始日期。',
    submit: '发起行动',
    fixFields: '提交的内容有误,请按提示修改。',
  },
  timeline: {
    crumbs: '集中行动',
    declaredBy: (unit: string) => `${unit}发起`,
    currentPhase: (phase: string) => `当前:${phase}`,
    viewing: '查看范围',
    up: (name: string) => `上一级:${name}`,
    declared: '集中行动已发起。以下为进度总览。',
    rescheduled: { phase: '阶段日期已调整,已记入调整记录。', deadline: '截止日期已调整,已记入调整记录。' } as Record<string, string>,
    links: {
      bulletin: '月度进度通报',
      targets: '目标任务',
      table1: '附件1 乡镇团委建设情况统计表',
      table2: '附件2 基层团组织整顿情况统计表',
      xlsx: 'Excel',
      own: '本级材料报送',
    },
    gantt: '进度总览',
    ganttLead: (unit: string) => `${unit}及下级单位的材料报送情况,标记位于截止日期,颜色为该项最差的状态。点击单位名称查看下一级。`,
    ganttLeadOwn: (unit: string) => `${unit}应报送的材料,标记位于截止日期,颜色为当前状态。`,
    today: '今天',
    asOfDay: '截至',
    phases: '阶段',
    deadlines: '材料截止',
    due: (day: string) => `${day}截止`,
    units: '下级单位',
    own: (name: string) => `本级:${name}`,
    ownLead: '本级应报送的材料',
    report: '报送材料',
    counts: (c: StatusCounts) => {
      if (c.owed === 0) return '无需报送';
      const parts = [`已交 ${c.approved + c.submitted}/${c.owed}`];
      if (c.overdue) parts.push(`逾期 ${c.overdue}`);
      if (c.returned) parts.push(`退回 ${c.returned}`);
      return parts.join(',');
    },
    overdueTag: (n: number) => `逾期 ${n}`,
    submittedOn: (day: string, late: boolean) => `${day}提交${late ? '(逾期)' : ''}`,
    nothingOwed: '无需报送',
    noRows: '没有下级单位。',
    legend: '图例',
    todayLine: '今天',
    asOfLine: '截至日',
    totals: '各项材料汇总',
    totalsColumns: {
      kind: '材料',
      due: '截止日期',
      owed: '应交',
      approved: '已审核',
      submitted: '待审核',
      returned: '已退回',
      overdue: '逾期未交',
      pending: '未到期',
      late: '逾期提交',
    },
    chart: '各项材料报送状态',
    history: '日程调整记录',
    noChanges: '日程还没有调整过。',
    historyColumns: { at: '时间', what: '调整内容', from: '原日期', to: '新日期', reason: '原因', by: '调整人' },
    phaseChange: (phase: string) => `阶段:${phase}`,
    deadlineChange: (kind: string) => `截止:${kind}`,
    manage: '调整日程',
    manageLead: '延长或缩短阶段、推迟或提前截止日期。须写明原因,调整记录对所有参与单位可见。',
    phaseForm: (phase: string) => `调整阶段:${phase}`,
    deadlineForm: (kind: string) => `调整截止日期:${kind}`,
    reason: '调整原因',
    savePhase: '保存阶段日期',
    saveDeadline: '保存截止日期',
  },
  bulletin: {
    title: (drive: string, month: string) => `${drive}进度通报(${month})`,
    issuer: (unit: string) => `${unit}`,
    month: '通报月份',
    show: '查看',
    publishedMark: '(已发布)',
    preview: (asOf: string) => `预览,尚未发布:排名按截至 ${asOf} 的数据计算,数据变化时随之变化;发布后固定不变。`,
    published: (at: string, by: string, asOf: string) => `已于 ${at} 由${by}发布,数据截至 ${asOf}。发布后排名不再变化。`,
    asOf: (day: string) => `数据截至 ${day}`,
    columns: {
      rank: '名次',
      unit: '单位',
      score: '得分',
      deliverables: '材料报送',
      targets: '目标任务',
      reporting: '按时上报',
      workManual: '工作手册',
      talk: '约谈',
    },
    talk: '约谈',
    talkLead: (n: number) => (n > 0 ? `${n} 个单位列为约谈对象(红色标出;与最后一名约谈单位得分相同的一并约谈)。` : ''),
    rule: '评分办法',
    ruleLead: (w: { deliverables: string; targets: string; reporting: string; workManual: string }) =>
      `得分满分 100 分,由四部分加权:材料报送 ${w.deliverables}、目标任务 ${w.targets}、月报按时上报 ${w.reporting}、工作手册使用 ${w.workManual}。表中各部分为完成比例。`,
    ruleParts: (during: string, yearEnd: string) => [
      '通报日为该月月报的截止日(未到时为今天);只计通报日结束前已收到的材料和月报。',
      '材料报送:截至通报日已到期的材料,按期提交计 1,逾期提交计 ½,被退回计 ¼,未交计 0,取平均;尚无到期材料的计满分。',
      '目标任务:所辖乡镇团委各项建设目标的平均完成度,每项最高 100%。',
      '按时上报:当月应报团组织中按时上报月报的比例。',
      `工作手册:当月使用《基层团支部工作手册》的团组织比例,与目标(行动期间 ${during},行动结束后 ${yearEnd})相比,最高 100%。`,
      '得分(保留一位小数)相同的单位名次相同。四个及以上单位时最后三名约谈,两到三个单位时最后一名约谈;与最后一名约谈单位得分相同的单位一并约谈,不按名称取舍。同分单位在表中按名称排列,仅为便于查阅。',
    ],
    chart: '各单位得分',
    points: '分',
    note: '通报说明',
    noRows: '没有可排名的下级单位。',
    publish: '发布本月通报',
    publishLead: '发布后本月排名即固定,之后补报的数据不再改变已发布的排名。',
    publishNote: '通报说明',
    publishSubmit: '发布通报',
    publishedNotice: '通报已发布。',
    print: '打印通报',
    back: '返回进度总览',
    printedOn: (day: string) => `${day}`,
  },
  chart: {
    owed: '应交数',
  },
};

type CampaignMessages = typeof zh;

const en: CampaignMessages = {
  nav: '100-day drive',
  phaseNumber: (i: number) => `Phase ${i + 1}`,
  short: { baseline: 'Baseline', rectification: 'Rectify', case: 'Case', summary: 'Summary', tables: 'Tables' },
  statuses: { approved: 'Approved', submitted: 'Awaiting review', returned: 'Returned', overdue: 'Overdue', pending: 'Not yet due' },
  phaseStatus: { done: 'Done', current: 'Under way', upcoming: 'To come' },
  list: {
    title: '100-day drives',
    lead: 'Drives declared by league committees. Open one for its phases, what the units below have delivered, and the monthly bulletin.',
    columns: { name: 'Drive', unit: 'Declared by', dates: 'Dates', phase: 'Current phase', links: 'Open' },
    notStarted: 'Not started',
    ended: 'Ended',
    timeline: 'Timeline',
    bulletin: 'Bulletin',
    empty: 'There is no drive you may see yet.',
  },
  declare: {
    title: 'Declare a drive from the template',
    lead: 'The dates are the 100-day drive template’s; change any to suit. Phases and deadlines can still be rescheduled later, with a reason.',
    unit: 'Declaring committee',
    chooseUnit: 'Choose the declaring committee',
    name: 'Name of the drive',
    defaultName: (year: number) => `${year}年百日集中行动`,
    year: 'Year',
    phases: 'The three phases',
    start: 'Start',
    end: 'End',
    deadlines: 'Deadlines',
    inPhase: (phase: string) => `in ${phase}`,
    newSince: 'New organisations counted from',
    newSinceHint: 'Organisations opened on or after this day count towards the “new” target; empty means the first phase’s start.',
    submit: 'Declare the drive',
    fixFields: 'Some entries need correcting.',
  },
  timeline: {
    crumbs: '100-day drives',
    declaredBy: (unit: string) => `declared by ${unit}`,
    currentPhase: (phase: string) => `now: ${phase}`,
    viewing: 'Looking from',
    up: (name: string) => `Up: ${name}`,
    declared: 'The drive was declared. Here is its timeline.',
    rescheduled: { phase: 'The phase was rescheduled; the change is in the history.', deadline: 'The deadline was moved; the change is in the history.' },
    links: {
      bulletin: 'Monthly bulletin',
      targets: 'Targets',
      table1: 'Annex 1: township committee building',
      table2: 'Annex 2: rectification of organisations',
      xlsx: 'Excel',
      own: 'This unit’s deliverables',
    },
    gantt: 'Timeline',
    ganttLead: (unit: string) =>
      `What ${unit} and the units below have delivered. Markers sit at the deadline, coloured by the worst status of the item. Open a unit to go down a level.`,
    ganttLeadOwn: (unit: string) => `What ${unit} delivers. Markers sit at the deadline, coloured by where each stands.`,
    today: 'Today',
    asOfDay: 'As of',
    phases: 'Phases',
    deadlines: 'Deadlines',
    due: (day: string) => `due ${day}`,
    units: 'Units below',
    own: (name: string) => `${name} itself`,
    ownLead: 'What this unit delivers itself',
    report: 'Deliver',
    counts: (c: StatusCounts) => {
      if (c.owed === 0) return 'nothing owed';
      const parts = [`${c.approved + c.submitted}/${c.owed} submitted`];
      if (c.overdue) parts.push(`${c.overdue} overdue`);
      if (c.returned) parts.push(`${c.returned} returned`);
      return parts.join(', ');
    },
    overdueTag: (n: number) => `${n} overdue`,
    submittedOn: (day: string, late: boolean) => `submitted ${day}${late ? ' (late)' : ''}`,
    nothingOwed: 'Nothing owed',
    noRows: 'No units below.',
    legend: 'Key',
    todayLine: 'Today',
    asOfLine: 'The day shown',
    totals: 'Deliverables in total',
    totalsColumns: {
      kind: 'Deliverable',
      due: 'Due',
      owed: 'Owed',
      approved: 'Approved',
      submitted: 'Awaiting review',
      returned: 'Returned',
      overdue: 'Overdue',
      pending: 'Not yet due',
      late: 'Submitted late',
    },
    chart: 'Deliverables by status',
    history: 'Schedule changes',
    noChanges: 'The schedule has not been changed.',
    historyColumns: { at: 'When', what: 'Change', from: 'Was', to: 'Now', reason: 'Reason', by: 'By' },
    phaseChange: (phase: string) => `Phase: ${phase}`,
    deadlineChange: (kind: string) => `Deadline: ${kind}`,
    manage: 'Reschedule',
    manageLead: 'Extend or shorten a phase, move a deadline. Give the reason: every unit in the drive sees the change.',
    phaseForm: (phase: string) => `Reschedule the phase: ${phase}`,
    deadlineForm: (kind: string) => `Move the deadline: ${kind}`,
    reason: 'Reason for the change',
    savePhase: 'Save the phase dates',
    saveDeadline: 'Save the deadline',
  },
  bulletin: {
    title: (drive: string, month: string) => `${drive}: progress bulletin (${month})`,
    issuer: (unit: string) => unit,
    month: 'Month',
    show: 'Show',
    publishedMark: ' (published)',
    preview: (asOf: string) => `Preview, not published: ranked on the figures as of ${asOf}, and changes as they do. Once published it is fixed.`,
    published: (at: string, by: string, asOf: string) => `Published on ${at} by ${by}, on the figures as of ${asOf}. The ranking no longer changes.`,
    asOf: (day: string) => `Figures as of ${day}`,
    columns: {
      rank: 'Rank',
      unit: 'Unit',
      score: 'Score',
      deliverables: 'Deliverables',
      targets: 'Targets',
      reporting: 'On-time reports',
      workManual: 'Work manual',
      talk: 'Talk',
    },
    talk: 'Talk (约谈)',
    talkLead: (n: number) =>
      n > 0 ? `${n} unit${n === 1 ? ' is' : 's are'} called in for a talk (in red; every unit tied with the last one called in is called in too).` : '',
    rule: 'How the score is made',
    ruleLead: (w: { deliverables: string; targets: string; reporting: string; workManual: string }) =>
      `Out of 100, four parts weighted: deliverables ${w.deliverables}, targets ${w.targets}, on-time monthly reports ${w.reporting}, work manual in use ${w.workManual}. The table shows each part as a share done.`,
    ruleParts: (during: string, yearEnd: string) => [
      'The bulletin stands at the day the month’s reports are due (or today, before then); only deliverables and reports received by the end of that day count.',
      'Deliverables: of those due by the bulletin’s day, 1 for each submitted on time, ½ if late, ¼ if returned, 0 if missing, averaged; full marks when nothing was due yet.',
      'Targets: the townships’ average attainment of their building targets, each capped at 100 %.',
      'On-time reports: the month’s reports received on time, of the organisations expected to report.',
      `Work manual: the month’s share of organisations using the branch work manual against the target (${during} during the drive, ${yearEnd} after it), capped at 100 %.`,
      'Units with the same score (to one decimal) share a rank. With four units or more the last three are called in for a talk; with two or three, the last one; every unit tied with the last one called in is called in too — a name never decides. Tied units are listed by name only for reading.',
    ],
    chart: 'Scores',
    points: 'points',
    note: 'Note',
    noRows: 'There are no units below to rank.',
    publish: 'Publish this month’s bulletin',
    publishLead: 'Once published, the month’s ranking is fixed: figures reported later do not change it.',
    publishNote: 'Note',
    publishSubmit: 'Publish',
    publishedNotice: 'The bulletin was published.',
    print: 'Print',
    back: 'Back to the timeline',
    printedOn: (day: string) => day,
  },
  chart: {
    owed: 'Owed',
  },
};

export function campaignMessages(locale: Locale): CampaignMessages {
  return locale === 'en' ? en : zh;
}

export const phaseName = (key: PhaseKey, locale: Locale) => phaseLabels[key][locale];
export const deliverableName = (kind: DeliverableKind, locale: Locale) => deliverableLabels[kind][locale];
