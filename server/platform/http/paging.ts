import { encodeCursor } from '../../../contracts/common.js';

/**
 * One keyset page from rows fetched with `limit + 1` in the list's order: the page's rows, and the cursor of its
 * last row when another page follows (null on the last page). `keyOf` gives the sort key the list's query compares
 * the cursor with — the same columns, in the same order, as its `order by`.
 */
export function keysetPage<T>(rows: readonly T[], limit: number, keyOf: (row: T) => (string | number)[]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(keyOf(items[items.length - 1])) : null };
}
