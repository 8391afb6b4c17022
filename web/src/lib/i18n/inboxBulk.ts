/**
 * The words of 批量审核 in the inbox (ticking several deliverables of a drive and deciding them
 * at once), Chinese (zh-CN) first and English second.
 */
import type { Locale } from '../../../../events/catalog/labels.ts';

const zh = {
  tick: (what: string) => `选择:${what}`,
  tickAll: '全选本行动待审核的材料',
  tickAllLink: '全选',
  ticked: (n: number, of: number) => `已选 ${n} / ${of} 份`,
  approveTicked: '通过所选',
  returnTicked: '退回所选',
  returnReason: '退回原因',
  nothingSelected: '请先勾选要审核的材料。',
  decided: (decision: string, n: number) => (decision === 'return' ? `已退回 ${n} 份材料。` : `已审核通过 ${n} 份材料。`),
  refused: (n: number) => `${n} 份未处理:`,
};

const en: typeof zh = {
  tick: (what: string) => `Select: ${what}`,
  tickAll: 'Select every deliverable of this drive awaiting review',
  tickAllLink: 'Select all',
  ticked: (n: number, of: number) => `${n} of ${of} selected`,
  approveTicked: 'Approve selected',
  returnTicked: 'Return selected',
  returnReason: 'Reason for returning',
  nothingSelected: 'Select the deliverables to decide first.',
  decided: (decision: string, n: number) =>
    decision === 'return' ? `${n} deliverable${n === 1 ? '' : 's'} returned.` : `${n} deliverable${n === 1 ? '' : 's'} approved.`,
  refused: (n: number) => `${n} not decided:`,
};

export const inboxBulkMessages = (locale: Locale) => (locale === 'en' ? en : zh);
