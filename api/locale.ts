import type { Context } from 'hono';
import type { Locale } from '../events/catalog/labels.ts';

/** The caller's language: English when Accept-Language prefers it, Chinese otherwise. */
export function requestLocale(c: Context): Locale {
  const header = c.req.header('accept-language') ?? '';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
