import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { EventIdConflictError, StoreUnavailableError, WrongExpectedRevisionError } from '../events/store/errors.ts';
import { ProjectionFailedError, ReadYourWritesTimeoutError } from '../projections/runner.ts';
import { SubmissionReusedError } from './commands.ts';
import type { ApiEnv } from './context.ts';
import { DomainRuleError } from './decider.ts';
import type { Locale } from '../events/catalog/labels.ts';
import { requestLocale } from './locale.ts';
import { problem, type ProblemCode } from './problem.ts';
import { visitRuleMessages } from './research/rules.ts';

/** Input that passed its schema but not a check that needs the request's context (e.g. today): 400 naming the field. */
export class InvalidInputError extends Error {
  readonly field: string;
  readonly code: ProblemCode;
  readonly messages: Record<Locale, string>;
  constructor(field: string, code: ProblemCode, messages: Record<Locale, string>) {
    super(messages.en);
    this.name = 'InvalidInputError';
    this.field = field;
    this.code = code;
    this.messages = messages;
  }
}

/** Maps the typed errors of the layers below to problem details; anything else is a 500. */
/**
 * Why one command of several was refused, as its problem's code and title say it; null for an
 * error that is not a refusal (it fails the whole request instead).
 */
export function refusalOf(error: unknown, locale: Locale): { code: RuleCode; title: string } | null {
  if (error instanceof DomainRuleError) {
    const template = ruleMessages[error.code]?.[locale];
    return { code: error.code, title: template ? template.replace(/\{(\w+)\}/g, (whole, name: string) => error.params[name] ?? whole) : error.message };
  }
  if (error instanceof WrongExpectedRevisionError) return { code: 'changedMeanwhile', title: titles.changedMeanwhile[locale] };
  return null;
}

export function handleError(error: Error, c: Context<ApiEnv>) {
  const locale = requestLocale(c);
  const say = (key: keyof typeof titles) => titles[key][locale];
  if (error instanceof InvalidInputError) {
    return problem(c, 400, { title: invalidTitle[locale], errors: [{ field: error.field, code: error.code, message: error.messages[locale] }] });
  }
  if (error instanceof DomainRuleError) {
    const template = ruleMessages[error.code]?.[locale];
    const title = template ? template.replace(/\{(\w+)\}/g, (whole, name: string) => error.params[name] ?? whole) : error.message;
    return problem(c, 409, { title, code: error.code, errors: error.field ? [{ field: error.field, code: error.code, message: title }] : undefined });
  }
  if (error instanceof WrongExpectedRevisionError) {
    return problem(c, 409, { title: say('changedMeanwhile'), expected: error.expected, actual: String(error.actual) });
  }
  if (error instanceof EventIdConflictError) return problem(c, 409, { title: say('idReused'), detail: error.message });
  if (error instanceof SubmissionReusedError) {
    const title = say(error.reason === 'otherAccount' ? 'idReusedByOther' : 'idReused');
    return problem(c, 409, { title, code: 'submissionReused', reason: error.reason, detail: error.message });
  }
  if (error instanceof ReadYourWritesTimeoutError) {
    return problem(c, 503, { title: say('notCaughtUp'), detail: error.message, position: error.position.toString(), behind: error.behind });
  }
  if (error instanceof ProjectionFailedError || error instanceof StoreUnavailableError) {
    c.get('log').warn(
      { method: c.req.method, path: c.req.path, error: error.name, reason: error.message.split('\n')[0] },
      'request refused: the store or a projection is unavailable',
    );
    return problem(c, 503, { title: say('unavailable'), detail: error.message });
  }
  // Hono's own rejections (e.g. a body that is not JSON) keep their status, as problem details.
  if (error instanceof HTTPException) return problem(c, error.status as ContentfulStatusCode, { title: `${say('badRequest')} (${error.message})` });
  c.get('log').error({ err: error, method: c.req.method, path: c.req.path }, `request failed: ${error.message}`);
  return problem(c, 500, { title: say('internal'), detail: 'The error was logged.' });
}

const invalidTitle: Record<Locale, string> = { 'zh-CN': '请求内容有误', en: 'The request is not valid' };

const titles = {
  changedMeanwhile: { 'zh-CN': '该记录已被他人修改,请刷新后重试', en: 'The record was changed by someone else; reload and try again' },
  idReused: {
    'zh-CN': '该提交编号已用于其他内容:原提交保持不变,本次修改未保存。请刷新页面后重新提交。',
    en: 'This submission id was already used for other content: the earlier submission stands and this change was not saved. Reload the page and submit again.',
  },
  idReusedByOther: {
    'zh-CN': '该提交编号已由其他账号使用,本次提交未保存。请刷新页面后重新提交。',
    en: 'This submission id was already used by another account; nothing was saved. Reload the page and submit again.',
  },
  notCaughtUp: { 'zh-CN': '视图尚未更新到您的修改,请稍后再试', en: 'The view has not caught up with your change yet; try again shortly' },
  unavailable: { 'zh-CN': '服务暂时不可用,请稍后再试', en: 'Service unavailable; try again shortly' },
  badRequest: { 'zh-CN': '请求无法处理', en: 'The request cannot be handled' },
  internal: { 'zh-CN': '服务器内部错误,已记录', en: 'Internal error; it was logged' },
} as const;

/**
 * A rule of the domain a command can break (DomainRuleError's code): the keys of the table below,
 * so a code without words, or a typo, fails to compile.
 */
export type RuleCode = keyof typeof ruleMessages;

/** The domain's rule codes in both languages (deciders speak in codes). */
const ruleMessages = {
  alreadyExists: { 'zh-CN': '该组织已存在', en: 'This unit already exists' },
  codeTaken: { 'zh-CN': '该编码已被其他组织使用', en: 'This code is already used by another unit' },
  wrongParent: {
    'zh-CN': '上级层级不对:市在省下,县在市下,乡镇在县下,团组织在乡镇下',
    en: 'Wrong parent level: city under province, county under city, township under county, organisation under township',
  },
  parentClosed: { 'zh-CN': '上级组织已撤销', en: 'The parent unit is closed' },
  classRequired: { 'zh-CN': '团组织须填写领域和建团模式', en: 'An organisation needs a field and a building mode' },
  notFound: { 'zh-CN': '对象不存在', en: 'No such object' },
  closed: { 'zh-CN': '该组织已撤销,不能再修改', en: 'The unit is closed and cannot be changed' },
  beforeOpening: { 'zh-CN': '日期早于该组织成立日期', en: 'The date is before the unit was opened' },
  notAnOrganisation: { 'zh-CN': '只有团组织有领域、建团模式和达标情况', en: 'Only organisations have a field, a building mode and standards' },
  notATownship: { 'zh-CN': '只有乡镇(街道)团委有这些信息', en: 'Only township committees have this profile' },
  setupDone: { 'zh-CN': '系统已设置管理员', en: 'The administrator is already set up' },
  loginTaken: { 'zh-CN': '该用户名已被使用', en: 'This login name is already in use' },
  notInvited: { 'zh-CN': '该用户已接受邀请或已停用,无需新的邀请链接', en: 'This account has no invitation waiting: it was accepted or is deactivated' },
  reportLocked: { 'zh-CN': '该月月报已审核通过并锁定', en: 'The report for this month is approved and locked' },
  awaitingCorrection: { 'zh-CN': '该月报已退回,待支部更正后才能审核', en: 'The report was returned; it can be approved once corrected' },
  notResearchers: { 'zh-CN': '调研组成员须为调研人员账号', en: 'Team members must be researcher accounts' },
  regionOutsideRound: { 'zh-CN': '调研地区须在本次调研的组织范围内', en: 'A region is outside the round’s unit' },
  regionNotAssigned: { 'zh-CN': '该地区未分配给本调研组', en: 'This region is not assigned to the team' },
  ...visitRuleMessages, // shared with the visit form, which checks them itself
  noReport: { 'zh-CN': '该月尚未上报月报', en: 'No report for this month yet' },
  campaignExists: { 'zh-CN': '该行动已发布', en: 'This drive has already been declared' },
  noCampaign: { 'zh-CN': '没有这项集中行动', en: 'There is no such drive' },
  endsBeforeStart: { 'zh-CN': '结束日期不能早于开始日期', en: 'The end cannot be before the start' },
  phasesOverlap: {
    'zh-CN': '各阶段须依次进行:本阶段须在上一阶段结束后开始、在下一阶段开始前结束',
    en: 'Phases follow one another: a phase starts after the one before ends and ends before the next starts',
  },
  dueOutsideCampaign: { 'zh-CN': '截止日期须在行动期间内(或结束后 60 天内)', en: 'The due date must fall within the drive (or up to 60 days after it)' },
  deliverableLocked: { 'zh-CN': '该材料已审核通过并锁定', en: 'This deliverable is approved and locked' },
  nothingSubmitted: { 'zh-CN': '尚未提交', en: 'Nothing has been submitted yet' },
  nothingToRemind: { 'zh-CN': '都已上报,没有需要催报的', en: 'Everything has come in: there is nobody to remind' },
  deliverableAwaitingCorrection: { 'zh-CN': '该材料已退回,待更正后才能审核', en: 'It was returned; it can be approved once corrected' },
  bulletinPublished: { 'zh-CN': '本月通报已发布,不能更改', en: 'This month’s bulletin has already been published and cannot change' },
  notOwed: { 'zh-CN': '该单位在本次行动中不需提交此项材料', en: 'This unit does not owe this deliverable in the drive' },
  branchNotInTownship: { 'zh-CN': '整顿名单中的团组织须属于本乡镇', en: 'Every branch on the list must belong to this township' },
  attachmentMissing: { 'zh-CN': '附件未找到,请重新上传', en: 'An attachment was not found; upload it again' },
  attachmentType: {
    'zh-CN': '附件的类型与文件内容不符,或不在允许的类型之中,请重新上传',
    en: 'An attachment is not of the type it names, or of no type allowed; upload it again',
  },
  noBranches: { 'zh-CN': '本乡镇还没有团组织,无法摸底', en: 'The township has no organisations to take a baseline of' },
  monthOutsideCampaign: { 'zh-CN': '通报月份须在行动期间内,且不能是未来月份', en: 'The month must be a month of the drive, not one still to come' },
  noUnitsToRank: { 'zh-CN': '该单位下没有可排名的单位', en: 'There are no units under this one to rank' },
  levelNotBelow: { 'zh-CN': '只能对本单位以下的层级排名', en: 'A bulletin ranks a level below its publisher' },
  invitationInvalid: { 'zh-CN': '邀请链接无效或已过期', en: 'This invitation is not valid any more' },
  deviceTimeTooOld: {
    'zh-CN':
      '设备记录的提交时间({deviceDay})比送达服务器的时间({receivedDay})早一个多月,无法据此认定提交日期,本次提交未保存。请核对设备日期后重新填报;如为纸质报表,请由乡镇团委登记收到日期。',
    en: 'The device says this was submitted on {deviceDay}, more than a month before it arrived ({receivedDay}); that date cannot be believed, and nothing was saved. Check the device’s date and submit again; for a paper report, the township committee records the day it was received.',
  },
  newerVersion: {
    'zh-CN': '您打开之后又收到了更新的版本,本次操作未执行。请刷新查看最新版本后再审核。',
    en: 'A newer version arrived after you opened this; nothing was done. Reload, read the newest version, and decide again.',
  },
  changedMeanwhile: {
    'zh-CN': '您打开之后该组织已被他人修改,本次修改未保存。请刷新查看最新信息后再改。',
    en: 'Someone changed this unit after you opened it; your change was not saved. Reload to see the latest and change it again.',
  },
  paperReceiptAfterArrival: {
    'zh-CN': '纸质报表收到日期不能晚于系统首次收到该月报的日期({firstDay})',
    en: 'The paper report cannot have been received after the report first arrived in the system ({firstDay})',
  },
  paperReceiptBeforeMonth: {
    'zh-CN': '纸质报表收到日期不能早于所报月份的第一天',
    en: 'The paper report cannot have been received before the month it reports on began',
  },
  futureDate: { 'zh-CN': '日期不能晚于今天', en: 'The date cannot be in the future' },
} satisfies Record<string, Record<Locale, string>>;
