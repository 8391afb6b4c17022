import { describe, expect, it } from 'vitest';
import type { DomainEvent, StoredEvent } from '../events/catalog/index.ts';
import { sqlSpec, stored } from '../test/spec.ts';
import { audit, auditPage, ENTRIES, UNITS } from './audit.ts';
import { unitAncestors } from './unitAncestors.ts';

const id = (n: number) => `00000000-0000-8000-8000-${String(n).padStart(12, '0')}`;
type Kind = 'province' | 'city' | 'county' | 'township' | 'organisation';
const open = (unitId: string, kind: Kind, parentId: string | null, name = unitId.slice(-4)): DomainEvent => ({
  type: 'UnitOpened',
  data: {
    unitId,
    kind,
    parentId,
    name,
    code: null,
    on: '2026-01-01',
    township: null,
    organisation: kind === 'organisation' ? { field: 'cooperative', buildingMode: 'dependent' } : null,
  },
});
/** The events, taken by the server one hour apart from 2026-06-18 08:00 UTC, by the actor given (or 'admin'). */
const atHours = (events: Array<DomainEvent & { actor?: string }>): StoredEvent[] =>
  events.map(({ actor, ...event }, i) => {
    const recorded = stored(event as DomainEvent, BigInt(i + 1), 'spec-1', new Date(Date.parse('2026-06-18T08:00:00Z') + i * 3_600_000).toISOString());
    return { ...recorded, metadata: { ...recorded.metadata, actor: actor ?? 'admin' } };
  });
const spec = () => sqlSpec(audit, unitAncestors);

describe('audit trail (SQL)', () => {
  const tree = [
    open(id(1), 'province', null),
    open(id(2), 'county', id(1)),
    open(id(3), 'township', id(2)),
    open(id(4), 'organisation', id(3)),
    open(id(5), 'county', id(1)),
  ];

  it("given events: one row per event, under the unit it concerns; an account's later events under the unit it was invited to; no secrets", () => {
    const db = spec().given(
      atHours([
        ...tree,
        {
          type: 'UserInvited',
          data: {
            userId: id(90),
            loginName: 'zhang',
            displayName: '张三',
            role: 'secretary',
            unitIds: [id(4)],
            tokenHash: 'a'.repeat(64),
            expiresAt: '2026-07-01T00:00:00.000Z',
          },
        },
        { type: 'InvitationAccepted', data: { userId: id(90), passwordHash: 'secret-hash' }, actor: id(90) },
      ]),
    );
    const rows = db
      .prepare(
        `SELECT position, type, (SELECT unit_id FROM ${UNITS} AS u WHERE u.unit_key = e.unit_key) AS unitId, actor, details FROM ${ENTRIES} AS e ORDER BY position`,
      )
      .all() as { unitId: string; details: string; type: string }[];
    expect(rows).toHaveLength(7);
    expect(rows.slice(5).map((row) => [row.type, row.unitId])).toEqual([
      ['UserInvited', id(4)],
      ['InvitationAccepted', id(4)],
    ]);
    expect(rows.map((row) => row.details).join()).not.toMatch(/secret-hash|aaaa/);
    expect(JSON.parse(rows[5]!.details)).toMatchObject({ displayName: '张三', role: 'secretary' });
  });

  it("a subtree's page: newest first, only its units, with the total; the cursor walks every entry once, either way round", () => {
    const renames: DomainEvent[] = Array.from({ length: 23 }, (_, i) => ({
      type: 'UnitRenamed',
      data: { unitId: i % 2 ? id(4) : id(5), name: `名${i}`, on: '2026-06-01' },
    }));
    const db = spec().given(atHours([...tree, ...renames]));
    const first = auditPage(db, id(2), {}, { limit: 5 });
    // Under county 2: its own opening, township 3, organisation 4 and its 11 renames.
    expect(first.total).toBe(14);
    expect(first.entries.map((entry) => entry.details.name)).toEqual(['名21', '名19', '名17', '名15', '名13']);
    const walk = (order: 'asc' | 'desc') => {
      const seen: string[] = [];
      for (let cursor: string | null = null, pages = 0; pages < 10; pages++) {
        const page = auditPage(db, id(2), {}, { limit: 5, cursor, order });
        seen.push(...page.entries.map((entry) => entry.position));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return seen;
    };
    const newestFirst = walk('desc');
    expect(newestFirst).toHaveLength(14);
    expect(walk('asc')).toEqual([...newestFirst].reverse());
  });

  it('filters by action, actor and China day, the total counting only what matches', () => {
    const db = spec().given(
      atHours([
        ...tree,
        { type: 'UnitRenamed', data: { unitId: id(4), name: '甲', on: '2026-06-01' }, actor: 'li' },
        { type: 'UnitClosed', data: { unitId: id(4), on: '2026-06-30', reason: '撤并' }, actor: 'wang' },
      ]),
    );
    expect(auditPage(db, id(1), { types: ['UnitClosed'] }, { limit: 10 }).entries.map((entry) => entry.details.reason)).toEqual(['撤并']);
    expect(auditPage(db, id(1), { actor: 'li' }, { limit: 10 }).total).toBe(1);
    // The 7 events fall 16:00–22:00 China time on 18 June: all on that day, none on the 19th.
    expect(auditPage(db, id(1), { from: '2026-06-18', to: '2026-06-18' }, { limit: 10 }).total).toBe(7);
    expect(auditPage(db, id(1), { from: '2026-06-19' }, { limit: 10 }).total).toBe(0);
    expect(auditPage(db, id(1), { to: '2026-06-17' }, { limit: 10 }).total).toBe(0);
  });

  it('a wide subtree (read along the log) and a narrow one (read per unit) page alike', () => {
    // 2,100 organisations under one township: past the width where the page is read along the log.
    const organisations = Array.from({ length: 2_100 }, (_, i) => open(id(1000 + i), 'organisation', id(3)));
    const renames: DomainEvent[] = Array.from({ length: 40 }, (_, i) => ({
      type: 'UnitRenamed',
      data: { unitId: id(1000 + i * 50), name: `名${i}`, on: '2026-06-01' },
    }));
    const db = spec().given(atHours([...tree, ...organisations, ...renames]));
    const wide = auditPage(db, id(3), { types: ['UnitRenamed'] }, { limit: 7 });
    expect(wide.total).toBe(40);
    expect(wide.entries.map((entry) => entry.details.name)).toEqual(['名39', '名38', '名37', '名36', '名35', '名34', '名33']);
    const narrow = auditPage(db, id(1050), {}, { limit: 7 });
    expect(narrow.entries.map((entry) => entry.type)).toEqual(['UnitRenamed', 'UnitOpened']);
    expect(narrow.total).toBe(2);
  });

  it('reminders: who was reminded (counted) under the unit reminded, deliveries under it too; reading notifications and claiming a delivery are not recorded', () => {
    const reminderId = id(500);
    const db = spec().given(
      atHours([
        ...tree,
        {
          type: 'ReminderSent',
          data: {
            reminderId,
            kind: 'monthlyReport',
            unitId: id(3),
            period: '2026-06',
            day: '2026-07-02',
            due: '2026-07-05',
            scheduled: false,
            units: [id(4)],
            recipients: [id(90), id(91)],
          },
          actor: 'li',
        },
        { type: 'ReminderDeliveryClaimed', data: { reminderId, channel: 'email', claimedBy: 'replica-1' }, actor: 'system' },
        { type: 'ReminderDelivered', data: { reminderId, channel: 'email', ok: true, sent: 2 }, actor: 'system' },
        { type: 'NotificationsRead', data: { userId: id(90), upTo: '6' }, actor: id(90) },
      ]),
    );
    const page = auditPage(db, id(3), {}, { limit: 10 });
    expect(page.entries.map((entry) => entry.type)).toEqual(['ReminderDelivered', 'ReminderSent', 'UnitOpened', 'UnitOpened']);
    expect(page.entries[1]!.details).toMatchObject({ kind: 'monthlyReport', period: '2026-06', due: '2026-07-05', scheduled: false, units: 1, recipients: 2 });
    expect(page.entries[0]!.details).toMatchObject({ channel: 'email', ok: true, sent: 2 });
    expect(auditPage(db, id(1), { types: ['NotificationsRead', 'ReminderDeliveryClaimed'] }, { limit: 10 }).total).toBe(0);
  });
});

describe('what a change replaced (before → after)', () => {
  it('a rename keeps the old name, a reclassification the old class, a move both parents by name, an override the class set before', () => {
    const tree = [
      open(id(1), 'province', null, '示范省'),
      open(id(2), 'township', id(1), '城关镇团委'),
      open(id(3), 'township', id(1), '河口镇团委'),
      open(id(4), 'organisation', id(2), '东风村团支部'),
    ];
    const db = spec().given(
      atHours([
        ...tree,
        { type: 'UnitRenamed', data: { unitId: id(4), name: '东风社区团支部', on: '2026-06-01' } },
        { type: 'UnitRenamed', data: { unitId: id(4), name: '东风街道团支部', on: '2026-06-02' } },
        { type: 'UnitReclassified', data: { unitId: id(4), organisation: { field: 'enterprise', buildingMode: 'joint' }, on: '2026-06-01' } },
        { type: 'UnitMoved', data: { unitId: id(4), fromParentId: id(2), toParentId: id(3), on: '2026-06-03' } },
        { type: 'HealthClassOverridden', data: { unitId: id(4), month: '2026-05', healthClass: 'improve', reason: '已整改' } },
        { type: 'HealthClassOverridden', data: { unitId: id(4), month: '2026-05', healthClass: 'consolidate', reason: '复查达标' } },
      ]),
    );
    const details = auditPage(db, id(1), {}, { limit: 20, order: 'asc' })
      .entries.slice(4)
      .map((entry) => [entry.type, entry.details]);
    expect(details).toEqual([
      ['UnitRenamed', { name: '东风社区团支部', on: '2026-06-01', fromName: '东风村团支部' }],
      ['UnitRenamed', { name: '东风街道团支部', on: '2026-06-02', fromName: '东风社区团支部' }],
      [
        'UnitReclassified',
        {
          organisation: { field: 'enterprise', buildingMode: 'joint' },
          on: '2026-06-01',
          fromOrganisation: { field: 'cooperative', buildingMode: 'dependent' },
        },
      ],
      ['UnitMoved', { on: '2026-06-03', fromParentName: '城关镇团委', toParentName: '河口镇团委' }],
      ['HealthClassOverridden', { month: '2026-05', healthClass: 'improve', reason: '已整改', fromClass: null }],
      ['HealthClassOverridden', { month: '2026-05', healthClass: 'consolidate', reason: '复查达标', fromClass: 'improve' }],
    ]);
  });
});
