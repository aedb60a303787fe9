import { createHash } from 'node:crypto';
import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.js';

/** Rows of a raw query, the same on PGlite and node-postgres. */
export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

/**
 * The SQL text of a query, built as `db.execute` builds it. `PgDialect` and its `sqlToQuery` are public
 * (drizzle-orm/pg-core); ours is the default one, as is the databases' (client.ts passes no `casing`), and
 * sql.test.ts checks that both build the same text.
 */
const dialect = new PgDialect();

/**
 * Rows of a raw query sent as a named prepared statement on the PostgreSQL server, so that each pooled
 * connection plans the query's shape once instead of on every request (planning was as long as running
 * the project list's query). The name is derived from the SQL text: one per shape of filters, never two
 * texts under one name. PGlite runs it as any other query. The rows are those of `rows()`: the same
 * session and the same prepared-query class (so the same type parsers: timestamps as text), only named.
 *
 * Drizzle 0.45 has no documented way to name a raw statement: `db.execute` passes no name, and `.prepare(name)`
 * exists only on query builders (these queries are raw SQL, and a builder maps rows through its fields). So
 * this takes the step `db.execute` takes itself, with a name, through members the published types declare
 * public (none `@internal`, no cast): `db._.session` — a transaction's is its own, on its connection — and
 * `PgSession.prepareQuery(query, fields, name, arrayMode)`. sql.test.ts fails if they change shape and, on
 * PostgreSQL, if the named statement is not prepared on the connection (docs/PERFORMANCE.md, issue 14 §6).
 */
export async function preparedRows<T>(db: DbOrTx, label: string, query: SQL): Promise<T[]> {
  const built = dialect.sqlToQuery(query);
  const name = `${label}_${createHash('sha1').update(built.sql).digest('hex').slice(0, 16)}`;
  const prepared = db._.session.prepareQuery<{ execute: { rows: T[] }; all: unknown; values: unknown }>(built, undefined, name, false);
  return (await prepared.execute()).rows;
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
