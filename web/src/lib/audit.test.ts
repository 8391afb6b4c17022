import { describe, expect, it } from 'vitest';
import { summarise } from './audit.ts';

describe('an audit line says what changed, before → after, in the reader’s language', () => {
  it('a rename, a reclassification and a move', () => {
    expect(summarise('UnitRenamed', { name: '东风社区团支部', fromName: '东风村团支部' }, '2026-06-01', 'zh-CN')).toBe('「东风村团支部」 → 「东风社区团支部」(2026-06-01 起)');
    expect(summarise('UnitRenamed', { name: '东风社区团支部', fromName: '东风村团支部' }, null, 'en')).toBe('“东风村团支部” → “东风社区团支部”');
    expect(summarise('UnitReclassified', { organisation: { field: 'enterprise', buildingMode: 'joint' }, fromOrganisation: { field: 'village', buildingMode: 'independent' } }, null, 'en'))
      .toBe('Village branch · Independent → Enterprise · Joint');
    expect(summarise('UnitMoved', { fromParentName: '城关镇团委', toParentName: '河口镇团委' }, null, 'zh-CN')).toBe('「城关镇团委」 → 「河口镇团委」');
  });

  it('an override of a branch’s class, from the rule’s class or from an earlier override', () => {
    expect(summarise('HealthClassOverridden', { month: '2026-05', healthClass: 'improve', fromClass: null, reason: '已整改' }, null, 'zh-CN')).toBe('2026-05 月报 · 按规则分类 → 提高 · 原因:已整改');
    expect(summarise('HealthClassOverridden', { month: '2026-05', healthClass: 'consolidate', fromClass: 'improve', reason: 'checked' }, null, 'en')).toBe('report of 2026-05 · Improve → Consolidate · reason: checked');
  });

  it('a report and a deliverable returned with their reasons, and a deliverable approved', () => {
    expect(summarise('MonthlyReportReturned', { month: '2026-06', reason: '请补充活动照片' }, null, 'zh-CN')).toBe('2026-06 月报 · 退回原因:请补充活动照片');
    expect(summarise('DeliverableReturned', { kind: 'summary', reason: '请补充数据' }, null, 'zh-CN')).toBe('书面总结 · 退回原因:请补充数据');
    expect(summarise('DeliverableApproved', { kind: 'case' }, null, 'en')).toMatch(/case/i);
  });
});
