/** Accounts (用户): who can sign in, with which role, over which units. */
import type { Role } from '../events/catalog/account.ts';
import type { StoredEvent } from '../events/catalog/index.ts';
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
