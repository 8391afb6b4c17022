import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { EventIdConflictError, StoreUnavailableError, WrongExpectedRevisionError } from '../events/store/errors.ts';
import { ProjectionFailedError, ReadYourWritesTimeoutError } from '../projections/runner.ts';
import { DomainRuleError } from './decider.ts';
import type { Locale } from '../events/catalog/labels.ts';
import { requestLocale } from './locale.ts';
import { problem } from './problem.ts';

/** Maps the typed errors of the layers below to problem details; anything else is a 500. */
export function handleError(error: Error, c: Context) {
  const locale = requestLocale(c);
  const say = (key: keyof typeof titles) => titles[key][locale];
  if (error instanceof DomainRuleError) {
    const title = ruleMessages[error.code]?.[locale] ?? error.message;
    return problem(c, 409, { title, code: error.code, errors: error.field ? [{ field: error.field, code: error.code, message: title }] : undefined });
  }
  if (error instanceof WrongExpectedRevisionError) {
    return problem(c, 409, { title: say('changedMeanwhile'), expected: error.expected, actual: String(error.actual) });
  }
  if (error instanceof EventIdConflictError) return problem(c, 409, { title: say('idReused'), detail: error.message });
  if (error instanceof ReadYourWritesTimeoutError) {
    return problem(c, 503, { title: say('notCaughtUp'), detail: error.message, position: error.position.toString(), behind: error.behind });
  }
  if (error instanceof ProjectionFailedError || error instanceof StoreUnavailableError) {
    return problem(c, 503, { title: say('unavailable'), detail: error.message });
  }
  // Hono's own rejections (e.g. a body that is not JSON) keep their status, as problem details.
  if (error instanceof HTTPException) return problem(c, error.status as ContentfulStatusCode, { title: `${say('badRequest')} (${error.message})` });
  console.error(error);
  return problem(c, 500, { title: say('internal'), detail: 'The error was logged.' });
}

const titles = {
  changedMeanwhile: { 'zh-CN': '该记录已被他人修改,请刷新后重试', en: 'The record was changed by someone else; reload and try again' },
  idReused: { 'zh-CN': '该提交编号已用于其他内容', en: 'This submission id was already used for something else' },
  notCaughtUp: { 'zh-CN': '视图尚未更新到您的修改,请稍后再试', en: 'The view has not caught up with your change yet; try again shortly' },
  unavailable: { 'zh-CN': '服务暂时不可用,请稍后再试', en: 'Service unavailable; try again shortly' },
  badRequest: { 'zh-CN': '请求无法处理', en: 'The request cannot be handled' },
  internal: { 'zh-CN': '服务器内部错误,已记录', en: 'Internal error; it was logged' },
} as const;

/** The domain's rule codes in both languages (deciders speak in codes). */
const ruleMessages: Record<string, Record<Locale, string>> = {
  alreadyExists: { 'zh-CN': '该组织已存在', en: 'This unit already exists' },
  codeTaken: { 'zh-CN': '该编码已被其他组织使用', en: 'This code is already used by another unit' },
  wrongParent: { 'zh-CN': '上级层级不对:市在省下,县在市下,乡镇在县下,团组织在乡镇下', en: 'Wrong parent level: city under province, county under city, township under county, organisation under township' },
  parentClosed: { 'zh-CN': '上级组织已撤销', en: 'The parent unit is closed' },
  classRequired: { 'zh-CN': '团组织须填写领域和建团模式', en: 'An organisation needs a field and a building mode' },
  notFound: { 'zh-CN': '对象不存在', en: 'No such object' },
  closed: { 'zh-CN': '该组织已撤销,不能再修改', en: 'The unit is closed and cannot be changed' },
  beforeOpening: { 'zh-CN': '日期早于该组织成立日期', en: 'The date is before the unit was opened' },
  notAnOrganisation: { 'zh-CN': '只有团组织有领域、建团模式和达标情况', en: 'Only organisations have a field, a building mode and standards' },
  notATownship: { 'zh-CN': '只有乡镇(街道)团委有这些信息', en: 'Only township committees have this profile' },
  loginTaken: { 'zh-CN': '该用户名已被使用', en: 'This login name is already in use' },
  reportLocked: { 'zh-CN': '该月月报已审核通过并锁定', en: 'The report for this month is approved and locked' },
  awaitingCorrection: { 'zh-CN': '该月报已退回,待支部更正后才能审核', en: 'The report was returned; it can be approved once corrected' },
  notResearchers: { 'zh-CN': '调研组成员须为调研人员账号', en: 'Team members must be researcher accounts' },
  regionOutsideRound: { 'zh-CN': '调研地区须在本次调研的组织范围内', en: 'A region is outside the round’s unit' },
  regionNotAssigned: { 'zh-CN': '该地区未分配给本调研组', en: 'This region is not assigned to the team' },
  visitOutsideRound: { 'zh-CN': '日期须在本次调研的起止日期内,且不能晚于今天', en: 'The date must fall within the round and not be in the future' },
  noReport: { 'zh-CN': '该月尚未上报月报', en: 'No report for this month yet' },
  invitationInvalid: { 'zh-CN': '邀请链接无效或已过期', en: 'This invitation is not valid any more' },
};
