/**
 * The documented layout of an organisation-tree import (导入模板): one row per unit, parents
 * before or after their children (order does not matter), each unit known by its code.
 * Headers may be given in Chinese or English; enumerations accept the Chinese label or the code.
 */
import { branchFields, buildingModes } from '../../../events/catalog/branch.ts';
import { branchFieldLabels, buildingModeLabels, unitKindLabels } from '../../../events/catalog/labels.ts';
import { unitKinds } from '../../../events/catalog/organisation.ts';

export interface Column { key: ColumnKey; zh: string; en: string; note: string }
export type ColumnKey =
  | 'code' | 'name' | 'kind' | 'parentCode' | 'openedOn' | 'population' | 'committeeMembers' | 'annualFunding'
  | 'field' | 'buildingMode' | 'document' | 'filing' | 'plaque' | 'leagueMembers';

export const columns: Column[] = [
  { key: 'code', zh: '编码', en: 'Code', note: '必填,全省唯一 / required, unique' },
  { key: 'name', zh: '名称', en: 'Name', note: '必填 / required' },
  { key: 'kind', zh: '层级', en: 'Level', note: '省、市、县、乡镇、团组织 / province, city, county, township, organisation' },
  { key: 'parentCode', zh: '上级编码', en: 'Parent code', note: '省级留空 / empty for a province' },
  { key: 'openedOn', zh: '成立日期', en: 'Opened on', note: '如 2026-06-18,留空为今天 / e.g. 2026-06-18, empty = today' },
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
  省: 'province', 市: 'city', 州: 'city', 县: 'county', 区: 'county', 乡镇: 'township', 街道: 'township', 团组织: 'organisation', 团支部: 'organisation',
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

/** The header row and two example rows, for the downloadable template. */
export function templateRows(): string[][] {
  return [
    columns.map((column) => column.zh),
    columns.map((column) => column.note),
    ['P01', '示范省', '省', '', '2026-01-01', '', '', '', '', '', '', '', '', ''],
    ['C0101', '示范市', '市', 'P01', '2026-01-01', '', '', '', '', '', '', '', '', ''],
    ['X010101', '示范县', '县', 'C0101', '2026-01-01', '', '', '', '', '', '', '', '', ''],
    ['T01010101', '城关镇团委', '乡镇', 'X010101', '2026-01-01', '62000', '7', '20000', '', '', '', '', '', ''],
    ['O0101010101', '东风村团支部', '团组织', 'T01010101', '2026-01-01', '', '', '', '村团支部', '独立建团', '', '', '', '12'],
    ['O0101010102', '青创农业合作社团支部', '团组织', 'T01010101', '2026-03-01', '', '', '', '农村专业合作社', '依托建团', '是', '是', '是', ''],
  ];
}

/** The template's second row explains each column; an import skips a row that repeats it. */
export function isNoteRow(cells: Record<string, string>, headerKeys: Map<string, ColumnKey>): boolean {
  for (const [header, key] of headerKeys) {
    if (key === 'code') return cells[header] === columns[0]!.note;
  }
  return false;
}
