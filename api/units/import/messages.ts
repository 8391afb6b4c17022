import type { Locale } from '../../../events/catalog/labels.ts';
import { branchFieldLabels, buildingModeLabels } from '../../../events/catalog/labels.ts';
import type { TableCode } from '../../tables/table.ts';
import { columns } from './layout.ts';

const fieldChoices = (locale: Locale) =>
  Object.values(branchFieldLabels)
    .map((label) => label[locale])
    .join(locale === 'en' ? ', ' : '、');
const modeChoices = (locale: Locale) =>
  Object.values(buildingModeLabels)
    .map((label) => label[locale])
    .join(locale === 'en' ? ', ' : '、');
import type { RowError, RowProblem } from './plan.ts';

const text: Record<RowProblem, Record<Locale, string>> = {
  missingColumn: { 'zh-CN': '缺少此列', en: 'this column is missing' },
  required: { 'zh-CN': '必填', en: 'required' },
  tooLong: { 'zh-CN': '太长(名称最多 60 字,编码最多 40 字)', en: 'too long (names up to 60 characters, codes up to 40)' },
  tooLarge: {
    'zh-CN': '超出范围(人口最多 1000 万,委员最多 1000 人,经费最多 10 亿元)',
    en: 'out of range (population up to 10,000,000, members up to 1,000, funding up to 1,000,000,000)',
  },
  duplicateCode: { 'zh-CN': '编码在文件中重复', en: 'this code appears twice in the file' },
  badKind: { 'zh-CN': '层级不在列表中,可选:省、市、县、乡镇、团组织', en: 'not one of the levels: province, city, county, township, organisation' },
  badDate: {
    'zh-CN': '不是有效日期,可写成 2026-06-18、2026/6/18、2026年6月18日,或用日期单元格',
    en: 'not a valid date: write 2026-06-18, 2026/6/18 or 2026年6月18日, or use a date cell',
  },
  badNumber: { 'zh-CN': '应为非负数字', en: 'must be a number, 0 or more' },
  badField: { 'zh-CN': `领域不在列表中,可选:${fieldChoices('zh-CN')}`, en: `not one of the fields: ${fieldChoices('en')}` },
  legacyField: {
    'zh-CN': '“机关事业单位”已分为“机关”和“事业单位”,请选其一',
    en: '“机关事业单位” is now two fields: choose 机关 (government organ) or 事业单位 (public institution)',
  },
  badMode: { 'zh-CN': `建团模式不在列表中,可选:${modeChoices('zh-CN')}`, en: `not one of the building modes: ${modeChoices('en')}` },
  badYesNo: { 'zh-CN': '应填 是 或 否(也可填 Y/N、√/×)', en: 'must be yes or no (是/否, Y/N)' },
  unknownParent: { 'zh-CN': '上级编码在文件和现有组织中都找不到', en: 'no unit with this parent code in the file or the tree' },
  parentHasErrors: { 'zh-CN': '上级所在行有错误,请先改正上级', en: 'the parent row has errors; correct it first' },
  wrongParentKind: {
    'zh-CN': '上级的层级不对(市在省下,县在市下,乡镇在县下,团组织在乡镇下)',
    en: 'wrong parent level (city under province, county under city, township under county, organisation under township)',
  },
  kindChanged: { 'zh-CN': '该编码已存在,但层级不同', en: 'this code already exists with another level' },
  notPermitted: { 'zh-CN': '不在您的管理范围内', en: 'outside the units you manage' },
  parentCycle: { 'zh-CN': '上级编码形成循环', en: 'the parent codes form a loop' },
  ambiguousCode: {
    'zh-CN': '您管理的范围内有多个组织使用此编码,请先改正其中之一的编码',
    en: 'more than one unit you manage has this code; change one of them first',
  },
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
    message:
      locale === 'en'
        ? `Row ${error.line}${header ? `, ${header}` : ''}: ${message}${error.value ? ` (“${error.value}”)` : ''}`
        : `第 ${error.line} 行${header ? `「${header}」` : ''}:${message}${error.value ? `(“${error.value}”)` : ''}`,
  };
}

/** Why a file could not be read at all, in Chinese; the reader's own English text otherwise. */
const tableProblems: Partial<Record<TableCode, string>> = {
  oldXls: '不支持旧版 Excel(.xls)文件,请在 Excel 或 WPS 中另存为 .xlsx 或 .csv',
  unsupportedFileType: '只能导入 .xlsx 或 .csv 文件',
  notXlsx: '这不是有效的 .xlsx 文件,请另存为 .xlsx 或 .csv 后重试',
  encrypted: '文件设有密码,请先取消密码再上传',
  noHeader: '文件中没有表头行',
  emptyHeader: '表头中有空白列名',
  duplicateHeader: '表头中有重复的列名',
  valueWithoutHeader: '有数据的列缺少列名',
  unterminatedQuote: 'CSV 中有未闭合的引号',
  noWorksheet: '工作簿中没有工作表',
  corruptXlsx: '.xlsx 文件已损坏',
  corruptZip: '文件已损坏',
  zip64: '文件过大(ZIP64),请拆分后上传',
  tooLarge: '文件解压后过大,请拆分成较小的文件后上传',
  tooManyRows: '文件行数过多,请拆分成较小的文件后上传',
  tooManyCells: '文件单元格过多,请拆分文件或删除空列后上传',
  cellTooLong: '单元格内容过长(电子表格一个单元格最多 32767 个字)',
  busy: '服务器正忙,请稍后再试',
  unsupportedCompression: '文件的压缩方式不受支持,请另存为 .xlsx 或 .csv',
};

export function describeTableError(error: { code: TableCode; message: string; line: number | undefined }, locale: Locale): string {
  const zh = tableProblems[error.code];
  if (locale === 'en' || !zh) return error.message;
  return error.line ? `第 ${error.line} 行:${zh}` : zh;
}
