import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { DbOrTx } from './client.js';

/** Rows of a raw query, the same on PGlite and node-postgres. */
export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * `path` lies in the subtree rooted at `prefix`: a range over the text_pattern_ops index, which also
 * works when the prefix is another column (a LIKE pattern built from a column cannot use the index).
 */
export function inSubtree(path: AnyColumn | SQL, prefix: string | AnyColumn | SQL): SQL {
  return sql`(${path} ~>=~ ${prefix} and ${path} ~<~ (${prefix} || '~'))`;
}

export const toIso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
