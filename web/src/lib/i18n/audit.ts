/**
 * The audit page's words for what a change replaced (before → after) and for the decisions it
 * records, Chinese (zh-CN) first and English second.
 */
import type { Locale } from '../../../../events/catalog/labels.ts';

const zh = {
  unit: '组织',
  ruleClass: '按规则分类',
  reason: (text: string) => `原因:${text}`,
  returned: (text: string) => `退回原因:${text}`,
  month: (month: string) => `${month} 月报`,
  paperOn: (day: string) => `${day} 收到纸质报表`,
};

const en: typeof zh = {
  unit: 'Unit',
  ruleClass: 'the rule’s class',
  reason: (text: string) => `reason: ${text}`,
  returned: (text: string) => `returned because: ${text}`,
  month: (month: string) => `report of ${month}`,
  paperOn: (day: string) => `paper report received ${day}`,
};

export const auditMessages = (locale: Locale) => (locale === 'en' ? en : zh);
