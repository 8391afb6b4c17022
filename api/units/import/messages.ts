import type { Locale } from '../../../events/catalog/labels.ts';
import { columns } from './layout.ts';
import type { RowError, RowProblem } from './plan.ts';

const text: Record<RowProblem, Record<Locale, string>> = {
  missingColumn: { 'zh-CN': '缺少此列', en: 'this column is missing' },
  required: { 'zh-CN': '必填', en: 'required' },
  duplicateCode: { 'zh-CN': '编码在文件中重复', en: 'this code appears twice in the file' },
  badKind: { 'zh-CN': '层级应为 省、市、县、乡镇 或 团组织', en: 'level must be province, city, county, township or organisation' },
  badDate: { 'zh-CN': '日期格式应为 2026-06-18', en: 'dates look like 2026-06-18' },
  badNumber: { 'zh-CN': '应为非负数字', en: 'must be a number, 0 or more' },
  badField: { 'zh-CN': '领域不在列表中', en: 'not one of the fields' },
  badMode: { 'zh-CN': '建团模式不在列表中', en: 'not one of the building modes' },
  badYesNo: { 'zh-CN': '应填 是 或 否', en: 'must be yes or no' },
  unknownParent: { 'zh-CN': '上级编码在文件和现有组织中都找不到', en: 'no unit with this parent code in the file or the tree' },
  parentHasErrors: { 'zh-CN': '上级所在行有错误,请先改正上级', en: 'the parent row has errors; correct it first' },
  wrongParentKind: { 'zh-CN': '上级的层级不对(市在省下,县在市下,乡镇在县下,团组织在乡镇下)', en: 'wrong parent level (city under province, county under city, township under county, organisation under township)' },
  kindChanged: { 'zh-CN': '该编码已存在,但层级不同', en: 'this code already exists with another level' },
  notPermitted: { 'zh-CN': '不在您的管理范围内', en: 'outside the units you manage' },
  parentCycle: { 'zh-CN': '上级编码形成循环', en: 'the parent codes form a loop' },
};

export function describeRowError(error: RowError, locale: Locale) {
  const column = columns.find((c) => c.key === error.column);
  const header = column ? (locale === 'en' ? column.en : column.zh) : null;
  const message = text[error.problem][locale];
  return {
    line: error.line,
    column: error.column,
    header,
    problem: error.problem,
    value: error.value,
    message: locale === 'en'
      ? `Row ${error.line}${header ? `, ${header}` : ''}: ${message}${error.value ? ` (“${error.value}”)` : ''}`
      : `第 ${error.line} 行${header ? `「${header}」` : ''}:${message}${error.value ? `(“${error.value}”)` : ''}`,
  };
}
