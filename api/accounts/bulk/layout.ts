/**
 * The documented layout of a bulk invitation (批量邀请模板): one row per person, each naming the
 * unit they are invited into by its code (as in the tree import), their name and role, and how to
 * reach them. Headers may be given in Chinese or English; a role by its Chinese label or its code.
 */
import { SAMPLE } from '../../units/import/layout.ts';

export { isSampleRow, SAMPLE } from '../../units/import/layout.ts';

export type InvitationColumnKey = 'unitCode' | 'displayName' | 'role' | 'phone' | 'email' | 'loginName';
export interface InvitationColumn {
  key: InvitationColumnKey;
  zh: string;
  en: string;
  note: string;
}

export const invitationColumns: InvitationColumn[] = [
  { key: 'unitCode', zh: '组织编码', en: 'Unit code', note: '必填,组织架构中的编码 / required, the unit’s code in the tree' },
  { key: 'displayName', zh: '姓名', en: 'Name', note: '必填,最多 40 字 / required, up to 40 characters' },
  {
    key: 'role',
    zh: '角色',
    en: 'Role',
    note: '团支部书记(团组织)、调研员或管理员(省市县乡镇) / secretary (organisation), researcher or manager (province to township)',
  },
  { key: 'phone', zh: '手机号', en: 'Phone', note: '选填 / optional' },
  { key: 'email', zh: '电子邮箱', en: 'Email', note: '选填,催报邮件发到这里 / optional, reminders are sent here' },
  { key: 'loginName', zh: '用户名', en: 'Login name', note: '选填,留空则按组织编码和角色生成 / optional, made from the unit code and role when empty' },
];

/** The roles a sheet may invite, by the word written in it (an administrator is never invited). */
export type InvitedRole = 'secretary' | 'researcher' | 'manager';
export const roleWords: Record<InvitedRole, { zh: string; en: string; suffix: string }> = {
  secretary: { zh: '团支部书记', en: 'Secretary', suffix: 'sj' },
  researcher: { zh: '调研员', en: 'Researcher', suffix: 'dy' },
  manager: { zh: '管理员', en: 'Manager', suffix: 'gl' },
};
/** Other spellings people write: 书记, 支部书记, 调研组成员 (the app's own label), 团委管理员. */
const otherWords: Record<string, InvitedRole> = {
  书记: 'secretary',
  支部书记: 'secretary',
  调研组成员: 'researcher',
  团委管理员: 'manager',
  '管理员(团委)': 'manager',
};

export function parseRole(text: string): InvitedRole | null {
  const value = text.trim();
  const wanted = value.toLowerCase();
  for (const [role, words] of Object.entries(roleWords) as [InvitedRole, (typeof roleWords)[InvitedRole]][]) {
    if (words.zh === value || words.en.toLowerCase() === wanted || role === wanted) return role;
  }
  return otherWords[value] ?? null;
}

export function invitationColumnFor(header: string): InvitationColumnKey | null {
  const wanted = header.trim().toLowerCase();
  return (
    invitationColumns.find((column) => column.zh === header.trim() || column.en.toLowerCase() === wanted || column.key.toLowerCase() === wanted)?.key ?? null
  );
}

/** The values the 角色 column takes (its drop-down list and the instructions). */
export const roleChoices = () => Object.values(roleWords).map((words) => words.zh);

/** The header row, the notes row and the sample rows (their codes start with 示例-, so they are skipped). */
export function invitationTemplateRows(): string[][] {
  return [
    invitationColumns.map((column) => column.zh),
    invitationColumns.map((column) => column.note),
    [`${SAMPLE}O0101010101`, '张晓明', '团支部书记', '13800000001', 'zhangxm@example.cn', ''],
    [`${SAMPLE}T01010101`, '李娜', '管理员', '13800000002', '', ''],
    [`${SAMPLE}X010101`, '王强', '调研员', '', 'wangq@example.cn', 'wangqiang'],
  ];
}

/** The template's instructions sheet (填写说明). */
export function invitationInstructionRows(): string[][] {
  return [
    ['列', '填写说明', '可选值'],
    ...invitationColumns.map((column) => [column.zh, column.note, column.key === 'role' ? roleChoices().join('、') : '']),
    [],
    ['说明', `以“${SAMPLE}”开头的编码是示例行,邀请时跳过;可以删除,也可以保留。`, ''],
    ['说明', '团支部书记只能邀请到团组织;调研员和管理员邀请到省、市、县或乡镇。只能邀请到您管理范围内的组织。', ''],
    [
      '说明',
      '用户名留空时按“组织编码.角色”生成(如 o0101.sj 为该团支部书记,调研员为 .dy,管理员为 .gl;重名时加 -2、-3),同一文件再次上传得到同样的用户名,已邀请的人不会重复邀请。',
      '',
    ],
    ['说明', '用户名须为 3–32 位小写字母、数字或 . _ -,以字母或数字开头。手机号、电子邮箱选填。', ''],
    ['说明', '先“预检”查看每一行的问题,没有问题再“邀请”。邀请链接 14 天内有效,结果页和链接表只保存 24 小时,请及时打印或下载。', ''],
  ];
}

/** The template's second row explains each column; a row that repeats it is skipped. */
export const isInvitationNoteRow = (unitCode: string) => unitCode === invitationColumns[0]!.note;
