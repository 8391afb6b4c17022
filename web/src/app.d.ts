import type { Locale } from '../../events/catalog/labels.ts';
import type { ApiClient } from '#lib/server/api.ts';
import type { SessionUser } from '#lib/server/session.ts';

declare global {
  namespace App {
    interface Locals {
      locale: Locale;
      api: ApiClient;
      /** The signed-in user (null on the few pages that need no sign-in). */
      user: SessionUser | null;
    }
    interface Error {
      message: string;
    }
  }
}
