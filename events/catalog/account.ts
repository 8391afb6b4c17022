/**
 * Accounts and roles. A password is kept only as a scrypt hash (memory-hard, salted); the
 * plain password never reaches the log. An invitation's token is kept only as a SHA-256 hash.
 */
import { z } from 'zod';
import { defineEvent } from './define.ts';

export const roles = ['administrator', 'manager', 'secretary', 'researcher'] as const;
export type Role = (typeof roles)[number];

const userId = z.uuid();
export const loginName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, { error: 'invalidLogin' });
export const displayName = z.string().trim().min(1, { error: 'required' }).max(40, { error: 'tooLong' });
const passwordHash = z.string().startsWith('scrypt$');
/** How a person is reached outside the app (reminders by email; a phone for the township to call). */
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(120, { error: 'tooLong' })
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: 'invalidEmail' });
export const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{5,19}$/, { error: 'invalidPhone' });

/** The first administrator, set up on an empty store (首次设置). */
export const AdministratorSetUp = defineEvent({
  type: 'AdministratorSetUp',
  version: 1,
  upcasters: {},
  schema: z.object({ userId, loginName, displayName, passwordHash }),
});

/**
 * A user invited into a scope: a manager of a unit (sees its subtree), a branch secretary of
 * one organisation, or a researcher with the regions assigned to them.
 */
export const UserInvited = defineEvent({
  type: 'UserInvited',
  version: 1,
  upcasters: {},
  schema: z.object({
    userId,
    loginName,
    displayName,
    role: z.enum(roles),
    /** The units the role applies to: one for a manager or secretary, one or more regions for a researcher. */
    unitIds: z.array(z.uuid()).max(50),
    tokenHash: z.string().length(64),
    expiresAt: z.iso.datetime(),
    /** Contact details, when the inviter gave them: absent in invitations made before they were asked for. */
    email: email.optional(),
    phone: phone.optional(),
  }),
});

export const InvitationAccepted = defineEvent({
  type: 'InvitationAccepted',
  version: 1,
  upcasters: {},
  schema: z.object({ userId, passwordHash }),
});

/**
 * A fresh invitation link for an account not yet accepted (the first was lost or expired): the old
 * token stops working, the new one is kept only as its hash.
 */
export const InvitationRenewed = defineEvent({
  type: 'InvitationRenewed',
  version: 1,
  upcasters: {},
  schema: z.object({ userId, tokenHash: z.string().length(64), expiresAt: z.iso.datetime() }),
});

export const UserDeactivated = defineEvent({
  type: 'UserDeactivated',
  version: 1,
  upcasters: {},
  schema: z.object({ userId }),
});

/** A deactivated account is let in again (by someone above it): as it was before, active or still invited. */
export const UserReactivated = defineEvent({
  type: 'UserReactivated',
  version: 1,
  upcasters: {},
  schema: z.object({ userId }),
});
