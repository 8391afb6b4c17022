import { z } from 'zod';

/**
 * The query of a paged list: how many rows (`limit`, 1–200, 50 by default), where to go on
 * from (`cursor`: the `nextCursor` of the previous page, opaque to the caller), and the order
 * (`sort`: a column, `-column` for descending). Each list names the columns it sorts by.
 */
export function pageQuery<const Columns extends readonly [string, ...string[]]>(columns: Columns, defaultSort: Columns[number] | `-${Columns[number]}`) {
  const sorts = columns.flatMap((column) => [column, `-${column}`]) as [string, ...string[]];
  return z.object({
    limit: z.coerce.number().int({ error: 'wholeNumber' }).min(1).max(200).default(50),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,200}$/, { error: 'invalidFormat' })
      .optional(),
    sort: z.enum(sorts).default(defaultSort),
  });
}

/** A page of a list as every paged route answers it: the rows, the total matching, and the cursor of the next page. */
export interface Page<Row> {
  rows: Row[];
  total: number;
  nextCursor: string | null;
}
