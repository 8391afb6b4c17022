/**
 * A paged list's state lives in the page's address, so a view can be bookmarked and shared:
 * `limit`, `sort`, the filters, the `cursor` of the page shown, and `back` — the cursors of the
 * pages before it (`-` for the first), so "previous" needs no server memory.
 */
export interface ListState {
  /** What the API is asked: limit, sort, cursor and the filters given. */
  query: Record<string, string>;
  /** Cursors of the pages before this one, oldest first. */
  back: string[];
  limit: number;
  /** Before `cursor` and `back` in the address, for a second list on a page. */
  prefix: string;
}

/** The page's address (a URL, or SvelteKit's read-only `page.url`). */
export interface Address {
  href: string;
  searchParams: { get(key: string): string | null };
}

const CURSOR = /^[A-Za-z0-9_.:-]{1,200}$/;
const MAX_BACK = 200;

/**
 * `prefix` names a second list on the same page (`returnedCursor`, `returnedBack`): each list
 * pages on its own.
 */
export function listState(url: Address, filters: readonly string[], defaults: { limit?: number; prefix?: string } = {}): ListState {
  const params = url.searchParams;
  const prefix = defaults.prefix ?? '';
  const query: Record<string, string> = {};
  for (const key of ['limit', 'sort', ...filters]) {
    const value = params.get(key);
    if (value) query[key] = value;
  }
  const cursor = params.get(`${prefix}cursor`);
  if (cursor && CURSOR.test(cursor)) query.cursor = cursor;
  const back = (params.get(`${prefix}back`) ?? '')
    .split(',')
    .filter((part) => part === '-' || CURSOR.test(part))
    .slice(-MAX_BACK);
  const limit = Number(query.limit ?? defaults.limit ?? 50);
  return { query, back: query.cursor ? back : [], limit: Number.isInteger(limit) && limit > 0 ? limit : 50, prefix };
}

/** The address with some parameters changed (null removes one). */
export function hrefWith(url: Address, changes: Record<string, string | null>): string {
  const next = new URL(url.href);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') next.searchParams.delete(key);
    else next.searchParams.set(key, value);
  }
  return `${next.pathname}${next.search}`;
}

/** A new order or filter starts again from the first page. */
export const firstPage = { cursor: null, back: null } as const;

export function pageLinks(url: Address, state: ListState, nextCursor: string | null) {
  const here = state.query.cursor ?? '-';
  const previous = state.back.at(-1);
  const cursor = `${state.prefix}cursor`;
  const back = `${state.prefix}back`;
  return {
    first: state.query.cursor ? hrefWith(url, { [cursor]: null, [back]: null }) : null,
    previous:
      previous === undefined ? null : hrefWith(url, { [cursor]: previous === '-' ? null : previous, [back]: state.back.slice(0, -1).join(',') || null }),
    next: nextCursor ? hrefWith(url, { [cursor]: nextCursor, [back]: [...state.back, here].slice(-MAX_BACK).join(',') }) : null,
  };
}

/** The link of a sortable column's header: ascending first, then descending; and its aria-sort. */
export function sortLink(url: Address, column: string, current: string) {
  const ascending = current === column;
  const descending = current === `-${column}`;
  return {
    href: hrefWith(url, { ...firstPage, sort: ascending ? `-${column}` : column }),
    ariaSort: (ascending ? 'ascending' : descending ? 'descending' : 'none') as 'ascending' | 'descending' | 'none',
  };
}

/** The page sizes a list offers, and the one in the address when it is another. */
export function pageSizes(limit: number): number[] {
  return [...new Set([20, 50, 100, 200, limit])].sort((a, b) => a - b);
}
