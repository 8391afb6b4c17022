/**
 * Checks an uploaded invitation sheet against the tree, the accounts and the inviter's scope, and
 * plans one invitation per good row. A dry run shows the plan and every bad row; "邀请" runs it.
 *
 * Scope before existence: a unit is looked up among the units the inviter may invite into, so a
 * code outside their scope reads exactly as a code that does not exist.
 * Idempotent by login name: a row whose login name already belongs to the same person (same name,
 * role and unit) is "already invited" and planned as nothing, so a sheet uploaded twice invites once.
 */
import type { Role } from '../../../events/catalog/account.ts';
import { email as emailSchema, loginName as loginNameSchema, phone as phoneSchema, displayName as displayNameSchema } from '../../../events/catalog/account.ts';
import { cleanLine } from '../../../events/catalog/text.ts';
import { uuidFromName } from '../../../events/ids.ts';
import type { AccountsState } from '../../../projections/accounts.ts';
import type { OrganisationTreeState } from '../../../projections/organisationTree.ts';
import { isOpen, view } from '../../../projections/organisationTreeQueries.ts';
import { canInvite, unitsWithCode, type Actor } from '../../auth/scope.ts';
import type { Table } from '../../tables/index.ts';
import { invitationColumnFor, isInvitationNoteRow, isSampleRow, parseRole, roleWords, type InvitationColumnKey, type InvitedRole } from './layout.ts';

export type InvitationProblem =
  | 'missingColumn'
  | 'required'
  | 'tooLong'
  | 'unknownCode'
  | 'ambiguousCode'
  | 'unitClosed'
  | 'badRole'
  | 'wrongRoleForUnit'
  | 'badPhone'
  | 'badEmail'
  | 'invalidLogin'
  | 'duplicateLogin'
  | 'loginTaken';

export interface InvitationRowError {
  line: number;
  column: InvitationColumnKey | null;
  problem: InvitationProblem;
  value: string;
}

export interface PlannedInvitation {
  line: number;
  unitId: string;
  unitCode: string;
  unitName: string;
  displayName: string;
  role: InvitedRole;
  loginName: string;
  /** The login name was made from the unit code and role (the 用户名 cell was empty). */
  derived: boolean;
  email?: string;
  phone?: string;
}

export interface InvitationPlan {
  invitations: PlannedInvitation[];
  errors: InvitationRowError[];
  summary: { invite: number; alreadyInvited: number; samples: number };
}

interface CheckedRow extends Omit<PlannedInvitation, 'loginName' | 'derived'> {
  given: string | null;
}

const blankToUndefined = (text: string) => (text.trim() === '' ? undefined : text);
const cleanName = cleanLine(displayNameSchema);

/** Rows checked between two turns of the event loop: a province's sheet never holds it for long. */
const ROWS_PER_TURN = 200;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function planInvitations(table: Table, tree: OrganisationTreeState, accounts: AccountsState, actor: Actor): Promise<InvitationPlan> {
  const errors: InvitationRowError[] = [];
  const summary: InvitationPlan['summary'] = { invite: 0, alreadyInvited: 0, samples: 0 };
  const headers = new Map<InvitationColumnKey, string>();
  for (const header of table.headers) {
    const key = invitationColumnFor(header);
    if (key && !headers.has(key)) headers.set(key, header);
  }
  for (const key of ['unitCode', 'displayName', 'role'] as const) {
    if (!headers.has(key)) errors.push({ line: 1, column: key, problem: 'missingColumn', value: '' });
  }
  if (errors.length > 0) return { invitations: [], errors, summary };

  const checked: CheckedRow[] = [];
  /** Every login name written in the sheet, good row or bad: a duplicate is a duplicate even of a bad row. */
  const written = new Set<string>();
  for (const [index, row] of table.rows.entries()) {
    if (index % ROWS_PER_TURN === ROWS_PER_TURN - 1) await nextTurn();
    const cell = (key: InvitationColumnKey) => {
      const header = headers.get(key);
      return header ? (row.cells[header] ?? '') : '';
    };
    const bad = (column: InvitationColumnKey, problem: InvitationProblem) => {
      errors.push({ line: row.line, column, problem, value: cell(column) });
    };
    const code = cell('unitCode');
    if (isInvitationNoteRow(code)) continue;
    if (isSampleRow(code)) {
      summary.samples++;
      continue;
    }
    const before = errors.length;

    const role = parseRole(cell('role'));
    if (!role) bad('role', cell('role') ? 'badRole' : 'required');
    let unit: { id: string; name: string } | null = null;
    if (!code) bad('unitCode', 'required');
    else {
      // Only units the inviter may invite into are found: outside the scope is unknown.
      const ids = unitsWithCode(tree, actor, code).filter((id) => canInvite(tree, actor, role ?? 'secretary', [id]));
      if (ids.length > 1) bad('unitCode', 'ambiguousCode');
      else if (ids.length === 0) bad('unitCode', 'unknownCode');
      else {
        const node = tree.units.get(ids[0]!)!;
        if (!isOpen(node, null)) bad('unitCode', 'unitClosed');
        else if (role && !fitsUnit(role, node.kind)) bad('role', 'wrongRoleForUnit');
        else unit = { id: node.id, name: view(node).name };
      }
    }
    const name = cleanName.safeParse(cell('displayName'));
    if (!name.success) bad('displayName', cell('displayName').trim() ? 'tooLong' : 'required');
    const phone = phoneSchema.optional().safeParse(blankToUndefined(cell('phone')));
    if (!phone.success) bad('phone', 'badPhone');
    const email = emailSchema.optional().safeParse(blankToUndefined(cell('email')));
    if (!email.success) bad('email', 'badEmail');
    let given: string | null = null;
    if (cell('loginName')) {
      const login = loginNameSchema.safeParse(cell('loginName'));
      if (!login.success) bad('loginName', 'invalidLogin');
      else if (written.has(login.data)) bad('loginName', 'duplicateLogin');
      else given = login.data;
      if (login.success) written.add(login.data);
    }
    if (errors.length > before || !unit || !role || !name.success) continue;
    checked.push({
      line: row.line,
      unitId: unit.id,
      unitCode: code,
      unitName: unit.name,
      displayName: name.data,
      role,
      given,
      ...(email.success && email.data ? { email: email.data } : {}),
      ...(phone.success && phone.data ? { phone: phone.data } : {}),
    });
  }

  const invitations: PlannedInvitation[] = [];
  /** Login names this plan hands out: a derived name never takes a name written in the sheet, nor another row's. */
  const handedOut = new Set(written);
  for (const [index, row] of checked.entries()) {
    if (index % ROWS_PER_TURN === ROWS_PER_TURN - 1) await nextTurn();
    const { given, ...person } = row;
    const holder = (login: string) => {
      const account = accounts.byId.get(accounts.byLogin.get(login) ?? '');
      return !account ? 'free' : samePerson(account, person) ? 'same' : 'other';
    };
    if (given !== null) {
      const held = holder(given);
      if (held === 'other') {
        errors.push({ line: row.line, column: 'loginName', problem: 'loginTaken', value: given });
        continue;
      }
      if (held === 'same') {
        summary.alreadyInvited++;
        continue;
      }
      invitations.push({ ...person, loginName: given, derived: false });
      continue;
    }
    // The first candidate that is free, or already this person's (a re-run finds the same name).
    for (const candidate of derivedLoginNames(row.unitCode, row.role)) {
      const held = holder(candidate);
      if (held === 'same' && !handedOut.has(candidate)) {
        handedOut.add(candidate);
        summary.alreadyInvited++;
        break;
      }
      if (held === 'free' && !handedOut.has(candidate)) {
        handedOut.add(candidate);
        invitations.push({ ...person, loginName: candidate, derived: true });
        break;
      }
    }
  }
  summary.invite = invitations.length;
  errors.sort((a, b) => a.line - b.line);
  return { invitations, errors, summary };
}

/** A secretary is of one organisation (团组织); a manager or researcher of a province, city, county or township. */
export function fitsUnit(role: InvitedRole, kind: string): boolean {
  return role === 'secretary' ? kind === 'organisation' : kind !== 'organisation';
}

function samePerson(
  account: { displayName: string; role: Role; unitIds: string[] },
  person: { displayName: string; role: InvitedRole; unitId: string },
): boolean {
  return account.displayName === person.displayName && account.role === person.role && account.unitIds.length === 1 && account.unitIds[0] === person.unitId;
}

/**
 * The login names a row without one may get, in order: `<code>.<sj|dy|gl>`, then `-2`, `-3`, ….
 * The code is lower-cased and kept to letters, digits, '.', '_' and '-'; a code with none of those
 * (or a long one) is shortened with a hash of itself, so the name stays valid, short and stable.
 */
export function* derivedLoginNames(unitCode: string, role: InvitedRole): Generator<string> {
  let slug = unitCode
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '')
    .replace(/^[._-]+/, '');
  const hash = uuidFromName(`login-code:${unitCode}`).replace(/-/g, '').slice(0, 8);
  if (slug === '') slug = `u${hash}`;
  else if (slug !== unitCode.toLowerCase() || slug.length > 24) slug = `${slug.slice(0, 15)}${hash}`;
  if (slug.length < 2) slug = `${slug}0`;
  const base = `${slug}.${roleWords[role].suffix}`;
  yield base;
  for (let n = 2; n < 10_000; n++) yield `${base}-${n}`;
}
