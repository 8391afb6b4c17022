import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../test/spec.ts';
import { DomainRuleError } from '../decider.ts';
import { notificationsReadDecider, reminderDecider, reminderId, type RemindCommand } from './decider.ts';

const spec = deciderSpec(reminderDecider);
const township = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718290';
const branchA = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718291';
const branchB = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718292';
const secretary = '0193a0c4-7c2e-7a1b-8c3d-4e5f60718293';
const remind = (units: string[], overrides: Partial<RemindCommand> = {}): RemindCommand => ({
  type: 'remind',
  kind: 'monthlyReport',
  unitId: township,
  period: '2026-06',
  day: '2026-07-02',
  due: '2026-07-05',
  scheduled: false,
  units,
  recipients: [secretary],
  ...overrides,
});
const sent = (units: string[]) => ({
  type: 'ReminderSent' as const,
  data: {
    reminderId: reminderId(township, '2026-06', 'monthlyReport', '2026-07-02'),
    kind: 'monthlyReport' as const,
    unitId: township,
    period: '2026-06',
    day: '2026-07-02',
    due: '2026-07-05',
    scheduled: false,
    units,
    recipients: [secretary],
  },
});

describe('a reminder (decider)', () => {
  it('given nothing sent today, when reminded, then one ReminderSent with the id of (unit, period, kind, day)', () => {
    spec
      .given([])
      .when(remind([branchA, branchB]))
      .then([sent([branchA, branchB])]);
  });

  it('given it was sent today, when reminded again (a second click, a replica, the schedule), then nothing', () => {
    spec
      .given([sent([branchA])])
      .when(remind([branchA, branchB]))
      .then([]);
  });

  it('given nobody missing, when reminded, then nothingToRemind', () => {
    spec
      .given([])
      .when(remind([]))
      .thenThrows((error) => {
        expect(error).toBeInstanceOf(DomainRuleError);
        expect((error as DomainRuleError).code).toBe('nothingToRemind');
      });
  });

  it('a unit named twice is reminded once, and each recipient told once', () => {
    spec
      .given([])
      .when(remind([branchA, branchA], { recipients: [secretary, secretary] }))
      .then([sent([branchA])]);
  });

  it('the id differs by unit, period, kind and day, and is the same for the same four', () => {
    const base = reminderId(township, '2026-06', 'monthlyReport', '2026-07-02');
    expect(reminderId(township, '2026-06', 'monthlyReport', '2026-07-02')).toBe(base);
    expect(
      new Set([
        base,
        reminderId(branchA, '2026-06', 'monthlyReport', '2026-07-02'),
        reminderId(township, '2026-05', 'monthlyReport', '2026-07-02'),
        reminderId(township, '2026-06', 'escalation', '2026-07-02'),
        reminderId(township, '2026-06', 'monthlyReport', '2026-07-03'),
      ]).size,
    ).toBe(5);
  });
});

describe('what a person has read (decider)', () => {
  const reader = deciderSpec(notificationsReadDecider);
  it('up to the position asked, when there are newer notifications', () => {
    reader
      .given([])
      .when({ userId: secretary, upTo: '41', latest: '90' })
      .then([{ type: 'NotificationsRead', data: { userId: secretary, upTo: '41' } }]);
  });
  it('never past the newest notification they have: one read now does not silence those still to come', () => {
    reader
      .given([])
      .when({ userId: secretary, upTo: '1000', latest: '90' })
      .then([{ type: 'NotificationsRead', data: { userId: secretary, upTo: '90' } }]);
    reader
      .given([])
      .when({ userId: secretary, upTo: '5', latest: '0' })
      .then([{ type: 'NotificationsRead', data: { userId: secretary, upTo: '0' } }]);
  });
  it('positions compare as numbers, not as text', () => {
    reader
      .given([])
      .when({ userId: secretary, upTo: '9', latest: '10' })
      .then([{ type: 'NotificationsRead', data: { userId: secretary, upTo: '9' } }]);
  });
});
