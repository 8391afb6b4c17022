/**
 * Paging a list worked out in full (a computed dashboard's rows): filter, sort, then the page
 * after `cursor`. The cursor is the number of rows before the page, so a page is found in one
 * step; an out-of-range cursor gives an empty page, never an error.
 */
export interface PageRequest {
  limit: number;
  cursor?: string | null;
}
export interface ListPage<Row> {
  rows: Row[];
  total: number;
  nextCursor: string | null;
}

export function pageOf<Row>(rows: readonly Row[], { limit, cursor }: PageRequest): ListPage<Row> {
  const start = cursor && /^\d{1,9}$/.test(cursor) ? Number(cursor) : 0;
  const page = rows.slice(start, start + limit);
  return { rows: page, total: rows.length, nextCursor: start + limit < rows.length ? String(start + limit) : null };
}

/** A sort key as a list takes it: `column` ascending, `-column` descending. */
export function sortOrder(sort: string): { column: string; direction: 1 | -1 } {
  return sort.startsWith('-') ? { column: sort.slice(1), direction: -1 } : { column: sort, direction: 1 };
}

const collate = new Intl.Collator('zh-CN').compare;

/**
 * Rows sorted by the column `sort` names (`-` for descending), each column read by its key
 * function; ties keep the rows' given order (Array.prototype.sort is stable).
 */
export function sortRows<Row>(rows: readonly Row[], sort: string, keys: Record<string, (row: Row) => string | number>): Row[] {
  const { column, direction } = sortOrder(sort);
  const key = keys[column];
  if (!key) return [...rows];
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return direction * (typeof x === 'number' && typeof y === 'number' ? x - y : collate(String(x), String(y)));
  });
}
