import { createHash } from 'node:crypto';
import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { DbOrTx } from './client.js';

/** Rows of a raw query, the same on PGlite and node-postgres. */
export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Rows of a raw query sent as a named prepared statement on the PostgreSQL server, so that each pooled
 * connection plans the query's shape once instead of on every request (planning was as long as running
 * the project list's query). The name is derived from the SQL text: one per shape of filters, never two
 * texts under one name. PGlite runs it as any other query.
 */
export async function preparedRows<T>(db: DbOrTx, label: string, query: SQL): Promise<T[]> {
  // The same steps as drizzle's `execute`, with a name (its session API takes one; `execute` passes none).
  const d = db as unknown as {
    dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } };
    session: { prepareQuery(q: { sql: string; params: unknown[] }, fields: undefined, name: string, arrayMode: boolean): { execute(): Promise<unknown> } };
  };
  const built = d.dialect.sqlToQuery(query);
  const name = `${label}_${createHash('sha1').update(built.sql).digest('hex').slice(0, 16)}`;
  const result = (await d.session.prepareQuery(built, undefined, name, false).execute()) as { rows: T[] };
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
