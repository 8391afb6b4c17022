/** Accounts (用户): who can sign in, with which role, over which units. */
import type { Role } from '../events/catalog/account.ts';
import type { StoredEvent } from '../events/catalog/index.ts';
import { pageOf, sortOrder, type ListPage, type PageRequest } from './paging.ts';
import type { Projection } from './projection.ts';

export interface Account {
  userId: string;
  loginName: string;
  displayName: string;
  role: Role;
  unitIds: string[];
  status: 'invited' | 'active' | 'deactivated';
  passwordHash: string | null;
  tokenHash: string | null;
  expiresAt: string | null;
  invitedBy: string | null;
  since: string;
}

export interface AccountsState {
  byId: Map<string, Account>;
  byLogin: Map<string, string>;
  byToken: Map<string, string>;
}

export const accounts: Projection<AccountsState> = {
  name: 'accounts',
  version: 1,
  initialState: () => ({ byId: new Map(), byLogin: new Map(), byToken: new Map() }),
  evolve(state, event: StoredEvent) {
    switch (event.type) {
      case 'AdministratorSetUp': {
        const { userId, loginName, displayName, passwordHash } = event.data;
        state.byId.set(userId, {
          userId, loginName, displayName, role: 'administrator', unitIds: [], status: 'active', passwordHash,
          tokenHash: null, expiresAt: null, invitedBy: null, since: event.metadata.serverTime,
        });
        state.byLogin.set(loginName, userId);
        return state;
      }
      case 'UserInvited': {
        const { userId, loginName, displayName, role, unitIds, tokenHash, expiresAt } = event.data;
        state.byId.set(userId, {
          userId, loginName, displayName, role, unitIds, status: 'invited', passwordHash: null,
          tokenHash, expiresAt, invitedBy: event.metadata.actor, since: event.metadata.serverTime,
        });
        state.byLogin.set(loginName, userId);
        state.byToken.set(tokenHash, userId);
        return state;
      }
      case 'InvitationAccepted': {
        const account = state.byId.get(event.data.userId);
        if (account) {
          if (account.tokenHash) state.byToken.delete(account.tokenHash);
          Object.assign(account, { status: 'active', passwordHash: event.data.passwordHash, tokenHash: null, expiresAt: null });
        }
        return state;
      }
      case 'UserDeactivated': {
        const account = state.byId.get(event.data.userId);
        if (account) account.status = 'deactivated';
        return state;
      }
      case 'UserReactivated': {
        const account = state.byId.get(event.data.userId);
        if (account) account.status = account.passwordHash ? 'active' : 'invited';
        return state;
      }
      default:
        return state;
    }
  },
};

export function hasAdministrator(state: AccountsState): boolean {
  for (const account of state.byId.values()) if (account.role === 'administrator') return true;
  return false;
}

export interface AccountFilter {
  role?: Account['role'];
  status?: Account['status'];
  /** Part of the login or display name. */
  q?: string;
  /** `loginName`, `displayName`, `role`, `status` or `since`; `-` before it reverses. */
  sort: string;
}

const byText = new Intl.Collator('zh-CN').compare;

/** The accounts `visible` lets through that pass the filter, in the order asked, paged. */
export function accountsPage(state: AccountsState, visible: (account: Account) => boolean, filter: AccountFilter, page: PageRequest): ListPage<Account> {
  const q = filter.q?.trim().toLowerCase();
  const kept: Account[] = [];
  for (const account of state.byId.values()) {
    if (filter.role && account.role !== filter.role) continue;
    if (filter.status && account.status !== filter.status) continue;
    if (q && !account.loginName.includes(q) && !account.displayName.toLowerCase().includes(q)) continue;
    if (visible(account)) kept.push(account);
  }
  const { column, direction } = sortOrder(filter.sort);
  const key = (account: Account): string => (column === 'displayName' ? account.displayName : column === 'role' ? account.role : column === 'status' ? account.status : column === 'since' ? account.since : account.loginName);
  // Ties fall back to the login name, which is unique: the order is total, so pages never overlap.
  kept.sort((a, b) => direction * (byText(key(a), key(b)) || (a.loginName < b.loginName ? -1 : a.loginName > b.loginName ? 1 : 0)));
  return pageOf(kept, page);
}
