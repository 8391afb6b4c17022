import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events/catalog/index.ts';
import { sqlSpec } from '../test/spec.ts';
import { notifications, notificationsPage, unreadCount } from './notifications.ts';

const id = (n: number) => `00000000-0000-8000-8000-${String(n).padStart(12, '0')}`;
const township = id(1);
const secretaryA = id(10);
const secretaryB = id(11);
const manager = id(12);
const sent = (n: number, units: string[], recipients: string[], kind: 'monthlyReport' | 'escalation' = 'monthlyReport'): DomainEvent => ({
  type: 'ReminderSent',
  data: { reminderId: id(100 + n), kind, unitId: township, period: '2026-06', day: `2026-07-0${n}`, due: '2026-07-05', scheduled: n === 2, units, recipients },
});
const read = (userId: string, upTo: number): DomainEvent => ({ type: 'NotificationsRead', data: { userId, upTo: String(upTo) } });

describe('in-app notifications (SQL)', () => {
  it('given reminders: each recipient sees those that told them, newest first, with the units and who sent it', () => {
    const db = sqlSpec(notifications).given([
      sent(1, [id(2), id(3)], [secretaryA, secretaryB]),
      sent(2, [id(2)], [secretaryA]),
      sent(6, [id(2)], [manager], 'escalation'),
    ]);
    const page = notificationsPage(db, secretaryA, { limit: 10 });
    expect(page.notifications.map((n) => [n.position, n.day, n.scheduled, n.units])).toEqual([
      ['2', '2026-07-02', true, [id(2)]],
      ['1', '2026-07-01', false, [id(2), id(3)]],
    ]);
    expect(page).toMatchObject({ total: 2, unread: 2, latest: '2', nextCursor: null });
    expect(notificationsPage(db, secretaryB, { limit: 10 }).notifications.map((n) => n.position)).toEqual(['1']);
    expect(notificationsPage(db, manager, { limit: 10 }).notifications.map((n) => n.kind)).toEqual(['escalation']);
    expect(notificationsPage(db, id(99), { limit: 10 })).toMatchObject({ notifications: [], total: 0, unread: 0, latest: null });
  });

  it('read up to a position: those are read, later ones stay unread; an older read never un-reads', () => {
    const db = sqlSpec(notifications).given([
      sent(1, [id(2)], [secretaryA]),
      sent(2, [id(2)], [secretaryA]),
      read(secretaryA, 1),
      sent(4, [id(2)], [secretaryA]),
      read(secretaryA, 0),
    ]);
    expect(unreadCount(db, secretaryA)).toBe(2);
    expect(notificationsPage(db, secretaryA, { limit: 10 }).notifications.map((n) => [n.position, n.read])).toEqual([
      ['4', false],
      ['2', false],
      ['1', true],
    ]);
    const after = sqlSpec(notifications).given([sent(1, [id(2)], [secretaryA]), sent(2, [id(2)], [secretaryA]), read(secretaryA, 2)]);
    expect(unreadCount(after, secretaryA)).toBe(0);
  });

  it('pages newest first: the cursor walks every notification once', () => {
    const events = Array.from({ length: 7 }, () => sent(1, [id(2)], [secretaryA]));
    const db = sqlSpec(notifications).given(
      events.map((event, i) => ({ ...event, data: { ...(event as { data: object }).data, reminderId: id(200 + i) } }) as DomainEvent),
    );
    const first = notificationsPage(db, secretaryA, { limit: 3 });
    const second = notificationsPage(db, secretaryA, { limit: 3, cursor: first.nextCursor });
    const third = notificationsPage(db, secretaryA, { limit: 3, cursor: second.nextCursor });
    expect([...first.notifications, ...second.notifications, ...third.notifications].map((n) => n.position)).toEqual(['7', '6', '5', '4', '3', '2', '1']);
    expect(third.nextCursor).toBeNull();
  });
});
