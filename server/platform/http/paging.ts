import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
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

/**
 * The rows after a cursor in a list ordered by `columns`, all ascending (`'asc'`) or all descending (`'desc'`), as a
 * row-value comparison — `(a, b, id) > (…)` — which an index on the same columns serves. `values` are the decoded
 * cursor's parts, each cast to its column's type; no cursor (the first page) gives no condition.
 */
export function keysetAfter(direction: 'asc' | 'desc', columns: readonly SQLWrapper[], values: readonly SQL[] | null): SQL | undefined {
  if (!values) return undefined;
  const op = direction === 'asc' ? sql`>` : sql`<`;
  return sql`(${sql.join([...columns], sql`, `)}) ${op} (${sql.join([...values], sql`, `)})`;
}

/**
 * A timestamptz as ISO 8601 text with all six fractional digits, for a cursor. A JavaScript Date keeps only
 * milliseconds: a cursor made from one would skip the rows that share its millisecond but not its microsecond.
 * Read it beside the row (`select …, key: timestampKey(t.createdAt)`) and compare with `${part}::timestamptz`.
 */
export function timestampKey(column: SQLWrapper): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
