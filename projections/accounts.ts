/**
 * Accounts (用户): who can sign in, with which role, over which units. A SQL projection: one row
 * per account, looked up by id, login name or invitation token.
 */
import type { Role } from '../events/catalog/account.ts';
import type { StoredEvent } from '../events/catalog/index.ts';
import { pageOf, sortOrder, type ListPage, type PageRequest } from './paging.ts';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { SqlProjection } from './projection.ts';

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
  /** Contact details given at the invitation (null when none was). */
  email: string | null;
  phone: string | null;
}

/** Accounts as their queries read them: each lookup is one indexed row of the read database. */
export interface AccountsState {
  byId: { get(userId: string): Account | undefined };
  byLogin: { get(loginName: string): string | undefined };
  byToken: { get(tokenHash: string): string | undefined };
  /** The accounts with this role and status (either may be left out) whose login or display name contains `q`. */
  matching(filter: Omit<AccountFilter, 'sort'>): Iterable<Account>;
  /** The accounts with a role over this unit (a secretary of a branch, a manager of a township), any status. */
  ofUnit(unitId: string, role?: Role): Account[];
}

const VERSION = 3;
export const ACCOUNTS = `accounts_v${VERSION}_accounts`;
/** Which accounts hold a role over which unit: who a reminder about a unit goes to. */
const ACCOUNT_UNITS = `accounts_v${VERSION}_units`;

interface Statements {
  byId: StatementSync;
  byLogin: StatementSync;
  byToken: StatementSync;
  put: StatementSync;
  matching: StatementSync;
  addUnit: StatementSync;
  ofUnit: StatementSync;
}

const parse = (row: { account: string } | undefined) => (row ? (JSON.parse(row.account) as Account) : undefined);

export const accounts: SqlProjection<Statements, AccountsState, 'accounts'> & { read(sql: Statements): AccountsState } = {
  name: 'accounts',
  version: VERSION,
  tables: [ACCOUNTS, ACCOUNT_UNITS],
  // The columns are what lookups and the users list filter by; the row's account holds the rest.
  schema: `
    CREATE TABLE ${ACCOUNTS} (user_id TEXT PRIMARY KEY, login_name TEXT NOT NULL UNIQUE, token_hash TEXT, role TEXT NOT NULL,
      status TEXT NOT NULL, display_name TEXT NOT NULL, account TEXT NOT NULL) WITHOUT ROWID;
    CREATE INDEX ${ACCOUNTS}_token ON ${ACCOUNTS} (token_hash) WHERE token_hash IS NOT NULL;
    CREATE TABLE ${ACCOUNT_UNITS} (unit_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (unit_id, user_id)) WITHOUT ROWID;`,
  prepare: (db: DatabaseSync) => ({
    byId: db.prepare(`SELECT account FROM ${ACCOUNTS} WHERE user_id = ?`),
    byLogin: db.prepare(`SELECT user_id AS userId FROM ${ACCOUNTS} WHERE login_name = ?`),
    byToken: db.prepare(`SELECT user_id AS userId FROM ${ACCOUNTS} WHERE token_hash = ?`),
    put: db.prepare(`INSERT OR REPLACE INTO ${ACCOUNTS} (user_id, login_name, token_hash, role, status, display_name, account) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    matching: db.prepare(`SELECT account FROM ${ACCOUNTS} WHERE (?1 IS NULL OR role = ?1) AND (?2 IS NULL OR status = ?2)
      AND (?3 IS NULL OR instr(login_name, ?3) > 0 OR instr(lower(display_name), ?3) > 0)`),
    addUnit: db.prepare(`INSERT OR IGNORE INTO ${ACCOUNT_UNITS} (unit_id, user_id) VALUES (?, ?)`),
    ofUnit: db.prepare(
      `SELECT a.account FROM ${ACCOUNT_UNITS} u JOIN ${ACCOUNTS} a ON a.user_id = u.user_id WHERE u.unit_id = ?1 AND (?2 IS NULL OR a.role = ?2) ORDER BY a.login_name`,
    ),
  }),
  apply(event: StoredEvent, sql: Statements) {
    const put = (account: Account) =>
      sql.put.run(account.userId, account.loginName, account.tokenHash, account.role, account.status, account.displayName, JSON.stringify(account));
    const existing = (userId: string) => parse(sql.byId.get(userId) as { account: string } | undefined);
    switch (event.type) {
      case 'AdministratorSetUp': {
        const { userId, loginName, displayName, passwordHash } = event.data;
        put({
          userId,
          loginName,
          displayName,
          role: 'administrator',
          unitIds: [],
          status: 'active',
          passwordHash,
          tokenHash: null,
          expiresAt: null,
          invitedBy: null,
          since: event.metadata.serverTime,
          email: null,
          phone: null,
        });
        return;
      }
      case 'UserInvited': {
        const { userId, loginName, displayName, role, unitIds, tokenHash, expiresAt, email, phone } = event.data;
        put({
          userId,
          loginName,
          displayName,
          role,
          unitIds,
          status: 'invited',
          passwordHash: null,
          tokenHash,
          expiresAt,
          invitedBy: event.metadata.actor,
          since: event.metadata.serverTime,
          email: email ?? null,
          phone: phone ?? null,
        });
        for (const unitId of unitIds) sql.addUnit.run(unitId, userId);
        return;
      }
      case 'InvitationAccepted': {
        const account = existing(event.data.userId);
        // The token is spent: it no longer finds the account.
        if (account) put({ ...account, status: 'active', passwordHash: event.data.passwordHash, tokenHash: null, expiresAt: null });
        return;
      }
      case 'InvitationRenewed': {
        const account = existing(event.data.userId);
        // The old token finds nothing from now on: only the new link works.
        if (account) put({ ...account, tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt });
        return;
      }
      case 'UserDeactivated': {
        const account = existing(event.data.userId);
        if (account) put({ ...account, status: 'deactivated' });
        return;
      }
      case 'UserReactivated': {
        const account = existing(event.data.userId);
        if (account) put({ ...account, status: account.passwordHash ? 'active' : 'invited' });
        return;
      }
      default:
    }
  },
  read: (sql: Statements): AccountsState => ({
    byId: { get: (userId) => parse(sql.byId.get(userId) as { account: string } | undefined) },
    byLogin: { get: (loginName) => (sql.byLogin.get(loginName) as { userId: string } | undefined)?.userId },
    byToken: { get: (tokenHash) => (sql.byToken.get(tokenHash) as { userId: string } | undefined)?.userId },
    *matching({ role, status, q }) {
      const text = q?.trim().toLowerCase() || null;
      for (const row of sql.matching.iterate(role ?? null, status ?? null, text) as Iterable<{ account: string }>) yield parse(row)!;
    },
    ofUnit: (unitId, role) => (sql.ofUnit.all(unitId, role ?? null) as { account: string }[]).map((row) => parse(row)!),
  }),
};

export function hasAdministrator(state: AccountsState): boolean {
  for (const _ of state.matching({ role: 'administrator' })) return true;
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
  const kept: Account[] = [];
  for (const account of state.matching(filter)) if (visible(account)) kept.push(account);
  const { column, direction } = sortOrder(filter.sort);
  const key = (account: Account): string =>
    column === 'displayName'
      ? account.displayName
      : column === 'role'
        ? account.role
        : column === 'status'
          ? account.status
          : column === 'since'
            ? account.since
            : account.loginName;
  // Ties fall back to the login name, which is unique: the order is total, so pages never overlap.
  kept.sort((a, b) => direction * (byText(key(a), key(b)) || (a.loginName < b.loginName ? -1 : a.loginName > b.loginName ? 1 : 0)));
  return pageOf(kept, page);
}
