/** What is wrong with a row of an invitation sheet, in the reader's language, naming the allowed values. */
import type { Locale } from '../../../events/catalog/labels.ts';
import { invitationColumns, roleWords } from './layout.ts';
import type { InvitationProblem, InvitationRowError } from './plan.ts';

const roles = (locale: Locale) =>
  Object.values(roleWords)
    .map((words) => (locale === 'en' ? words.en : words.zh))
    .join(locale === 'en' ? ', ' : '、');

const text: Record<InvitationProblem, Record<Locale, string>> = {
  missingColumn: { 'zh-CN': '缺少此列', en: 'this column is missing' },
  required: { 'zh-CN': '必填', en: 'required' },
  tooLong: { 'zh-CN': '太长(姓名最多 40 字)', en: 'too long (names up to 40 characters)' },
  unknownCode: { 'zh-CN': '您管理的范围内没有这个组织编码', en: 'no unit with this code among the units you manage' },
  ambiguousCode: {
    'zh-CN': '您管理的范围内有多个组织使用此编码,请先改正其中之一的编码',
    en: 'more than one unit you manage has this code; change one of them first',
  },
  unitClosed: { 'zh-CN': '该组织已撤销', en: 'this unit is closed' },
  badRole: { 'zh-CN': `角色不在列表中,可选:${roles('zh-CN')}`, en: `not one of the roles: ${roles('en')}` },
  wrongRoleForUnit: {
    'zh-CN': '角色与组织层级不符:团支部书记只能邀请到团组织,调研员和管理员邀请到省、市、县或乡镇',
    en: 'the role does not fit the unit: a secretary belongs to an organisation; a researcher or manager to a province, city, county or township',
  },
  badPhone: { 'zh-CN': '不是有效的手机号(6–20 位数字,可含空格、短横线或 +)', en: 'not a valid phone number (6–20 digits; spaces, dashes or + allowed)' },
  badEmail: { 'zh-CN': '不是有效的电子邮箱', en: 'not a valid email address' },
  invalidLogin: {
    'zh-CN': '用户名须为 3–32 位小写字母、数字或 . _ -,以字母或数字开头',
    en: 'a login name is 3–32 lower-case letters, digits, . _ or -, starting with a letter or digit',
  },
  duplicateLogin: { 'zh-CN': '用户名在文件中重复', en: 'this login name appears twice in the file' },
  loginTaken: { 'zh-CN': '用户名已被他人使用,请换一个或留空自动生成', en: 'this login name is taken; choose another or leave it empty to have one made' },
};

export function describeInvitationError(error: InvitationRowError, locale: Locale) {
  const column = invitationColumns.find((c) => c.key === error.column);
  const header = column ? (locale === 'en' ? column.en : column.zh) : null;
  const message = text[error.problem][locale];
  return {
    line: error.line,
    column: error.column,
    header,
    problem: error.problem,
    value: error.value,
    message:
      locale === 'en'
        ? `Row ${error.line}${header ? `, ${header}` : ''}: ${message}${error.value ? ` (“${error.value}”)` : ''}`
        : `第 ${error.line} 行${header ? `「${header}」` : ''}:${message}${error.value ? `(“${error.value}”)` : ''}`,
  };
}
