import { z } from 'zod';
import { displayName, loginName, roles } from '../../events/catalog/account.ts';

const password = z.string().min(10, { error: 'passwordTooShort' }).max(200, { error: 'tooLong' });

export const setupSchema = z.object({ submissionId: z.uuid({ error: 'invalidFormat' }), loginName, displayName, password });
export const signInSchema = z.object({
  loginName: z.string().trim().toLowerCase().min(1, { error: 'required' }).max(64),
  password: z.string().min(1, { error: 'required' }).max(200),
});
export const inviteSchema = z.object({
  submissionId: z.uuid({ error: 'invalidFormat' }),
  loginName,
  displayName,
  role: z.enum(roles.filter((role) => role !== 'administrator') as ['manager', 'secretary', 'researcher'], { error: 'invalidOption' }),
  unitIds: z.array(z.uuid({ error: 'invalidOption' })).min(1, { error: 'required' }).max(50),
});
export const acceptSchema = z.object({ submissionId: z.uuid({ error: 'invalidFormat' }), password });
export const deactivateSchema = z.object({ submissionId: z.uuid({ error: 'invalidFormat' }) });
