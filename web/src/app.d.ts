import type { Locale } from '../../events/catalog/labels.ts';
import type { ApiClient } from '#lib/server/api.ts';

declare global {
  namespace App {
    interface Locals {
      locale: Locale;
      api: ApiClient;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
