import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events/catalog/index.ts';
import { sqlSpec } from '../test/spec.ts';
import { accounts, accountsPage, hasAdministrator } from './accounts.ts';

const given = (events: DomainEvent[]) => accounts.read(accounts.prepare(sqlSpec(accounts).given(events)));
const admin: DomainEvent = { type: 'AdministratorSetUp', data: { userId: 'u-admin', loginName: 'admin', displayName: '管理员', passwordHash: 'h0' } };
const invite = (userId: string, loginName: string, displayName: string, role: 'manager' | 'secretary' = 'secretary'): DomainEvent => ({
  type: 'UserInvited',
  data: { userId, loginName, displayName, role, unitIds: ['unit-1'], tokenHash: `token-${userId}`, expiresAt: '2026-07-01T00:00:00.000Z' },
});

describe('accounts (a row per account)', () => {
  it('given an invitation: found by id, login and token; accepted: active, and the token finds nothing', () => {
    const invited = given([admin, invite('u1', 'li', '李书记')]);
    expect(hasAdministrator(invited)).toBe(true);
    expect(invited.byId.get('u1')).toMatchObject({ status: 'invited', role: 'secretary', unitIds: ['unit-1'], invitedBy: 'spec' });
    expect(invited.byLogin.get('li')).toBe('u1');
    expect(invited.byToken.get('token-u1')).toBe('u1');

    const accepted = given([admin, invite('u1', 'li', '李书记'), { type: 'InvitationAccepted', data: { userId: 'u1', passwordHash: 'h1' } }]);
    expect(accepted.byId.get('u1')).toMatchObject({ status: 'active', passwordHash: 'h1', tokenHash: null });
    expect(accepted.byToken.get('token-u1')).toBeUndefined();
  });

  it('when deactivated and reactivated: an account that never accepted goes back to invited', () => {
    const then = given([
      invite('u1', 'li', '李书记'),
      { type: 'UserDeactivated', data: { userId: 'u1' } },
      { type: 'UserReactivated', data: { userId: 'u1' } },
    ]);
    expect(then.byId.get('u1')!.status).toBe('invited');
    expect(hasAdministrator(then)).toBe(false);
  });

  it('lists accounts filtered by role, status and text, sorted and paged, only those visible', () => {
    const state = given([admin, invite('u1', 'li', '李书记'), invite('u2', 'wang', '王书记'), invite('u3', 'zhao', '赵部长', 'manager')]);
    const all = () => true;
    expect(accountsPage(state, all, { sort: 'loginName' }, { limit: 2 })).toMatchObject({ total: 4, nextCursor: '2' });
    expect(accountsPage(state, all, { sort: 'loginName' }, { limit: 2 }).rows.map((a) => a.loginName)).toEqual(['admin', 'li']);
    expect(accountsPage(state, all, { role: 'secretary', sort: '-loginName' }, { limit: 10 }).rows.map((a) => a.loginName)).toEqual(['wang', 'li']);
    expect(accountsPage(state, all, { q: '书记', sort: 'loginName' }, { limit: 10 }).total).toBe(2);
    expect(accountsPage(state, all, { q: 'ZHA', sort: 'loginName' }, { limit: 10 }).rows.map((a) => a.userId)).toEqual(['u3']);
    expect(accountsPage(state, (account) => account.role !== 'administrator', { status: 'invited', sort: 'loginName' }, { limit: 10 }).total).toBe(3);
  });

  it('keeps the contact details given, and finds who holds a role over a unit', () => {
    const withContact: DomainEvent = {
      type: 'UserInvited',
      data: {
        userId: 'u4',
        loginName: 'sun',
        displayName: '孙书记',
        role: 'secretary',
        unitIds: ['unit-2'],
        tokenHash: 'token-u4',
        expiresAt: '2026-07-01T00:00:00.000Z',
        email: 'sun@example.cn',
        phone: '13800138000',
      },
    };
    const state = given([admin, invite('u1', 'li', '李书记'), invite('u3', 'zhao', '赵部长', 'manager'), withContact]);
    expect(state.byId.get('u4')).toMatchObject({ email: 'sun@example.cn', phone: '13800138000' });
    expect(state.byId.get('u1')).toMatchObject({ email: null, phone: null });
    expect(state.ofUnit('unit-1').map((a) => a.userId)).toEqual(['u1', 'u3']);
    expect(state.ofUnit('unit-1', 'secretary').map((a) => a.userId)).toEqual(['u1']);
    expect(state.ofUnit('unit-2').map((a) => a.userId)).toEqual(['u4']);
    expect(state.ofUnit('unit-9')).toEqual([]);
  });
});
