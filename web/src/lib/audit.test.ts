import { describe, expect, it } from 'vitest';
import { summarise } from './audit.ts';

describe('the audit’s lines for reminders (催报)', () => {
  const sent = { kind: 'monthlyReport', period: '2026-06', day: '2026-07-20', due: '2026-07-05', scheduled: false, units: 2, recipients: 1 };
  it('says whom, what, how many units and people, in the page’s language', () => {
    expect(summarise('ReminderSent', sent, null, 'zh-CN', '城关镇团委')).toBe('城关镇团委 · 月报 2026-06:2 个单位未报,已提醒 1 人(截止 2026-07-05)');
    expect(summarise('ReminderSent', { ...sent, scheduled: true, kind: 'escalation' }, null, 'en', 'Chengguan')).toBe(
      'Chengguan · Overdue notice 2026-06: 2 units missing, 1 person reminded (due 2026-07-05) (scheduled)',
    );
    expect(summarise('ReminderSent', { ...sent, kind: 'deliverable', period: '0193a0c4-7c2e-7a1b-8c3d-4e5f60718290:baseline' }, null, 'zh-CN', null)).toMatch(
      /^行动材料 基层团组织摸底分类:2 个单位未报/,
    );
  });
  it('says what became of an email or a group message', () => {
    expect(summarise('ReminderDelivered', { channel: 'email', ok: true, sent: 3 }, null, 'zh-CN')).toBe('邮件已发送 3 封');
    expect(summarise('ReminderDelivered', { channel: 'webhook', ok: false, sent: 0, error: '连接超时' }, null, 'zh-CN')).toBe('群消息发送失败:连接超时');
    expect(summarise('ReminderDelivered', { channel: 'email', ok: true, sent: 1 }, null, 'en')).toBe('Email: 1 sent');
  });
});

describe('an audit line says what changed, before → after, in the reader’s language', () => {
  it('a rename, a reclassification and a move', () => {
    expect(summarise('UnitRenamed', { name: '东风社区团支部', fromName: '东风村团支部' }, '2026-06-01', 'zh-CN')).toBe(
      '「东风村团支部」 → 「东风社区团支部」(2026-06-01 起)',
    );
    expect(summarise('UnitRenamed', { name: '东风社区团支部', fromName: '东风村团支部' }, null, 'en')).toBe('“东风村团支部” → “东风社区团支部”');
    expect(
      summarise(
        'UnitReclassified',
        { organisation: { field: 'enterprise', buildingMode: 'joint' }, fromOrganisation: { field: 'village', buildingMode: 'independent' } },
        null,
        'en',
      ),
    ).toBe('Village branch · Independent → Enterprise · Joint');
    expect(summarise('UnitMoved', { fromParentName: '城关镇团委', toParentName: '河口镇团委' }, null, 'zh-CN')).toBe('「城关镇团委」 → 「河口镇团委」');
  });

  it('an override of a branch’s class, from the rule’s class or from an earlier override', () => {
    expect(summarise('HealthClassOverridden', { month: '2026-05', healthClass: 'improve', fromClass: null, reason: '已整改' }, null, 'zh-CN')).toBe(
      '2026-05 月报 · 按规则分类 → 提高 · 原因:已整改',
    );
    expect(summarise('HealthClassOverridden', { month: '2026-05', healthClass: 'consolidate', fromClass: 'improve', reason: 'checked' }, null, 'en')).toBe(
      'report of 2026-05 · Improve → Consolidate · reason: checked',
    );
  });

  it('a report and a deliverable returned with their reasons, and a deliverable approved', () => {
    expect(summarise('MonthlyReportReturned', { month: '2026-06', reason: '请补充活动照片' }, null, 'zh-CN')).toBe('2026-06 月报 · 退回原因:请补充活动照片');
    expect(summarise('DeliverableReturned', { kind: 'summary', reason: '请补充数据' }, null, 'zh-CN')).toBe('书面总结 · 退回原因:请补充数据');
    expect(summarise('DeliverableApproved', { kind: 'case' }, null, 'en')).toMatch(/case/i);
  });
});
