import { failPage, problemOf } from '#lib/server/forms.ts';
import { findingFilters } from '#lib/server/research.ts';
import { listState } from '#lib/listState.ts';
import type { PageServerLoad } from './$types';

const FILTERS = ['q', 'topic', 'teamId', 'regionId', 'from', 'to'] as const;

/** Findings matching the address's filters (a GET form, so a search can be linked to and exported as it is). */
export const load: PageServerLoad = async ({ locals, url }) => {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, url.searchParams.get(name)?.trim() ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const query = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ''));
  // The order and the page, also from the address; the export takes every finding the filters match.
  const list = listState(url, FILTERS);
  const [response, options] = await Promise.all([locals.api.api.findings.$get({ query: { ...query, ...list.query } }), findingFilters(locals.api)]);
  const base = { filters, list, ...options };
  if (response.status === 400) {
    // A filter the API refuses (too long a keyword, a date not a date): its message beside it.
    const problem = await problemOf(response);
    const errors: Record<string, string> = {};
    for (const item of problem.errors ?? []) errors[item.field] ??= item.message;
    return { ...base, findings: null, total: 0, nextCursor: null, errors };
  }
  if (!response.ok) return failPage(response);
  const { findings, total, nextCursor } = await response.json();
  return { ...base, findings, total, nextCursor, errors: {} as Record<string, string> };
};
