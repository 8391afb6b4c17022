/**
 * Who is signed in, asked of the API once per page request; and the one rule of which pages
 * need it: all but sign-in, first-run set-up, sign-out, invitations and the language switch.
 */
import type { InferResponseType } from 'hono/client';
import type { ApiClient } from './api.ts';

export type SessionUser = InferResponseType<ApiClient['api']['session']['$get'], 200>['user'];

const PUBLIC = /^\/(?:login|setup|logout|lang)\/?$|^\/invite\/[^/]+\/?$/;

export const isPublic = (pathname: string) => PUBLIC.test(pathname);

export async function currentUser(api: ApiClient): Promise<SessionUser | null> {
  const response = await api.api.session.$get();
  return response.status === 200 ? (await response.json()).user : null;
}

export async function setupNeeded(api: ApiClient): Promise<boolean> {
  const response = await api.api.setup.$get();
  return response.status === 200 && (await response.json()).needed;
}

export const mayManage = (user: SessionUser | null) => user?.role === 'administrator' || user?.role === 'manager';
