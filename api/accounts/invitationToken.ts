/**
 * An invitation's secret: a random token that exists only in the answer to the inviter (as a
 * link); the log keeps its SHA-256 hash, which is how the invitation is found when it is opened.
 */
import { createHash, randomBytes } from 'node:crypto';

/** How long an invitation link stays valid. */
export const INVITATION_DAYS = 14;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A fresh token, its hash for the log, and when it expires (counted from `now`). */
export function newInvitation(now: Date): { token: string; tokenHash: string; expiresAt: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString() };
}
