/**
 * One account's life (stream `account-<id>`, the id derived from the login name, so two
 * invitations for one login name collide on the stream and only the first is kept).
 */
import type { Role } from '../../events/catalog/account.ts';
import type { DomainEvent, StoredEvent } from '../../events/catalog/index.ts';
import { uuidFromName } from '../../events/ids.ts';
import { DomainRuleError, type Decider } from '../decider.ts';

export type AccountCommand =
  | {
      type: 'invite';
      loginName: string;
      displayName: string;
      role: Role;
      unitIds: string[];
      tokenHash: string;
      expiresAt: string;
      email?: string;
      phone?: string;
    }
  | { type: 'accept'; tokenHash: string; passwordHash: string; now: string }
  | { type: 'renew'; tokenHash: string; expiresAt: string }
  | { type: 'deactivate' }
  | { type: 'reactivate' };

export interface AccountState {
  userId: string | null;
  status: 'none' | 'invited' | 'active' | 'deactivated';
  tokenHash: string | null;
  expiresAt: string | null;
  /** Whether the invitation was ever accepted: what a reactivated account goes back to. */
  accepted: boolean;
}

export const accountDecider: Decider<AccountState, AccountCommand> = {
  initialState: () => ({ userId: null, status: 'none', tokenHash: null, expiresAt: null, accepted: false }),
  evolve(state, event: StoredEvent) {
    switch (event.type) {
      case 'UserInvited':
        return { userId: event.data.userId, status: 'invited', tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt, accepted: false };
      case 'InvitationRenewed':
        return { ...state, tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt };
      case 'InvitationAccepted':
        return { ...state, status: 'active', tokenHash: null, expiresAt: null, accepted: true };
      case 'UserDeactivated':
        return { ...state, status: 'deactivated' };
      case 'UserReactivated':
        return { ...state, status: state.accepted ? 'active' : 'invited' };
      default:
        return state;
    }
  },
  decide(command, state): DomainEvent[] {
    switch (command.type) {
      case 'invite': {
        if (state.status !== 'none') throw new DomainRuleError('loginTaken', 'this login name is already in use', 'loginName');
        const { loginName, displayName, role, unitIds, tokenHash, expiresAt, email, phone } = command;
        return [
          {
            type: 'UserInvited',
            data: {
              userId: accountId(loginName),
              loginName,
              displayName,
              role,
              unitIds,
              tokenHash,
              expiresAt,
              ...(email ? { email } : {}),
              ...(phone ? { phone } : {}),
            },
          },
        ];
      }
      case 'accept':
        if (state.status !== 'invited' || state.tokenHash !== command.tokenHash || (state.expiresAt ?? '') < command.now) {
          throw new DomainRuleError('invitationInvalid', 'this invitation is not valid any more');
        }
        return [{ type: 'InvitationAccepted', data: { userId: state.userId!, passwordHash: command.passwordHash } }];
      case 'renew':
        // Only an invitation still waiting: an accepted account signs in with its password, a deactivated one is let in again first.
        if (state.status === 'none') throw new DomainRuleError('notFound', 'no such user');
        if (state.status !== 'invited') throw new DomainRuleError('notInvited', 'this account has no invitation waiting');
        return [{ type: 'InvitationRenewed', data: { userId: state.userId!, tokenHash: command.tokenHash, expiresAt: command.expiresAt } }];
      case 'deactivate':
        if (state.status === 'none') throw new DomainRuleError('notFound', 'no such user');
        return state.status === 'deactivated' ? [] : [{ type: 'UserDeactivated', data: { userId: state.userId! } }];
      case 'reactivate':
        if (state.status === 'none') throw new DomainRuleError('notFound', 'no such user');
        return state.status === 'deactivated' ? [{ type: 'UserReactivated', data: { userId: state.userId! } }] : [];
    }
  },
};

/**
 * The first administrator (stream `system-setup`): set up once, while the system has none. The
 * route says whether an administrator exists already (the accounts read model); a second set-up
 * that meets the first one's stream is refused the same way.
 */
export interface SetUpCommand {
  userId: string;
  loginName: string;
  displayName: string;
  passwordHash: string;
  administratorExists: boolean;
}

export const setupDecider: Decider<boolean, SetUpCommand> = {
  initialState: () => false,
  evolve: (done, event: StoredEvent) => done || event.type === 'AdministratorSetUp',
  decide(command, done): DomainEvent[] {
    if (command.administratorExists || done) throw new DomainRuleError('setupDone', 'the administrator is already set up');
    const { userId, loginName, displayName, passwordHash } = command;
    return [{ type: 'AdministratorSetUp', data: { userId, loginName, displayName, passwordHash } }];
  },
};

export const setupStream = 'system-setup';

export const accountId = (loginName: string) => uuidFromName(`login:${loginName}`);
export const accountStream = (userId: string) => `account-${userId}`;
