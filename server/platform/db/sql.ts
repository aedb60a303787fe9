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

/** The PostgreSQL error behind a failed query (Drizzle wraps it in `cause`), if there is one. */
export function pgErrorOf(err: unknown): { code: string; constraint: string } | null {
  for (let e = err as { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      const constraint = typeof e.constraint === 'string' ? e.constraint : (/constraint "([^"]+)"/.exec(String(e.message))?.[1] ?? '');
      return { code: e.code, constraint };
    }
  }
  return null;
}
