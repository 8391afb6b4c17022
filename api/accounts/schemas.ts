import { z } from 'zod';
import { cleanLine } from '../../events/catalog/text.ts';
import { displayName, email, loginName, phone, roles } from '../../events/catalog/account.ts';
import { COMMON_PASSWORDS } from '../auth/commonPasswords.ts';
import { pageQuery } from '../paging.ts';
import { afterQuery } from '../readYourWrites.ts';

/**
 * A new password: ten characters or more, not only spaces, not one character repeated, and not
 * one of the passwords people choose most (api/auth/commonPasswords.ts).
 */
const password = z
  .string()
  .min(10, { error: 'passwordTooShort' })
  .max(200, { error: 'tooLong' })
  .refine((text) => text.trim() !== '', { error: 'passwordBlank' })
  .refine((text) => new Set(text.trim()).size > 1, { error: 'passwordRepeated' })
  .refine((text) => !COMMON_PASSWORDS.has(text.trim().toLowerCase()), { error: 'passwordCommon' });

const cleanDisplayName = cleanLine(displayName);

export const setupSchema = z.object({ submissionId: z.uuid({ error: 'invalidFormat' }), loginName, displayName: cleanDisplayName, password });
export const signInSchema = z.object({
  loginName: z.string().trim().toLowerCase().min(1, { error: 'required' }).max(64),
  password: z.string().min(1, { error: 'required' }).max(200),
});
export const inviteSchema = z.object({
  submissionId: z.uuid({ error: 'invalidFormat' }),
  loginName,
  displayName: cleanDisplayName,
  role: z.enum(roles.filter((role) => role !== 'administrator') as ['manager', 'secretary', 'researcher'], { error: 'invalidOption' }),
  unitIds: z
    .array(z.uuid({ error: 'invalidOption' }))
    .min(1, { error: 'required' })
    .max(50),
  // A blank box is no contact, not an error.
  email: z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), email.optional()),
  phone: z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), phone.optional()),
});
export const acceptSchema = z.object({ submissionId: z.uuid({ error: 'invalidFormat' }), password });
export const deactivateSchema = z.object({ submissionId: z.uuid({ error: 'invalidFormat' }) });

/** The users list: paged, filtered by role, status and name, sorted. */
export const usersQuery = afterQuery.extend(pageQuery(['loginName', 'displayName', 'role', 'status', 'since'], 'loginName').shape).extend({
  role: z.enum(roles).optional(),
  status: z.enum(['invited', 'active', 'deactivated']).optional(),
  q: z.string().trim().max(40, { error: 'tooLong' }).optional(),
});
/** The users list downloaded: its filter and order, every row, as .xlsx or .csv. */
export const usersExportQuery = usersQuery
  .omit({ limit: true, cursor: true })
  .extend({ format: z.enum(['xlsx', 'csv'], { error: 'invalidOption' }).default('xlsx') });
