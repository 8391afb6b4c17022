/**
 * The documented layout of an organisation-tree import (导入模板): one row per unit, parents
 * before or after their children (order does not matter), each unit known by its code.
 * Headers may be given in Chinese or English; enumerations accept the Chinese label or the code.
 */
import { branchFields, buildingModes } from '../../../events/catalog/branch.ts';
import { branchFieldLabels, buildingModeLabels, unitKindLabels } from '../../../events/catalog/labels.ts';
import { unitKinds } from '../../../events/catalog/organisation.ts';

export interface Column {
  key: ColumnKey;
  zh: string;
  en: string;
  note: string;
}
export type ColumnKey =
  | 'code'
  | 'name'
  | 'kind'
  | 'parentCode'
  | 'openedOn'
  | 'population'
  | 'committeeMembers'
  | 'annualFunding'
  | 'field'
  | 'buildingMode'
  | 'document'
  | 'filing'
  | 'plaque'
  | 'leagueMembers';

export const columns: Column[] = [
  { key: 'code', zh: '编码', en: 'Code', note: '必填,全省唯一 / required, unique' },
  { key: 'name', zh: '名称', en: 'Name', note: '必填 / required' },
  { key: 'kind', zh: '层级', en: 'Level', note: '省、市、县、乡镇、团组织 / province, city, county, township, organisation' },
  { key: 'parentCode', zh: '上级编码', en: 'Parent code', note: '省级留空 / empty for a province' },
  {
    key: 'openedOn',
    zh: '成立日期',
    en: 'Opened on',
    note: '如 2026-06-18、2026/6/18、2026年6月18日或日期单元格,留空为今天 / e.g. 2026-06-18 or a date cell, empty = today',
  },
  { key: 'population', zh: '乡镇人口', en: 'Population', note: '乡镇填写 / townships' },
  { key: 'committeeMembers', zh: '团委委员数', en: 'Committee members', note: '乡镇填写 / townships' },
  { key: 'annualFunding', zh: '年度经费(元)', en: 'Annual funding (yuan)', note: '乡镇填写 / townships' },
  { key: 'field', zh: '领域', en: 'Field', note: '团组织填写 / organisations' },
  { key: 'buildingMode', zh: '建团模式', en: 'Building mode', note: '团组织填写 / organisations' },
  { key: 'document', zh: '发文', en: 'Document', note: '是/否 (直属团组织) / yes/no' },
  { key: 'filing', zh: '备案', en: 'Filing', note: '是/否 / yes/no' },
  { key: 'plaque', zh: '挂牌', en: 'Plaque', note: '是/否 / yes/no' },
  { key: 'leagueMembers', zh: '团员数', en: 'League members', note: '团组织可填,之后以月报为准 / organisations, optional; monthly reports update it' },
];

/** Maps a header as written (Chinese or English, any case) to its column. */
export function columnFor(header: string): ColumnKey | null {
  const wanted = header.trim().toLowerCase();
  return columns.find((column) => column.zh === header.trim() || column.en.toLowerCase() === wanted || column.key.toLowerCase() === wanted)?.key ?? null;
}

const shortKind: Record<string, (typeof unitKinds)[number]> = {
  省: 'province',
  市: 'city',
  州: 'city',
  县: 'county',
  区: 'county',
  乡镇: 'township',
  街道: 'township',
  团组织: 'organisation',
  团支部: 'organisation',
};

function lookup<T extends string>(codes: readonly T[], labels: Record<T, { 'zh-CN': string; en: string }>, text: string): T | null {
  const wanted = text.trim().toLowerCase();
  return codes.find((code) => code.toLowerCase() === wanted || labels[code]['zh-CN'] === text.trim() || labels[code].en.toLowerCase() === wanted) ?? null;
}

export const parseKind = (text: string) => shortKind[text.trim()] ?? lookup(unitKinds, unitKindLabels, text);
export const parseField = (text: string) => lookup(branchFields, branchFieldLabels, text);
export const parseMode = (text: string) => lookup(buildingModes, buildingModeLabels, text);

export function parseYesNo(text: string): boolean | null | 'bad' {
  const value = text.trim().toLowerCase();
  if (value === '') return null;
  if (['是', 'y', 'yes', 'true', '1', '√'].includes(value)) return true;
  if (['否', 'n', 'no', 'false', '0', '×'].includes(value)) return false;
  return 'bad';
}

/**
 * A sample row's code starts with this: the template's examples show how to fill it in, and an
 * import skips them (counted, not imported) if they are left in.
 */
export const SAMPLE = '示例-';

export const isSampleRow = (code: string) => code.startsWith(SAMPLE);

/** The header row, the notes row and the sample rows, for the downloadable template. */
export function templateRows(): string[][] {
  const sample = (code: string, name: string, kind: string, parent: string, ...rest: string[]) => [
    SAMPLE + code,
    name,
    kind,
    parent ? SAMPLE + parent : '',
    ...rest,
  ];
  return [
    columns.map((column) => column.zh),
    columns.map((column) => column.note),
    sample('P01', '示范省', '省', '', '2026-01-01', '', '', '', '', '', '', '', '', ''),
    sample('C0101', '示范市', '市', 'P01', '2026-01-01', '', '', '', '', '', '', '', '', ''),
    sample('X010101', '示范县', '县', 'C0101', '2026-01-01', '', '', '', '', '', '', '', '', ''),
    sample('T01010101', '城关镇团委', '乡镇', 'X010101', '2026-01-01', '62000', '7', '20000', '', '', '', '', '', ''),
    sample('O0101010101', '东风村团支部', '团组织', 'T01010101', '2026-01-01', '', '', '', '村团支部', '独立建团', '', '', '', '12'),
    sample('O0101010102', '青创农业合作社团支部', '团组织', 'T01010101', '2026-03-01', '', '', '', '农村专业合作社', '依托建团', '是', '是', '是', ''),
  ];
}

/** The values a coded column takes, in the template's lists (data validation) and in its instructions. */
export function allowedValues(): Partial<Record<ColumnKey, string[]>> {
  const yesNo = ['是', '否'];
  return {
    kind: ['省', '市', '县', '乡镇', '团组织'],
    field: branchFields.map((field) => branchFieldLabels[field]['zh-CN']),
    buildingMode: buildingModes.map((mode) => buildingModeLabels[mode]['zh-CN']),
    document: yesNo,
    filing: yesNo,
    plaque: yesNo,
  };
}

/** The template's instructions sheet (填写说明): how to fill in each column, and its allowed values. */
export function instructionRows(): string[][] {
  const allowed = allowedValues();
  return [
    ['列', '填写说明', '可选值'],
    ...columns.map((column) => [column.zh, column.note, allowed[column.key]?.join('、') ?? '']),
    [],
    ['说明', `以“${SAMPLE}”开头的编码是示例行,导入时跳过;可以删除,也可以保留。`, ''],
    ['说明', '每个组织一行,上下级顺序不限;再次导入同一文件不会重复建立。先“预检”查看将要做的修改和每一行的问题。', ''],
    ['说明', '日期可以是日期单元格,也可以写成 2026-06-18、2026/6/18 或 2026年6月18日。', ''],
  ];
}

/** Excel's day 0 (its serial dates count days from 1899-12-30, the 1900 leap-year slip included). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * A day as written in a spreadsheet: 2026-06-18, 2026-6-18, 2026/6/18, 2026.6.18, 2026年6月18日,
 * or a date cell (Excel, WPS and LibreOffice store a date as its serial number, 46191 for
 * 2026-06-18, and a reader of the file sees that number). The ISO day, or null when it is none.
 */
export function parseDay(text: string): string | null {
  const value = text.trim();
  let y: number, m: number, d: number;
  const spelled = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$/.exec(value);
  if (spelled) [y, m, d] = [Number(spelled[1]), Number(spelled[2]), Number(spelled[3])];
  else if (/^\d{5}(\.\d+)?$/.test(value)) {
    // Serials of 1960-01-01 (21916) to 2199-12-31 (109574): a date cell, its time of day dropped.
    const serial = Math.floor(Number(value));
    if (serial < 21_916 || serial > 109_574) return null;
    return new Date(EXCEL_EPOCH + serial * DAY_MS).toISOString().slice(0, 10);
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** The template's second row explains each column; an import skips a row that repeats it. */
export function isNoteRow(cells: Record<string, string>, headerKeys: Map<string, ColumnKey>): boolean {
  for (const [header, key] of headerKeys) {
    if (key === 'code') return cells[header] === columns[0]!.note;
  }
  return false;
}
